package parallel

import (
	"context"
	"sync/atomic"
	"testing"
)

func TestEachBoundsAndCovers(t *testing.T) {
	var running, most, calls atomic.Int32
	seen := make([]atomic.Bool, 50)
	gate := make(chan struct{})
	go func() {
		for range 50 {
			gate <- struct{}{}
		}
	}()
	Each(context.Background(), 3, 50, func(i int) {
		n := running.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		<-gate
		seen[i].Store(true)
		calls.Add(1)
		running.Add(-1)
	})
	if calls.Load() != 50 || most.Load() > 3 {
		t.Errorf("calls = %d, most at once = %d; want 50 calls, at most 3 at once", calls.Load(), most.Load())
	}
	for i := range seen {
		if !seen[i].Load() {
			t.Errorf("fn(%d) was not called", i)
		}
	}
}

func TestEachStopsStartingWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	Each(ctx, 1, 10, func(i int) {
		calls.Add(1)
		if i == 2 {
			cancel()
		}
	})
	if got := calls.Load(); got != 3 {
		t.Errorf("calls = %d; want 3 (none started after the cancel)", got)
	}
}
