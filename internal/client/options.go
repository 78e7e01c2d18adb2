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

// WithHTTPClient sets the *http.Client used for requests. Its
// CheckRedirect is replaced by the client's redirect policy (see
// RedirectError) and its Timeout, if any, applies on top of the client's
// request timeouts; the *http.Client passed in is not modified.
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
// (default DefaultMaxRetryAfter, 60 s): a server asking for more is
// retried after the cap. IT Glue documents no Retry-After; without one the
// client backs off exponentially with jitter (WithBackoff).
func WithMaxRetryAfter(d time.Duration) Option {
	return func(c *Client) error {
		if d < 0 {
			return fmt.Errorf("WithMaxRetryAfter: %s is negative", d)
		}
		c.maxWait = d
		return nil
	}
}

// WithRequestTimeout bounds one HTTP request (connecting, sending, and
// reading the whole answer): read for GETs (default
// DefaultRequestTimeout, 30 s), write for POST, PATCH and DELETE (default
// DefaultWriteTimeout, 2 min). write 0 keeps the larger of read and the
// default. A read that times out is retried; a POST that times out has an
// unknown outcome (*AmbiguousWriteError).
func WithRequestTimeout(read, write time.Duration) Option {
	return func(c *Client) error {
		if read <= 0 || write < 0 {
			return fmt.Errorf("WithRequestTimeout: want a positive read timeout and a write timeout of 0 or more (got %s, %s)", read, write)
		}
		if write == 0 {
			write = max(read, DefaultWriteTimeout)
		}
		c.readTimeout, c.writeTimeout = read, write
		return nil
	}
}

// WithMaxRetryTime bounds how long one call keeps retrying failures (5xx
// answers, dropped connections, timeouts) after its first attempt: read
// for GETs (default DefaultMaxRetryTime, 2 min), write for PATCH and
// DELETE (default DefaultMaxWriteRetryTime, 30 s). No attempt starts once
// the limit would be passed. Waits for 429s do not count: they are bounded
// by WithMaxRetries and WithMaxRetryAfter.
func WithMaxRetryTime(read, write time.Duration) Option {
	return func(c *Client) error {
		if read <= 0 || write <= 0 {
			return fmt.Errorf("WithMaxRetryTime: want positive durations (got %s, %s)", read, write)
		}
		c.readRetryTime, c.writeRetryTime = read, write
		return nil
	}
}

// WithMaxResponseBytes caps the body of one response (default
// DefaultMaxResponseBytes, 64 MiB); a larger one fails the call with a
// *ResponseTooLargeError and is not retried. With WithConcurrency n, at
// most n bodies are held at once.
func WithMaxResponseBytes(n int64) Option {
	return func(c *Client) error {
		if n < 1<<10 {
			return fmt.Errorf("WithMaxResponseBytes: %d is too small (want at least 1024)", n)
		}
		c.maxResponse = n
		return nil
	}
}

// WithNotices writes one line to w whenever the client waits for the
// API for a reason a user would want to know: a 429 (how long, and
// whether a Retry-After asked for more than the cap), or a retry after a
// failure that waits 5 s or more. Lines never carry headers, bodies or
// the key.
func WithNotices(w io.Writer) Option {
	return func(c *Client) error {
		c.notices = w
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
