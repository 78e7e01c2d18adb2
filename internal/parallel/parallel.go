// Package parallel runs a bounded number of calls at once: apply's bulk
// chunks and guard's re-reads share the API's concurrency budget this way.
package parallel

import (
	"context"
	"sync"
)

// Each calls fn(0..n-1) with at most limit calls at once, starting no new
// call once ctx has ended, and returns when every call started has.
func Each(ctx context.Context, limit, n int, fn func(i int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, max(limit, 1))
	for i := range n {
		sem <- struct{}{} // then check: ctx may have ended while waiting
		if ctx.Err() != nil {
			<-sem
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			fn(i)
		}()
	}
	wg.Wait()
}
