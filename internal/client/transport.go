package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
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
}

// do sends c, retrying what is safe to retry, and decodes a 2xx body into
// out (when out is not nil and the body is not empty).
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
	var lastErr error
	var delay time.Duration
	for attempt := 0; attempt <= c.maxRetries; attempt++ {
		if attempt > 0 {
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
			return ctx.Err()
		}
		if err := c.waitTurn(ctx); err != nil {
			<-c.inflight
			return err
		}
		c.stats.request(endpoint, attempt > 0)
		start := time.Now()
		status, hdr, body, err := c.send(ctx, r.method, u.String(), r.body)
		<-c.inflight
		if err != nil {
			if ctx.Err() != nil {
				if r.method == http.MethodPost {
					// Cancelled while the POST was in flight: it may have landed.
					return &AmbiguousWriteError{Method: r.method, Path: path, Err: ctx.Err()}
				}
				return ctx.Err()
			}
			err = c.redactErr(err)
			c.stats.failed(endpoint, 0)
			c.logRequest(r.method, u.String(), attempt, 0, time.Since(start), err)
			if r.method == http.MethodPost && !notSent(err) {
				c.stats.add(func(s *Stats) { s.AmbiguousWrites++ })
				return &AmbiguousWriteError{Method: r.method, Path: path, Err: err}
			}
			if notSent(err) && !c.reached.Load() && attempt >= unreachableRetries {
				// Never a single answer from this base URL: most likely a
				// wrong URL or no network, not a blip worth minutes of retries.
				return &UnreachableError{BaseURL: c.base.String(), Attempts: attempt + 1, Err: err}
			}
			lastErr, delay = err, c.backoff(attempt)
			continue
		}
		c.reached.Store(true)
		c.logRequest(r.method, u.String(), attempt, status, time.Since(start), nil)
		if status < 300 {
			if out == nil || len(bytes.TrimSpace(body)) == 0 {
				return nil
			}
			if err := json.Unmarshal(body, out); err != nil {
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
		switch {
		case status == http.StatusTooManyRequests:
			// The key's budget is spent, not just this request's: hold
			// every request of the client for the wait (Retry-After, or
			// the backoff when the server sends none, as IT Glue's does).
			delay = c.backoff(attempt)
			if ra, ok := retryAfter(hdr.Get("Retry-After"), time.Now()); ok {
				delay = min(ra, c.maxWait)
			}
			c.pause(delay)
		case status >= 500:
			if r.method == http.MethodPost {
				c.stats.add(func(s *Stats) { s.AmbiguousWrites++ })
				return &AmbiguousWriteError{Method: r.method, Path: path, Err: apiErr}
			}
			delay = c.backoff(attempt)
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
	return fmt.Errorf("giving up after %d attempts: %w", c.maxRetries+1, lastErr)
}

// send performs one HTTP request and reads the whole response body.
func (c *Client) send(ctx context.Context, method, u string, body []byte) (int, http.Header, []byte, error) {
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
	limit := int64(maxResponseBytes)
	if resp.StatusCode >= 300 {
		limit = maxErrorBodyBytes
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return 0, nil, nil, fmt.Errorf("reading the response: %w", err)
	}
	if int64(len(b)) > limit {
		if resp.StatusCode < 300 {
			return 0, nil, nil, fmt.Errorf("response body larger than %d bytes", limit)
		}
		b = b[:limit]
	}
	return resp.StatusCode, resp.Header, b, nil
}
