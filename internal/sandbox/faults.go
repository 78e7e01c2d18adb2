package sandbox

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

type faultKind int

const (
	faultNone faultKind = iota
	faultRateLimit
	faultServerError
	faultDrop
)

// faultPlan is what the injector decided for one request.
type faultPlan struct {
	latency time.Duration
	// before is answered without handling the request; after is answered
	// once the request was handled and its real answer thrown away.
	beforeKind, after faultKind
	status            int
}

// faultInjector decides the fault of each request from the seed and the
// request itself: its method, path, query and how many times that same
// request came before (its attempt number). The decision does not depend
// on the order in which different requests arrive, which a concurrent
// client scrambles, so a seed that made a run fail makes the same requests
// fail again.
type faultInjector struct {
	cfg Faults
	mu  sync.Mutex
	// attempts counts the requests seen so far per request key.
	attempts map[string]uint64
}

func (f Faults) validate() error {
	for _, r := range []struct {
		name string
		v    float64
	}{{"rate-limit", f.RateLimitRate}, {"server-error", f.ServerErrorRate}, {"drop", f.DropRate}} {
		if r.v < 0 || r.v > 1 {
			return fmt.Errorf("creating sandbox: the %s fault rate must be between 0 and 1, not %v", r.name, r.v)
		}
	}
	if f.Latency < 0 {
		return fmt.Errorf("creating sandbox: the fault latency must not be negative")
	}
	return nil
}

func newFaultInjector(cfg Faults) *faultInjector {
	return &faultInjector{cfg: cfg, attempts: map[string]uint64{}}
}

func (f *faultInjector) off() bool {
	return f.cfg.RateLimitRate == 0 && f.cfg.ServerErrorRate == 0 && f.cfg.DropRate == 0
}

var injectedStatuses = [...]int{500, 502, 503, 504}

// requestKey names a request for fault decisions: method, path and query
// (in a canonical order). The body is left out: it may hold values that
// differ between runs of the same scenario (random test secrets).
func requestKey(r *http.Request) string {
	return r.Method + " " + r.URL.EscapedPath() + "?" + r.URL.Query().Encode()
}

// generator returns the random source of the n-th attempt of the request
// key under seed.
func generator(seed int64, key string, n uint64) *rand.Rand {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], n)
	h.Write(b[:])
	h.Write([]byte(key))
	return rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
}

// decide draws the fault of r. Every request draws the same values, from a
// generator of its own seeded with the seed, its key and its attempt.
func (f *faultInjector) decide(r *http.Request) faultPlan {
	p := faultPlan{latency: f.cfg.Latency}
	if f.off() {
		return p
	}
	key := requestKey(r)
	f.mu.Lock()
	n := f.attempts[key]
	f.attempts[key] = n + 1
	f.mu.Unlock()
	rng := generator(f.cfg.Seed, key, n)
	uRate, uErr, uDrop := rng.Float64(), rng.Float64(), rng.Float64()
	afterward := rng.IntN(2) == 1
	status := injectedStatuses[rng.IntN(len(injectedStatuses))]

	kind := faultNone
	switch {
	case uRate < f.cfg.RateLimitRate:
		p.beforeKind = faultRateLimit
		return p
	case uErr < f.cfg.ServerErrorRate:
		kind, p.status = faultServerError, status
	case uDrop < f.cfg.DropRate:
		kind = faultDrop
	default:
		return p
	}
	if afterward {
		p.after = kind
	} else {
		p.beforeKind = kind
	}
	return p
}

// before answers the request when the fault happens before handling; it
// reports whether it did.
func (p faultPlan) before(w http.ResponseWriter) bool {
	switch p.beforeKind {
	case faultRateLimit:
		w.Header().Set("Retry-After", "1")
		writeErrors(w, &httpError{status: http.StatusTooManyRequests, errs: []apiError{{
			Title: "Too Many Requests", Detail: "rate limit exceeded (injected fault)"}}})
		return true
	case faultServerError, faultDrop:
		pp := p
		pp.after = p.beforeKind
		pp.apply(w)
		return true
	}
	return false
}

// apply answers with the fault in p.after.
func (p faultPlan) apply(w http.ResponseWriter) {
	switch p.after {
	case faultServerError:
		writeErrors(w, &httpError{status: p.status, errs: []apiError{{
			Title: http.StatusText(p.status), Detail: "injected fault"}}})
	case faultDrop:
		dropConnection(w)
	}
}

// dropConnection closes the client connection without an answer.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	// Not hijackable (HTTP/2, a recorder): abort the handler, which makes
	// net/http reset the stream without a response.
	panic(http.ErrAbortHandler)
}

// discardWriter swallows a response that a fault says is lost.
type discardWriter struct{ header http.Header }

func (d discardWriter) Header() http.Header         { return d.header }
func (d discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardWriter) WriteHeader(int)             {}
