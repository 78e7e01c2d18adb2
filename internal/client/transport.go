package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"time"
)

// mediaType is JSON:API's content type, which IT Glue requires.
const mediaType = "application/vnd.api+json"

// call is one logical API call (possibly several HTTP requests).
type call struct {
	method string
	path   string // relative to the base URL, e.g. "flexible_assets/7"
	query  url.Values
	body   []byte
	// goneOK makes a 422 on a retried DELETE a success (a bulk delete whose
	// first attempt was applied but whose answer was lost).
	goneOK bool
	// shrinkable marks a list page that pagination can ask again with a
	// smaller page[size]: a 504 or a timeout is returned at once, not retried.
	shrinkable bool
	// page marks a list page: its body's size is a good guess for the
	// next page's (Client.pageBodyHint).
	page bool
}

// do sends c, retrying what is safe to retry, and decodes a 2xx body into
// out (when out is not nil and the body is not empty). A call stops
// retrying after c.maxRetries retries, or once the retry time of its kind
// (read or write) would be passed, not counting waits for 429s.
func (c *Client) do(ctx context.Context, r call, out any) error {
	u := c.base.JoinPath(r.path)
	if len(r.query) > 0 {
		u.RawQuery = r.query.Encode()
	}
	path := "/" + strings.TrimLeft(r.path, "/")
	if len(r.body) > c.maxBody {
		return &RequestTooLargeError{Method: r.method, Path: path, Size: len(r.body), Limit: c.maxBody}
	}
	endpoint := endpointKey(r.method, path)
	write := r.method != http.MethodGet
	retryTime := c.readRetryTime
	if write {
		retryTime = c.writeRetryTime
	}
	began := c.now()
	var (
		lastErr     error
		delay       time.Duration
		rateLimited bool          // the last failure was a 429
		rateWaited  time.Duration // time spent waiting out 429s
	)
	for attempt := 0; ; attempt++ {
		if attempt > 0 {
			if attempt > c.maxRetries {
				return fmt.Errorf("giving up after %d attempts: %w", attempt, lastErr)
			}
			if rateLimited {
				rateWaited += delay
			} else if spent := c.now().Sub(began) - rateWaited; spent+delay > retryTime {
				kind := "read"
				if write {
					kind = "write"
				}
				return fmt.Errorf("giving up after %d attempts in %s (a failing %s is retried for at most %s): %w",
					attempt, spent.Round(time.Second), kind, retryTime, lastErr)
			}
			if err := c.wait(ctx, delay); err != nil {
				return err
			}
		}
		// A slot first, then a token: the token is spent right before the
		// request goes out, and a request cancelled while queued is never
		// counted.
		select {
		case c.inflight <- struct{}{}:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		if err := c.waitTurn(ctx); err != nil {
			<-c.inflight
			return err
		}
		c.stats.request(endpoint, attempt > 0)
		start := time.Now()
		var hint *atomic.Int64
		if r.page {
			hint = &c.pageBodyHint
		}
		status, hdr, body, err := c.send(ctx, r.method, u.String(), r.body, hint)
		<-c.inflight
		if err != nil {
			if ctx.Err() != nil {
				if r.method == http.MethodPost {
					// Cancelled while the POST was in flight: it may have landed.
					return &AmbiguousWriteError{Method: r.method, Path: path, Err: context.Cause(ctx)}
				}
				return context.Cause(ctx)
			}
			err = c.redactErr(err)
			c.stats.failed(endpoint, 0)
			// A fatal error is logged as returned: a refused redirect names
			// origins only, not the URL a hostile server chose.
			logged := err
			fatal := c.fatalTransport(err, r.method, path, attempt)
			if fatal != nil {
				logged = fatal
			}
			c.logRequest(r.method, u.String(), attempt, 0, time.Since(start), c.redactErr(logged))
			if fatal != nil {
				// Retrying cannot help (a refused redirect, a bad
				// certificate, an unknown host, an oversized answer).
				var big *ResponseTooLargeError
				if r.method == http.MethodPost && errors.As(fatal, &big) {
					// A 2xx too large to read: created, but unreadable.
					c.stats.add(func(s *Stats) { s.AmbiguousWrites++ })
					return &AmbiguousWriteError{Method: r.method, Path: path, Err: fatal}
				}
				return fatal
			}
			if r.method == http.MethodPost && !notSent(err) {
				c.stats.add(func(s *Stats) { s.AmbiguousWrites++ })
				return &AmbiguousWriteError{Method: r.method, Path: path, Err: err}
			}
			if r.shrinkable && isTimeout(err) {
				return err
			}
			if notSent(err) && !c.reached.Load() && attempt >= unreachableRetries {
				// Never a single answer from this base URL: most likely a
				// wrong URL or no network, not a blip worth minutes of retries.
				return &UnreachableError{BaseURL: c.base.String(), Attempts: attempt + 1, Err: err}
			}
			lastErr, delay, rateLimited = err, c.backoff(attempt), false
			c.noticeRetry(r.method, path, delay, unwrapURLError(err).Error())
			continue
		}
		c.reached.Store(true)
		c.logRequest(r.method, u.String(), attempt, status, time.Since(start), nil)
		if status < 300 {
			if out == nil || len(bytes.TrimSpace(body)) == 0 {
				return nil
			}
			if err := decodeBody(body, out); err != nil {
				err = fmt.Errorf("%s %s: decoding the response: %w", r.method, path, err)
				if r.method == http.MethodPost {
					// Created, but which object is unknown: re-list.
					c.stats.add(func(s *Stats) { s.AmbiguousWrites++ })
					return &AmbiguousWriteError{Method: r.method, Path: path, Err: err}
				}
				return err
			}
			return nil
		}
		c.stats.failed(endpoint, status)
		apiErr := &APIError{Method: r.method, Path: path, StatusCode: status, Errors: c.redactObjects(parseErrorBody([]byte(c.redact(string(body))))), BaseURL: c.base.String()}
		rateLimited = false
		switch {
		case status == http.StatusTooManyRequests:
			// The key's budget is spent, not just this request's: hold
			// every request of the client for the wait (Retry-After, or
			// the backoff when the server sends none, as IT Glue's does).
			rateLimited = true
			delay = c.backoff(attempt)
			why := "no Retry-After: backing off"
			if ra, ok := retryAfter(hdr.Get("Retry-After"), c.now()); ok {
				delay, why = min(ra, c.maxWait), "as Retry-After asks"
				if ra > c.maxWait {
					why = fmt.Sprintf("Retry-After asked for %s, capped", ra.Round(time.Second))
				}
			}
			if attempt < c.maxRetries {
				c.pauseNotice(delay, fmt.Sprintf("IT Glue answered 429 (rate limit; %s); retrying %s %s (attempt %d of %d)",
					why, r.method, path, attempt+2, c.maxRetries+1), func() {
					c.notice("%s %s: rate limited (429 Too Many Requests); waiting %s before attempt %d of %d (%s)",
						r.method, path, delay.Round(time.Millisecond), attempt+2, c.maxRetries+1, why)
				})
			}
			c.pause(delay)
		case status == http.StatusGatewayTimeout && r.shrinkable:
			return apiErr
		case status >= 500:
			if r.method == http.MethodPost {
				c.stats.add(func(s *Stats) { s.AmbiguousWrites++ })
				return &AmbiguousWriteError{Method: r.method, Path: path, Err: apiErr}
			}
			delay = c.backoff(attempt)
			c.noticeRetry(r.method, path, delay, fmt.Sprintf("%d %s", status, http.StatusText(status)))
		case attempt > 0 && r.method == http.MethodDelete && (status == http.StatusNotFound || r.goneOK && status == http.StatusUnprocessableEntity):
			// An earlier attempt deleted it and its response was lost: a
			// single DELETE then gets 404; a bulk DELETE may get 422 for
			// ids that no longer exist.
			return nil
		default:
			return apiErr
		}
		lastErr = apiErr
	}
}

// noticeRetry tells the notices writer about a long wait before a retry.
func (c *Client) noticeRetry(method, path string, delay time.Duration, why string) {
	c.waitNotice(delay, fmt.Sprintf("%s %s failed (%s); retrying", method, path, why), func() {
		if delay >= noticeDelay {
			c.notice("%s %s failed (%s); retrying in %s", method, path, why, delay.Round(time.Second))
		}
	})
}

// noticeDelay is the shortest retry wait worth a notice.
const noticeDelay = 5 * time.Second

// send performs one HTTP request, bounded by the request timeout of its
// kind, and reads the whole response body (at most c.maxResponse bytes).
func (c *Client) send(ctx context.Context, method, u string, body []byte, hint *atomic.Int64) (int, http.Header, []byte, error) {
	write := method != http.MethodGet
	timeout := c.readTimeout
	if write {
		timeout = c.writeTimeout
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	status, hdr, b, err := c.exchange(actx, method, u, body, hint)
	if err != nil && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		err = &requestTimeoutError{limit: timeout, write: write, err: err}
	}
	return status, hdr, b, err
}

// exchange is send without the timeout. hint, when not nil, is the size
// of the last body read without a stated length (readResponseBody), read
// and updated.
func (c *Client) exchange(ctx context.Context, method, u string, body []byte, hint *atomic.Int64) (int, http.Header, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("x-api-key", c.key.v)
	req.Header.Set("Accept", mediaType)
	req.Header.Set("Content-Type", mediaType)
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		// Only a redirect the policy refused ends here, or one without
		// a Location: never a success, never followed.
		loc := resp.Header.Get("Location")
		to := "(no Location)"
		if lu, err := resp.Request.URL.Parse(loc); err == nil && loc != "" {
			to = displayOrigin(lu)
		}
		return 0, nil, nil, &RedirectError{StatusCode: resp.StatusCode, From: displayOrigin(c.base), To: to, Reason: "a redirect without a usable target"}
	}
	limit := c.maxResponse
	if resp.StatusCode >= 300 {
		limit = maxErrorBodyBytes
	}
	if resp.StatusCode < 300 && resp.ContentLength > limit {
		return 0, nil, nil, &ResponseTooLargeError{Limit: limit}
	}
	var h int64
	if hint != nil {
		h = hint.Load()
	}
	b, err := readResponseBody(resp.Body, resp.ContentLength, h, limit)
	if hint != nil && resp.ContentLength < 0 && resp.StatusCode < 300 && err == nil {
		hint.Store(int64(len(b)))
	}
	if err != nil {
		return 0, nil, nil, fmt.Errorf("reading the response: %w", err)
	}
	if int64(len(b)) > limit {
		if resp.StatusCode < 300 {
			return 0, nil, nil, &ResponseTooLargeError{Limit: limit}
		}
		b = b[:limit]
	}
	return resp.StatusCode, resp.Header, b, nil
}

// readResponseBody reads at most limit+1 bytes of r. When the server stated the
// length (n >= 0, within the limit) the buffer is allocated once at that
// size instead of growing by doubling from 512 bytes, as io.ReadAll does:
// a 1 MB page then costs 1 MB, not about 2 MB of which half is garbage.
// Without a stated length (a chunked or compressed answer) the buffer
// starts at a quarter above hint, the size of the last list page read so
// (pages are about the same size), and doubles from there.
func readResponseBody(r io.Reader, n, hint, limit int64) ([]byte, error) {
	lr := io.LimitReader(r, limit+1)
	switch {
	case n > limit:
		return io.ReadAll(lr)
	case n < 0 && hint > 0:
		n = min(hint+hint/4, limit)
	case n < 0:
		n = 511 // io.ReadAll's first buffer
	}
	b := make([]byte, 0, n+1) // +1: room to see a body longer than stated
	for {
		if len(b) == cap(b) {
			// The server sent more than it said (or no length): double,
			// so the copies add up to the body's size at most (append
			// grows a large slice by a quarter, copying it over and over).
			b = slices.Grow(b, cap(b))
		}
		k, err := lr.Read(b[len(b):cap(b)])
		b = b[:len(b)+k]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}
