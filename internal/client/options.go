package client

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// Option changes a Client's defaults; New rejects invalid options.
type Option func(*Client) error

// WithHTTPClient sets the *http.Client used for requests.
func WithHTTPClient(h *http.Client) Option {
	return func(c *Client) error {
		if h == nil {
			return errors.New("WithHTTPClient: nil *http.Client")
		}
		c.http = h
		return nil
	}
}

// WithRateLimit sets the client-side budget to requests per window (with
// the given burst). requests <= 0 disables client-side pacing (tests, a
// local sandbox); the server's 429s are still honoured.
func WithRateLimit(requests int, window time.Duration, burst int) Option {
	return func(c *Client) error {
		if requests <= 0 {
			c.limiter = rate.NewLimiter(rate.Inf, 0)
			return nil
		}
		if window <= 0 || burst < 1 {
			return fmt.Errorf("WithRateLimit: window must be positive and burst at least 1 (got %s, %d)", window, burst)
		}
		c.limiter = rate.NewLimiter(rate.Limit(float64(requests)/window.Seconds()), burst)
		return nil
	}
}

// WithPageSize sets page[size] for list calls (1 to 1000).
func WithPageSize(n int) Option {
	return func(c *Client) error {
		if n < 1 || n > 1000 {
			return fmt.Errorf("WithPageSize: %d is outside 1..1000", n)
		}
		c.pageSize = n
		return nil
	}
}

// WithConcurrency bounds the requests a Client has in flight at once (and
// so the pages or types fetched in parallel); the default is 4.
func WithConcurrency(n int) Option {
	return func(c *Client) error {
		if n < 1 {
			return fmt.Errorf("WithConcurrency: %d, want at least 1", n)
		}
		c.concurrency = n
		return nil
	}
}

// WithMaxRetries sets how many times a retryable failure is retried.
func WithMaxRetries(n int) Option {
	return func(c *Client) error {
		if n < 0 {
			return fmt.Errorf("WithMaxRetries: %d is negative", n)
		}
		c.maxRetries = n
		return nil
	}
}

// WithBackoff sets the first and the largest backoff delay used when the
// server sends no Retry-After.
func WithBackoff(base, max time.Duration) Option {
	return func(c *Client) error {
		if base <= 0 || max < base {
			return fmt.Errorf("WithBackoff: want 0 < base <= max (got %s, %s)", base, max)
		}
		c.backoffBase, c.backoffMax = base, max
		return nil
	}
}

// WithMaxRetryAfter caps how long one Retry-After makes the client wait
// (default 5 minutes). Tests against a sandbox that injects 429s use a
// small cap; against IT Glue keep the default.
func WithMaxRetryAfter(d time.Duration) Option {
	return func(c *Client) error {
		if d < 0 {
			return fmt.Errorf("WithMaxRetryAfter: %s is negative", d)
		}
		c.maxWait = d
		return nil
	}
}

// WithMaxBodyBytes sets the largest request body sent (default 10 MB, the
// API gateway's limit); bulk writes are split to stay under it.
func WithMaxBodyBytes(n int) Option {
	return func(c *Client) error {
		if n < 1024 {
			return fmt.Errorf("WithMaxBodyBytes: %d is too small", n)
		}
		c.maxBody = n
		return nil
	}
}

// WithBulkSize sets how many objects one bulk request carries (1 to 1000).
func WithBulkSize(n int) Option {
	return func(c *Client) error {
		if n < 1 || n > maxBulkItems {
			return fmt.Errorf("WithBulkSize: %d is outside 1..%d", n, maxBulkItems)
		}
		c.bulkSize = n
		return nil
	}
}

// WithDebug logs every request (method, URL, status, duration, attempt) to
// w. Headers and bodies are never logged, so neither the key nor a password
// can leak through it.
func WithDebug(w io.Writer) Option {
	return func(c *Client) error {
		c.debug = w
		return nil
	}
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) error {
		c.userAgent = ua
		return nil
	}
}
