package client

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// backoff returns the jittered exponential delay before retry attempt+1:
// a random duration in [d/2, d], d = base * 2^attempt capped at max.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.backoffBase
	for i := 0; i < attempt && d < c.backoffMax; i++ {
		d *= 2
	}
	d = min(d, c.backoffMax)
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(half)+1))
}

// retryAfter parses a Retry-After header (seconds or an HTTP date). The
// caller caps it (WithMaxRetryAfter); absurd values are clamped to a day
// here so that the conversion cannot overflow.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		d = time.Duration(min(secs, maxRetryAfterSeconds) * float64(time.Second))
	} else if t, err := http.ParseTime(v); err == nil {
		d = max(t.Sub(now), 0)
	} else {
		return 0, false
	}
	return min(d, maxRetryAfterSeconds*time.Second), true
}

// maxRetryAfterSeconds clamps a parsed Retry-After (one day).
const maxRetryAfterSeconds = 24 * 60 * 60

// unreachableRetries is how often a connection failure is retried while
// the base URL has never answered.
const unreachableRetries = 2

// notSent reports whether a transport error means the request never left
// (the connection could not be made), so even a POST may be retried.
func notSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// pause holds every request of the client for d (after a 429 with
// Retry-After, the whole budget is exhausted, not just one request's).
func (c *Client) pause(d time.Duration) {
	c.pauseMu.Lock()
	defer c.pauseMu.Unlock()
	if until := c.now().Add(d); until.After(c.pauseUntil) {
		c.pauseUntil = until
	}
}

// waitTurn waits out any pause, then takes a token from the rate budget.
func (c *Client) waitTurn(ctx context.Context) error {
	start := time.Now()
	for { // a 429 meanwhile may have extended the pause
		c.pauseMu.Lock()
		until := c.pauseUntil
		c.pauseMu.Unlock()
		d := until.Sub(c.now())
		if d <= 0 {
			break
		}
		if err := c.sleepCtx(ctx, d); err != nil {
			return err
		}
	}
	err := c.takeToken(ctx)
	c.stats.waited(time.Since(start))
	if err != nil {
		if ctx.Err() != nil {
			return context.Cause(ctx)
		}
		// The limiter refuses at once when the wait would pass the
		// deadline; report it as the deadline so errors.Is matches.
		return fmt.Errorf("waiting for the rate budget would pass the deadline: %w", context.DeadlineExceeded)
	}
	return nil
}

// wait sleeps d (a backoff) and accounts for it.
func (c *Client) wait(ctx context.Context, d time.Duration) error {
	c.stats.waited(d)
	return c.sleepCtx(ctx, d)
}

func (c *Client) sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return context.Cause(ctx)
	}
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-c.sleep(d):
		return nil
	}
}
