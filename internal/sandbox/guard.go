package sandbox

import (
	"crypto/subtle"
	"io"
	"mime"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// mediaType is the JSON:API media type, required on request bodies and used
// on every answer.
const mediaType = "application/vnd.api+json"

// authenticate checks x-api-key; the key is never echoed back.
func (s *Server) authenticate(r *http.Request) *httpError {
	got := r.Header.Get("x-api-key")
	if got == "" {
		return errorf(http.StatusUnauthorized, "", "missing x-api-key header: send your IT Glue API key in it")
	}
	if subtle.ConstantTimeCompare([]byte(got), []byte(s.opts.APIKey)) != 1 {
		return errorf(http.StatusUnauthorized, "", "the x-api-key header does not hold a valid API key for this account")
	}
	return nil
}

// limiter is a fixed-window rate limit per key.
type limiter struct {
	limit  int
	window time.Duration
	mu     sync.Mutex
	keys   map[string]*windowCount
}

type windowCount struct {
	start time.Time
	n     int
}

func newLimiter(limit int, window time.Duration) *limiter {
	return &limiter{limit: limit, window: window, keys: map[string]*windowCount{}}
}

// allow counts one request for key at now; when the key is over its limit
// it returns false and the whole seconds until the window resets.
func (l *limiter) allow(key string, now time.Time) (bool, int) {
	if l.limit < 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.keys[key]
	if c == nil || now.Sub(c.start) >= l.window || now.Before(c.start) {
		c = &windowCount{start: now}
		l.keys[key] = c
	}
	if c.n >= l.limit {
		left := c.start.Add(l.window).Sub(now)
		secs := int((left + time.Second - 1) / time.Second)
		if secs < 1 {
			secs = 1
		}
		return false, secs
	}
	c.n++
	return true, 0
}

func (s *Server) rateLimit(w http.ResponseWriter, r *http.Request) *httpError {
	ok, wait := s.limiter.allow(r.Header.Get("x-api-key"), s.now())
	if ok {
		return nil
	}
	w.Header().Set("Retry-After", strconv.Itoa(wait))
	return errorf(http.StatusTooManyRequests, "",
		"rate limit of %d requests per %s exceeded; retry after %d seconds",
		s.opts.RateLimit, s.opts.RateWindow, wait)
}

// hasBody reports whether the request carries a body.
func hasBody(r *http.Request) bool {
	return r.ContentLength > 0 || (r.ContentLength < 0 && r.Body != nil && r.Body != http.NoBody)
}

// readBody enforces the media type and the size limit and returns the body
// (nil when there is none).
func (s *Server) readBody(r *http.Request) ([]byte, *httpError) {
	if !hasBody(r) {
		return nil, nil
	}
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if ct == "" || err != nil || mt != mediaType {
		return nil, errorf(http.StatusUnsupportedMediaType, "",
			"request bodies must be sent with Content-Type: %s (got %q)", mediaType, ct)
	}
	max := s.opts.MaxBodyBytes
	if r.ContentLength > max {
		return nil, tooLarge(max)
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, max+1))
	if err != nil {
		return nil, badRequest("reading the request body: %v", err)
	}
	if int64(len(b)) > max {
		return nil, tooLarge(max)
	}
	return b, nil
}

func tooLarge(max int64) *httpError {
	return errorf(http.StatusRequestEntityTooLarge, "", "request body exceeds the limit of %d bytes", max)
}
