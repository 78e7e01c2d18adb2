package client

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"testing"
	"time"
)

// settledGoroutines waits for the goroutine count to fall to at most want
// and returns the last count seen.
func settledGoroutines(want int) int {
	n := runtime.NumGoroutine()
	for deadline := time.Now().Add(5 * time.Second); n > want && time.Now().Before(deadline); n = runtime.NumGoroutine() {
		time.Sleep(10 * time.Millisecond)
	}
	return n
}

func TestCancelMidPaginationReturnsPromptlyWithoutLeaks(t *testing.T) {
	tr := &http.Transport{}
	c, mux := setup(t, WithPageSize(10), WithConcurrency(4), WithHTTPClient(&http.Client{Transport: tr}))
	p := &pages{n: 500, kind: "organizations"} // 50 pages
	started := make(chan struct{}, 100)
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) }) // runs before the server closes
	mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page[number]") == "1" {
			p.ServeHTTP(w, r)
			return
		}
		started <- struct{}{}
		select { // later pages hang until the client gives up
		case <-r.Context().Done():
		case <-stop:
		}
	})
	base := runtime.NumGoroutine()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.Organizations.List(ctx, nil)
		done <- err
	}()
	<-started // page 1 is read and the concurrent pages are in flight
	cancel()
	var err error
	select {
	case err = <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("List did not return within 2 s of the cancellation")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if s := c.Stats(); s.Requests > 1+4 {
		t.Errorf("%d requests, want page 1 plus at most the 4 in flight (no new page after the cancellation)", s.Requests)
	}
	tr.CloseIdleConnections()
	if n := settledGoroutines(base); n > base {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines after the cancelled list, %d before:\n%s", n, base, buf[:runtime.Stack(buf, true)])
	}
}

func TestCancelDuringRateBudgetWaitReturnsPromptly(t *testing.T) {
	// A budget of 1 request per minute: the second page waits for a token
	// until the context ends.
	c, mux := setup(t, WithPageSize(10), WithRateLimit(1, time.Minute, 1))
	mux.Handle("GET /organizations", &pages{n: 30, kind: "organizations"})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Organizations.List(ctx, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's deadline", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("returned after %s, want soon after the 100 ms deadline", d)
	}
}
