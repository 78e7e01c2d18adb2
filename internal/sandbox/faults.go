package sandbox

import (
	"fmt"
	"math/rand"
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

// faultInjector draws fault decisions from a seeded generator in request order.
type faultInjector struct {
	cfg Faults
	mu  sync.Mutex
	rng *rand.Rand
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
	return &faultInjector{cfg: cfg, rng: rand.New(rand.NewSource(cfg.Seed))}
}

func (f *faultInjector) off() bool {
	return f.cfg.RateLimitRate == 0 && f.cfg.ServerErrorRate == 0 && f.cfg.DropRate == 0
}

var injectedStatuses = [...]int{500, 502, 503, 504}

// decide draws the same number of values for every request, so that the
// sequence of decisions depends only on the seed and the request order.
func (f *faultInjector) decide() faultPlan {
	p := faultPlan{latency: f.cfg.Latency}
	if f.off() {
		return p
	}
	f.mu.Lock()
	uRate, uErr, uDrop := f.rng.Float64(), f.rng.Float64(), f.rng.Float64()
	afterward := f.rng.Intn(2) == 1
	status := injectedStatuses[f.rng.Intn(len(injectedStatuses))]
	f.mu.Unlock()

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
