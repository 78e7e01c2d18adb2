package client

import (
	"fmt"
	"math"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// WaitNoticeMin is the shortest wait the WithWaitNotice hook hears about:
// a pause a user would notice.
const WaitNoticeMin = 2 * time.Second

// WithWaitNotice calls f before every wait of WaitNoticeMin or more, with
// why the client waits (a 429 and whether Retry-After set the wait, a
// failed request being retried, the client's own rate budget) and for how
// long. The reason never carries headers, bodies or the key. With f set,
// such waits are no longer written to WithNotices' writer (f replaces it
// for them). f may be called from several goroutines at once.
func WithWaitNotice(f func(reason string, d time.Duration)) Option {
	return func(c *Client) error {
		c.onWait = f
		return nil
	}
}

// WithReadProgress calls f after every page a list reads: what is being
// listed ("listing flexible assets of type 7"), how many of its pages are
// read and how many there are (as far as known: the first page announces
// it). f may be called from several goroutines at once.
func WithReadProgress(f func(what string, read, pages int)) Option {
	return func(c *Client) error {
		c.onPage = f
		return nil
	}
}

// WithClock replaces the clock and the timer the client waits with (for
// 429s, backoff and pauses): tests pass a fake clock whose after advances
// now and fires at once, so that a 30 s Retry-After costs no real time.
// The client-side rate budget keeps the real clock.
func WithClock(now func() time.Time, after func(time.Duration) <-chan time.Time) Option {
	return func(c *Client) error {
		if now == nil || after == nil {
			return fmt.Errorf("WithClock: now and after must both be set")
		}
		c.now, c.sleep = now, after
		return nil
	}
}

// waitNotice tells the WithWaitNotice hook about a wait of d, or, without
// a hook, writes the notice line to the WithNotices writer (legacy lines,
// which format themselves).
func (c *Client) waitNotice(d time.Duration, reason string, legacy func()) {
	if c.onWait == nil {
		legacy()
		return
	}
	if d >= WaitNoticeMin {
		c.onWait(c.redact(reason), d)
	}
}

// pauseNotice is waitNotice for a 429, whose wait holds every request of
// the client (see pause): when requests in flight together all get a 429,
// only the ones that extend the pause already announced by WaitNoticeMin
// or more are told to the hook, not one line per request.
func (c *Client) pauseNotice(d time.Duration, reason string, legacy func()) {
	if c.onWait != nil {
		c.pauseMu.Lock()
		now := c.now()
		covered := c.pauseUntil.After(now) && now.Add(d).Sub(c.pauseUntil) < WaitNoticeMin
		c.pauseMu.Unlock()
		if covered {
			return
		}
	}
	c.waitNotice(d, reason, legacy)
}

// budgetWait tells the hook when the client's own rate budget is about to
// hold a request for WaitNoticeMin or more. One notice covers the whole
// wait: requests queued behind it are not announced again.
func (c *Client) budgetWait() {
	if c.onWait == nil || c.limiter.Limit() == rate.Inf || c.limiter.Limit() <= 0 {
		return
	}
	tokens := c.limiter.Tokens()
	if tokens >= 1 {
		return
	}
	d := time.Duration((1 - tokens) / float64(c.limiter.Limit()) * float64(time.Second))
	if d < WaitNoticeMin {
		return
	}
	now := time.Now()
	until := now.Add(d).UnixNano()
	for {
		prev := c.budgetNoticed.Load()
		if prev > now.UnixNano() {
			return // a notice for this wait was given
		}
		if c.budgetNoticed.CompareAndSwap(prev, until) {
			break
		}
	}
	perSec := float64(c.limiter.Limit())
	c.onWait(fmt.Sprintf("keeping under IT Glue's rate limit (glue-sync sends at most %s requests a second)", roundRate(perSec)), d)
}

func roundRate(r float64) string {
	if r >= 1 {
		return fmt.Sprintf("%d", int(math.Round(r)))
	}
	return fmt.Sprintf("%.2g", r)
}

// pageCounter counts the pages of one list read so far, for
// WithReadProgress.
type pageCounter struct {
	c     *Client
	what  string
	read  atomic.Int64
	pages atomic.Int64
}

// page records one page read; announced is the page count the list
// claims (0 when unknown).
func (p *pageCounter) page(announced int) {
	if p.c.onPage == nil {
		return
	}
	n := p.read.Add(1)
	for {
		cur := p.pages.Load()
		want := max(cur, int64(announced), n)
		if want == cur || p.pages.CompareAndSwap(cur, want) {
			break
		}
	}
	p.c.onPage(p.what, int(n), int(p.pages.Load()))
}
