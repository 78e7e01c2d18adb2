package sandbox_test

import (
	"sync"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// fakeClock is a settable clock for rate-limit tests.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func TestRateLimit(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	a := newAPI(t, func(o *sandbox.Options) {
		o.RateLimit, o.RateWindow, o.Now = 3, 10*time.Second, clock.Now
	})
	for i := 0; i < 3; i++ {
		a.do("GET", "/organizations", nil).must(t, 200)
	}
	clock.advance(4 * time.Second)
	r := a.do("GET", "/organizations", nil).must(t, 429)
	if got := r.header.Get("Retry-After"); got != "6" {
		t.Errorf("Retry-After = %q; want the 6 seconds left in the window", got)
	}
	if got := r.str("errors.0.status"); got != "429" {
		t.Errorf("errors[0].status = %s; want 429", got)
	}
	// Another key has its own budget (it is still unauthorized, though).
	other := a.send("GET", "/organizations", nil, map[string]string{"x-api-key": "ITG.other"})
	if other.status != 401 {
		t.Errorf("another key: status %d; want 401", other.status)
	}
	clock.advance(6 * time.Second)
	a.do("GET", "/organizations", nil).must(t, 200)
}

func TestRateLimitDefaultIs3000(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	srv, err := sandbox.New(sandbox.Options{APIKey: "ITG.k", Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[int]int{}
	for i := 0; i < 3001; i++ {
		codes[serveStatus(srv, "ITG.k")]++
	}
	if codes[200] != 3000 || codes[429] != 1 {
		t.Errorf("statuses %v; want 3000 OK then a 429", codes)
	}
	clock.advance(300 * time.Second)
	if got := serveStatus(srv, "ITG.k"); got != 200 {
		t.Errorf("after 300 s: status %d; want 200", got)
	}
}

func TestNegativeRateLimitIsUnlimited(t *testing.T) {
	srv, _ := sandbox.New(sandbox.Options{APIKey: "ITG.k", RateLimit: -1, RateWindow: time.Hour})
	for i := 0; i < 5000; i++ {
		if got := serveStatus(srv, "ITG.k"); got != 200 {
			t.Fatalf("request %d: status %d", i, got)
		}
	}
}
