package client

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestDefaultBudgetStaysUnderTheAPILimit(t *testing.T) {
	c, err := New(Config{BaseURL: "https://api.itglue.com", APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	// Ask for a token every 10 ms of simulated time for 20 minutes and count
	// what the bucket grants in every 300 s window.
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var granted []time.Time
	for d := time.Duration(0); d < 20*time.Minute; d += 10 * time.Millisecond {
		if now := start.Add(d); c.limiter.AllowN(now, 1) {
			granted = append(granted, now)
		}
	}
	worst, lo := 0, 0
	for hi := range granted {
		for granted[hi].Sub(granted[lo]) >= 300*time.Second {
			lo++
		}
		worst = max(worst, hi-lo+1)
	}
	if worst > 3000 || worst < 2500 {
		t.Errorf("busiest 300 s window granted %d requests, want between 2500 and the API's 3000", worst)
	}
}

func TestClientNeverPrintsKey(t *testing.T) {
	c, err := New(Config{BaseURL: "https://api.itglue.com", APIKey: testKey})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{fmt.Sprint(c), fmt.Sprintf("%v %+v %#v %s", c, c, c, c)} {
		if strings.Contains(s, testKey) {
			t.Errorf("formatted client leaks the key: %s", s)
		}
	}
}
