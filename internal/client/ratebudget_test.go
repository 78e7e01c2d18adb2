package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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

func TestA429WithoutRetryAfterHoldsTheWholeClient(t *testing.T) {
	// IT Glue sends no Retry-After. After one request's 429, the others
	// must wait out its backoff too rather than spend more of the budget.
	// The client's clock is fake (waits are recorded, not slept), and the
	// first request is not retried, so the second one is the next to go.
	c, mux := setup(t, WithBackoff(200*time.Millisecond, 200*time.Millisecond), WithMaxRetries(0))
	clock := useFakeClock(c)
	mux.HandleFunc("GET /organizations/1", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 429, `{"errors":[{"status":429,"title":"Too Many Requests"}]}`)
	})
	var second time.Time // when request 2 went out, on the client's clock
	mux.HandleFunc("GET /organizations/2", func(w http.ResponseWriter, r *http.Request) {
		second = clock.now()
		reply(w, 200, orgBody)
	})
	limited := clock.now()
	if _, err := c.Organizations.Get(context.Background(), 1); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("request 1: %v, want ErrRateLimited", err)
	}
	if _, err := c.Organizations.Get(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	// The backoff is jittered within [100 ms, 200 ms].
	if d := second.Sub(limited); d < 100*time.Millisecond || d > 200*time.Millisecond {
		t.Errorf("request 2 went out %s after the 429, want it held for the backoff (100 to 200 ms); waits %v", d, clock.slept)
	}
}

func TestBackoffIsJitteredExponentialAndCapped(t *testing.T) {
	c, err := New(Config{BaseURL: "https://api.itglue.com", APIKey: testKey}, WithBackoff(100*time.Millisecond, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		attempt int
		ceil    time.Duration
	}{{0, 100 * time.Millisecond}, {1, 200 * time.Millisecond}, {3, 800 * time.Millisecond}, {4, time.Second}, {40, time.Second}}
	for _, tt := range tests {
		seen := map[time.Duration]bool{}
		for range 200 {
			d := c.backoff(tt.attempt)
			if d < tt.ceil/2 || d > tt.ceil {
				t.Fatalf("backoff(%d) = %s, want within [%s, %s]", tt.attempt, d, tt.ceil/2, tt.ceil)
			}
			seen[d] = true
		}
		if len(seen) < 100 {
			t.Errorf("backoff(%d) gave %d distinct delays in 200 draws, want jitter", tt.attempt, len(seen))
		}
	}
}
