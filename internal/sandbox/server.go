package sandbox

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a Server. Only APIKey is required.
type Options struct {
	// APIKey is the key every request must carry in x-api-key.
	APIKey string
	// RateLimit is the number of requests allowed per RateWindow and key:
	// 0 means 3000, a negative value means unlimited.
	RateLimit int
	// RateWindow is the rate-limit window; 0 means 300 seconds.
	RateWindow time.Duration
	// MaxBodyBytes is the largest request body accepted; 0 means 10 MB.
	MaxBodyBytes int64
	// Faults inject failures; the zero value injects none.
	Faults Faults
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Profile chooses the reading of the points the API documentation
	// leaves open; the zero value is ProfileDefault.
	Profile Profile
	// AssetPageLimit is, in the pessimistic profile, the largest page[size]
	// a flexible asset list answers; a larger one times out with a 504
	// (IT Glue's own advice is to lower the page size). 0 means
	// DefaultAssetPageLimit; a negative value turns the timeouts off.
	AssetPageLimit int
	// NoPasswordAccess makes the key one without "Password Access": GET
	// /passwords/:id?show_password=true answers 403 instead of the value.
	NoPasswordAccess bool
}

// Faults inject failures deterministically for a given Seed: the decision
// for a request depends only on the seed, the request's method, path and
// query, and how many times that same request came before, never on the
// order in which different requests arrive.
type Faults struct {
	// Seed seeds the generator.
	Seed int64
	// Latency is added to every request.
	Latency time.Duration
	// RateLimitRate is the share of requests answered 429 (with a JSON:API
	// error and Retry-After) without being handled.
	RateLimitRate float64
	// ServerErrorRate is the share of requests answered 500, 502, 503 or 504.
	ServerErrorRate float64
	// DropRate is the share of connections closed with no response. It
	// needs a real connection (an http.Server, as sandboxtest.Start gives);
	// a caller of ServeHTTP with a recorder sees panic(http.ErrAbortHandler).
	//
	// For ServerErrorRate and DropRate, half the injected faults happen after
	// the request was handled: the write is applied and the answer is lost,
	// which is what makes a blind POST retry duplicate objects.
	DropRate float64
}

const (
	defaultRateLimit  = 3000
	defaultRateWindow = 300 * time.Second
	defaultMaxBody    = 10 << 20
)

// Server is an in-memory IT Glue-compatible API. It is safe for concurrent use.
type Server struct {
	opts     Options
	now      func() time.Time
	routes   []route
	limiter  *limiter
	faults   *faultInjector
	requests atomic.Int64

	mu sync.RWMutex
	st *store

	writeHook atomic.Pointer[func()]
}

// New returns an empty Server configured by opts.
func New(opts Options) (*Server, error) {
	if opts.APIKey == "" {
		return nil, errors.New("creating sandbox: an API key is required")
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = defaultRateLimit
	}
	if opts.RateWindow == 0 {
		opts.RateWindow = defaultRateWindow
	}
	if opts.RateWindow < 0 {
		return nil, errors.New("creating sandbox: the rate window must be positive")
	}
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = defaultMaxBody
	}
	if opts.MaxBodyBytes < 0 {
		return nil, errors.New("creating sandbox: the body limit must be positive")
	}
	if !opts.Profile.valid() {
		return nil, fmt.Errorf("creating sandbox: unknown profile %d", int(opts.Profile))
	}
	if opts.AssetPageLimit == 0 {
		opts.AssetPageLimit = DefaultAssetPageLimit
	}
	if err := opts.Faults.validate(); err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	s := &Server{opts: opts, now: now, st: newStore()}
	s.limiter = newLimiter(opts.RateLimit, opts.RateWindow)
	s.faults = newFaultInjector(opts.Faults)
	s.routes = s.routeTable()
	return s, nil
}

// RequestCount reports how many requests the server has received, faulted
// and rejected ones included.
func (s *Server) RequestCount() int64 { return s.requests.Load() }

// OnWrite registers f to be called (outside any lock) after every request
// that changed the account; the CLI uses it to persist --data. Passing nil
// removes the hook.
func (s *Server) OnWrite(f func()) {
	if f == nil {
		s.writeHook.Store(nil)
		return
	}
	s.writeHook.Store(&f)
}

func (s *Server) notifyWrite() {
	if f := s.writeHook.Load(); f != nil {
		(*f)()
	}
}

// ServeHTTP answers one API request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	if s.pessimistic() {
		w = noRetryAfter{w}
	}
	plan := s.faults.decide(r)
	if plan.latency > 0 {
		select {
		case <-time.After(plan.latency):
		case <-r.Context().Done():
			return
		}
	}
	if plan.before(w) {
		return
	}
	if plan.after == faultNone {
		s.serve(w, r)
		return
	}
	// The request is handled for real, but its answer is lost.
	s.serve(discardWriter{header: http.Header{}}, r)
	plan.apply(w)
}
