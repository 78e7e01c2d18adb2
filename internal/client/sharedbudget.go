package client

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"golang.org/x/time/rate"

	"github.com/glue-sync/glue-sync/internal/ratebudget"
)

// WithSharedBudget makes the client take its rate budget (WithRateLimit's,
// by default 2700 requests per 300 s after a burst of 100) from a token
// bucket shared with every other client, in this process or another one
// on this machine, that uses the same folder dir, base URL and key: IT
// Glue's limit is per account, so two glue-sync processes on one account
// then keep to one budget between them instead of one each. The bucket's
// state is a small file under dir named by a hash of the base URL and the
// key (package ratebudget). "" (the default) keeps the budget to this
// client. When the bucket cannot be used (no file locks on this system, a
// folder that cannot be written, a lock held too long) the client says so
// once on the WithNotices writer and keeps its own budget; processes on
// other machines are never counted, and their share shows as 429s, which
// the client waits out. With WithClock, the shared budget uses that clock.
func WithSharedBudget(dir string) Option {
	return func(c *Client) error {
		c.sharedDir = dir
		return nil
	}
}

// openSharedBudget opens the WithSharedBudget bucket once the options are
// known (New calls it last). Pacing off means nothing to share.
func (c *Client) openSharedBudget() {
	if c.sharedDir == "" || c.limiter.Limit() == rate.Inf || c.limiter.Limit() <= 0 {
		return
	}
	b, err := ratebudget.New(c.sharedDir, c.base.String(), c.key.v, float64(c.limiter.Limit()), c.limiter.Burst(), func() time.Time { return c.now() })
	if err != nil {
		c.notice("the rate budget is not shared with other glue-sync processes on this machine (%v); this one keeps its own", err)
		return
	}
	c.shared.Store(b)
}

// takeToken waits for one token of the rate budget: the shared one when
// there is one, else (or when it fails) the client's own.
func (c *Client) takeToken(ctx context.Context) error {
	if shared := c.shared.Load(); shared != nil {
		wait, err := shared.Reserve(ctx)
		if err == nil {
			c.sharedWait(wait)
			if err := c.sleepCtx(ctx, wait); err != nil {
				shared.Refund() // not sent: give the token back
				return err
			}
			return nil
		}
		if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		c.sharedFailed.Do(func() {
			c.notice("the shared rate budget cannot be used (%v); this process keeps its own budget from now on", err)
		})
		c.shared.Store(nil)
	}
	c.budgetWait()
	return c.limiter.Wait(ctx)
}

// sharedWait tells the progress hook about a wait of the shared budget of
// WaitNoticeMin or more, once per wait (requests queued behind it are not
// announced again).
func (c *Client) sharedWait(d time.Duration) {
	if c.onWait == nil || d < WaitNoticeMin {
		return
	}
	now := time.Now()
	until := now.Add(d).UnixNano()
	for {
		prev := c.budgetNoticed.Load()
		if prev > now.UnixNano() {
			return
		}
		if c.budgetNoticed.CompareAndSwap(prev, until) {
			break
		}
	}
	perSec := float64(c.limiter.Limit())
	if math.IsInf(perSec, 0) {
		return
	}
	c.onWait(fmt.Sprintf("keeping under IT Glue's rate limit, shared with other glue-sync processes on this machine (at most %s requests a second between them)", roundRate(perSec)), d)
}
