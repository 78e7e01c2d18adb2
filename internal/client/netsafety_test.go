package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeClock replaces the client's clock and sleep: a sleep returns at
// once and moves the clock on, so waits of minutes cost nothing.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept []time.Duration
}

func useFakeClock(c *Client) *fakeClock {
	f := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c.now = f.now
	c.sleep = f.sleep
	return f
}

func (f *fakeClock) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) sleep(d time.Duration) <-chan time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
	f.slept = append(f.slept, d)
	ch := make(chan time.Time, 1)
	ch <- f.t
	return ch
}

func (f *fakeClock) total() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	var s time.Duration
	for _, d := range f.slept {
		s += d
	}
	return s
}

// trap is a server that must never be contacted; it counts the requests
// (and the keys) that reach it anyway.
type trap struct {
	*httptest.Server
	hits, keys atomic.Int64
}

func newTrap(t *testing.T) *trap {
	tr := &trap{}
	tr.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tr.hits.Add(1)
		if r.Header.Get("x-api-key") != "" {
			tr.keys.Add(1)
		}
		reply(w, 200, orgBody)
	}))
	t.Cleanup(tr.Close)
	return tr
}

// writeCalls are one call per method, each through the public API.
var writeCalls = []struct {
	method, path string
	call         func(*Client) error
}{
	{"GET", "/organizations/5", func(c *Client) error { _, err := c.Organizations.Get(context.Background(), 5); return err }},
	{"POST", "/organizations", func(c *Client) error {
		_, err := c.Organizations.Create(context.Background(), OrganizationWrite{Name: ptr("Acme")})
		return err
	}},
	{"PATCH", "/organizations/5", func(c *Client) error {
		_, err := c.Organizations.Update(context.Background(), 5, OrganizationWrite{Alert: ptr("x")})
		return err
	}},
	{"DELETE", "/flexible_assets/5", func(c *Client) error { return c.FlexibleAssets.Delete(context.Background(), 5) }},
}

// TestRedirectOffOriginIsRefused: a redirect to another origin is never
// followed, for reads or writes, whatever its status; the key never
// reaches the other server, nothing is retried, and the error names both
// origins and says the base URL is probably wrong.
func TestRedirectOffOriginIsRefused(t *testing.T) {
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, tc := range writeCalls {
			t.Run(fmt.Sprintf("%s %d", tc.method, status), func(t *testing.T) {
				evil := newTrap(t)
				var dbg, notes bytes.Buffer
				c, mux := setup(t, WithDebug(&dbg), WithNotices(&notes))
				var asked atomic.Int64
				mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
					asked.Add(1)
					// A hostile Location may even carry the key it was sent.
					http.Redirect(w, r, evil.URL+"/steal?k="+testKey, status)
				})
				err := tc.call(c)
				var re *RedirectError
				if !errors.As(err, &re) {
					t.Fatalf("err = %v, want a *RedirectError", err)
				}
				if IsAmbiguous(err) {
					t.Errorf("err = %v: a refused redirect is not an unknown outcome", err)
				}
				if evil.hits.Load() != 0 {
					t.Errorf("the other origin got %d requests (%d with the key)", evil.hits.Load(), evil.keys.Load())
				}
				if asked.Load() != 1 {
					t.Errorf("the API got %d requests, want 1 (a refused redirect is not retried)", asked.Load())
				}
				msg := err.Error()
				base := strings.TrimPrefix(c.BaseURL(), "")
				for _, want := range []string{tc.method + " " + tc.path, fmt.Sprint(status), displayOrigin(c.base), evil.URL, "base URL is probably wrong", "ITGLUE_BASE_URL", "the API key was not sent there"} {
					if !strings.Contains(msg, want) {
						t.Errorf("error %q lacks %q", msg, want)
					}
				}
				if strings.Contains(msg, testKey) || strings.Contains(msg, "/steal") || strings.Contains(msg, base+"/") {
					t.Errorf("error %q shows the key, or a path rather than origins", msg)
				}
				if logs := dbg.String() + notes.String(); strings.Contains(logs, testKey) || strings.Contains(logs, "/steal") || !strings.Contains(dbg.String(), tc.method+" "+tc.path+": the API at") {
					t.Errorf("debug log %q: want the refused redirect, never the key", logs)
				}
			})
		}
	}
}

// TestRedirectDowngradeIsRefused: an https API redirecting to plain http,
// on the same host, is refused and said to be a downgrade.
func TestRedirectDowngradeIsRefused(t *testing.T) {
	plain := newTrap(t)
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(plain.URL, "http://"))
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://127.0.0.1:"+port+r.URL.Path, http.StatusMovedPermanently)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL, APIKey: testKey}, WithHTTPClient(srv.Client()), WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Organizations.Get(context.Background(), 5)
	var re *RedirectError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "downgrades https to plain http") {
		t.Fatalf("err = %v, want a refused downgrade", err)
	}
	if plain.hits.Load() != 0 {
		t.Errorf("the plain http server got %d requests", plain.hits.Load())
	}
}

// TestSameOriginRedirects: a GET follows a redirect within the base URL's
// origin (the key stays with the same server), up to maxRedirects; a
// write is never redirected, even within the origin, so a 302 cannot turn
// a POST into a GET that "succeeds".
func TestSameOriginRedirects(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /organizations/5", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, basePath+"/organizations/6", http.StatusFound)
	})
	mux.HandleFunc("GET /organizations/6", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, orgBody) })
	if o, err := c.Organizations.Get(context.Background(), 5); err != nil || o.Name != "Acme" {
		t.Errorf("GET redirected within the origin: %+v, %v; want Acme", o, err)
	}
	var loops atomic.Int64
	mux.HandleFunc("GET /organizations/7", func(w http.ResponseWriter, r *http.Request) {
		loops.Add(1)
		http.Redirect(w, r, basePath+"/organizations/7", http.StatusFound)
	})
	if _, err := c.Organizations.Get(context.Background(), 7); err == nil || !strings.Contains(err.Error(), "more than 3 redirects") || loops.Load() != maxRedirects+1 {
		t.Errorf("redirect loop: %v after %d requests; want a refusal after %d", err, loops.Load(), maxRedirects+1)
	}
	for _, status := range []int{302, 307, 308} {
		c, mux := setup(t)
		var landed atomic.Int64
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.URL.Path, "/landed") {
				landed.Add(1)
				reply(w, 200, orgBody)
				return
			}
			http.Redirect(w, r, basePath+"/landed"+r.URL.Path, status)
		})
		for _, tc := range writeCalls[1:] {
			err := tc.call(c)
			if !strings.Contains(fmt.Sprint(err), "a write is never redirected") {
				t.Errorf("%s %d within the origin: %v, want a refused redirect", tc.method, status, err)
			}
		}
		if landed.Load() != 0 {
			t.Errorf("%d: %d redirected writes were sent on", status, landed.Load())
		}
	}
}

// TestTLSFailuresAreNotRetried: an untrusted certificate, or a server
// that does not speak TLS, fails the first attempt with its cause shown
// plainly and a hint; nothing reaches the handler, nothing is retried.
func TestTLSFailuresAreNotRetried(t *testing.T) {
	var hits atomic.Int64
	count := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1); reply(w, 200, orgBody) })
	untrusted := quietTLSServer(t, count)
	plain := httptest.NewServer(count)
	t.Cleanup(plain.Close)
	tests := []struct {
		name, base string
		want       []string
	}{
		{"unknown authority", untrusted.URL, []string{"x509: certificate signed by unknown authority", "SSL_CERT_FILE", "trust store"}},
		{"plain http behind https", "https://" + strings.TrimPrefix(plain.URL, "http://"), []string{"HTTP response to HTTPS client", "scheme and port"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits.Store(0)
			// Backoff of an hour: a retry would hang the test.
			c, err := New(Config{BaseURL: tt.base, APIKey: testKey}, WithRateLimit(0, 0, 0), WithBackoff(time.Hour, time.Hour), WithMaxRetryTime(2*time.Hour, 2*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.Organizations.List(context.Background(), nil)
			var te *TLSError
			if !errors.As(err, &te) {
				t.Fatalf("err = %v, want a *TLSError", err)
			}
			msg := err.Error()
			for _, want := range append(tt.want, "cannot connect securely to the IT Glue API at "+tt.base, "not retried", "the API key was not sent") {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q lacks %q", msg, want)
				}
			}
			if strings.Contains(msg, "context canceled") || strings.Contains(msg, testKey) {
				t.Errorf("error %q", msg)
			}
			if n := c.Stats().Requests; n != 1 || hits.Load() != 0 {
				t.Errorf("%d requests, %d answered; want 1 attempt that reached no handler", n, hits.Load())
			}
		})
	}
}

// TestUnknownHostIsNotRetried: a host name that does not resolve fails
// the first attempt with the resolver's answer, before and after the API
// has answered once.
func TestUnknownHostIsNotRetried(t *testing.T) {
	var n atomic.Int64
	tr := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if n.Add(1) == 1 {
			return http.DefaultTransport.RoundTrip(r)
		}
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "api.itglue.invalid", IsNotFound: true}}
	})
	c, mux := setup(t, WithHTTPClient(&http.Client{Transport: tr}), WithBackoff(time.Hour, time.Hour), WithMaxRetryTime(2*time.Hour, 2*time.Hour))
	mux.HandleFunc("GET /organizations/5", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, orgBody) })
	if _, err := c.Organizations.Get(context.Background(), 5); err != nil {
		t.Fatal(err)
	}
	_, err := c.Organizations.Get(context.Background(), 5)
	var ue *UnreachableError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "lookup api.itglue.invalid: no such host") || !strings.Contains(err.Error(), "ITGLUE_BASE_URL") {
		t.Fatalf("err = %v, want an *UnreachableError showing the DNS answer", err)
	}
	if got := n.Load(); got != 2 {
		t.Errorf("%d requests, want 2 (the DNS failure is not retried)", got)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestHostilePaginationStopsQuickly: page counts the object count cannot
// explain, empty pages before the last one announced, and pages that
// never end stop the list with an error after a handful of requests.
func TestHostilePaginationStopsQuickly(t *testing.T) {
	item := func(id int) string {
		return fmt.Sprintf(`{"id":"%d","type":"organizations","attributes":{"name":"o%d"}}`, id, id)
	}
	tests := []struct {
		name    string
		size    int
		page    func(n int) string // the body of page n
		want    string
		maxReqs int64
	}{
		{"2e9 pages claimed, no count", 1000, func(n int) string {
			return `{"data":[` + item(n) + `],"meta":{"total-pages":2000000000,"next-page":2}}`
		}, "announced 2000000000 pages, more than the 10000", 1},
		{"2e9 pages for 2e12 objects", 1000, func(n int) string {
			return `{"data":[` + item(n) + `],"meta":{"total-pages":2000000000,"total-count":2000000000000}}`
		}, "announced 2000000000 pages", 1},
		{"pages for few objects", 1000, func(n int) string {
			return `{"data":[` + item(n) + `],"meta":{"total-pages":500,"total-count":5}}`
		}, "announced 500 pages for 5 objects", 1},
		{"empty pages after the first", 2, func(n int) string {
			if n == 1 {
				return `{"data":[` + item(1) + `,` + item(2) + `],"meta":{"total-pages":5000,"total-count":10000}}`
			}
			return `{"data":[],"meta":{"total-pages":5000,"total-count":10000}}`
		}, "of the 5000 announced is empty", 1 + 2*DefaultConcurrency},
		{"empty first page", 1000, func(n int) string {
			return `{"data":[],"meta":{"total-pages":50}}`
		}, "page 1 of the 50 announced is empty", 1},
		{"the same page forever", 2, func(n int) string {
			return `{"data":[` + item(1) + `,` + item(2) + `],"meta":{"next-page":` + fmt.Sprint(n+1) + `}}`
		}, "page 2 holds only objects of earlier pages", 2},
		{"new objects beyond the count", 1, func(n int) string {
			return `{"data":[` + item(n) + `],"meta":{"next-page":` + fmt.Sprint(n+1) + `,"total-count":5}}`
		}, "more than the 7 pages this list can have", 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t, WithPageSize(tt.size))
			var reqs atomic.Int64
			mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) {
				reqs.Add(1)
				var n int
				fmt.Sscan(r.URL.Query().Get("page[number]"), &n)
				reply(w, 200, tt.page(n))
			})
			_, err := c.Organizations.List(context.Background(), nil)
			var pe *PaginationError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "GET /organizations") {
				t.Fatalf("err = %v, want a *PaginationError saying %q", err, tt.want)
			}
			if got := reqs.Load(); got > tt.maxReqs {
				t.Errorf("%d requests, want at most %d", got, tt.maxReqs)
			}
		})
	}
}

// TestResponseSizeIsCapped: a body over the cap fails the call at once,
// naming the path and the cap, with or without a Content-Length, and is
// not retried; the default cap is what the docs say. The cap is 4 KiB
// where the body is sent; without the option, a Content-Length one byte
// over 64 MiB is refused from the headers alone, so no 64 MiB is sent.
func TestResponseSizeIsCapped(t *testing.T) {
	if DefaultMaxResponseBytes != 64<<20 {
		t.Errorf("DefaultMaxResponseBytes = %d, want 64 MiB as documented", DefaultMaxResponseBytes)
	}
	tests := []struct {
		name     string
		limit    int64
		size     int
		chunked  bool
		headOnly bool // send the headers only (the Content-Length is a claim)
		want     string
	}{
		{"with Content-Length", 4 << 10, 10 << 10, false, false, "larger than 4 KiB"},
		{"streamed", 4 << 10, 10 << 10, true, false, "larger than 4 KiB"},
		{"streamed, one byte over", 4 << 10, 4<<10 + 1, true, false, "larger than 4 KiB"},
		{"default cap, with Content-Length", 0, DefaultMaxResponseBytes + 1, false, true, "larger than 64 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []Option
			if tt.limit > 0 {
				opts = append(opts, WithMaxResponseBytes(tt.limit))
			}
			c, mux := setup(t, opts...)
			var reqs atomic.Int64
			mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) {
				reqs.Add(1)
				if !tt.chunked {
					w.Header().Set("Content-Length", fmt.Sprint(tt.size))
				}
				w.WriteHeader(200)
				if tt.headOnly {
					return
				}
				chunk := bytes.Repeat([]byte(" "), 1<<16)
				for left := tt.size; left > 0; left -= len(chunk) {
					if _, err := w.Write(chunk[:min(left, len(chunk))]); err != nil {
						return
					}
				}
			})
			_, err := c.Organizations.List(context.Background(), nil)
			var rt *ResponseTooLargeError
			if !errors.As(err, &rt) || !strings.Contains(err.Error(), "GET /organizations") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want a *ResponseTooLargeError naming the path and %q", err, tt.want)
			}
			if reqs.Load() != 1 {
				t.Errorf("%d requests, want 1 (not retried)", reqs.Load())
			}
		})
	}
	// A create answered with a body too large to read did happen: its
	// outcome is unknown, so that it is re-listed, never created twice.
	c, mux := setup(t, WithMaxResponseBytes(4<<10))
	mux.HandleFunc("POST /organizations", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 201, `{"data":{"id":"5","type":"organizations","attributes":{"name":"`+strings.Repeat("A", 8<<10)+`"}}}`)
	})
	if err := writeCalls[1].call(c); !IsAmbiguous(err) || !strings.Contains(err.Error(), "larger than 4 KiB") {
		t.Errorf("oversized answer to a POST: %v, want an ambiguous write", err)
	}
	if _, err := New(Config{BaseURL: "http://127.0.0.1:1", APIKey: testKey}, WithMaxResponseBytes(10)); err == nil {
		t.Error("WithMaxResponseBytes(10) accepted")
	}
}

// TestRetryAfterIsCappedAndAnnounced: a Retry-After in seconds or as an
// HTTP date is waited (up to the cap, 60 s by default), and each wait is
// announced with its length and reason; without one the client backs off
// exponentially.
func TestRetryAfterIsCappedAndAnnounced(t *testing.T) {
	epoch := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, header string
		opts         []Option
		wantWait     time.Duration
		wantNotice   string
	}{
		{"huge seconds", "999999999", nil, 60 * time.Second, "waiting 1m0s before attempt 2 of 11 (Retry-After asked for 24h0m0s, capped)"},
		{"http date", epoch.Add(30 * time.Second).Format(http.TimeFormat), nil, 30 * time.Second, "waiting 30s before attempt 2 of 11 (as Retry-After asks)"},
		{"far http date", epoch.Add(48 * time.Hour).Format(http.TimeFormat), nil, 60 * time.Second, "capped"},
		{"configured cap", "120", []Option{WithMaxRetryAfter(5 * time.Second)}, 5 * time.Second, "waiting 5s"},
		{"none", "", []Option{WithBackoff(8*time.Second, 8*time.Second)}, 0, "(no Retry-After: backing off)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log bytes.Buffer
			c, mux := setup(t, append([]Option{WithNotices(&log)}, tt.opts...)...)
			clock := useFakeClock(c)
			h, n := flaky(1, func(w http.ResponseWriter) {
				if tt.header != "" {
					w.Header().Set("Retry-After", tt.header)
				}
				reply(w, 429, `{"errors":[{"status":429}]}`)
			}, func(w http.ResponseWriter, r *http.Request) { reply(w, 200, orgBody) })
			mux.HandleFunc("GET /organizations/5", h)
			if _, err := c.Organizations.Get(context.Background(), 5); err != nil || n.Load() != 2 {
				t.Fatalf("%v after %d requests; want success on the second", err, n.Load())
			}
			waited := clock.total()
			if tt.wantWait > 0 && waited != tt.wantWait {
				t.Errorf("waited %s, want %s", waited, tt.wantWait)
			}
			if tt.wantWait == 0 && (waited < 4*time.Second || waited > 8*time.Second) {
				t.Errorf("waited %s, want a jittered backoff in [4s, 8s]", waited)
			}
			if got := log.String(); !strings.Contains(got, "GET /organizations/5: rate limited (429 Too Many Requests); ") || !strings.Contains(got, tt.wantNotice) {
				t.Errorf("notices %q lack %q", got, tt.wantNotice)
			}
		})
	}
}

// TestFailingWritesStopWithinTheirRetryTime: a PATCH answered 500 every
// time is retried for 30 s, not for the ~100 s ten backoffs add up to;
// reads get 2 minutes. 429 waits do not count.
func TestFailingWritesStopWithinTheirRetryTime(t *testing.T) {
	tests := []struct {
		name   string
		call   func(*Client) error
		status int
		budget time.Duration
	}{
		{"PATCH 500", writeCalls[2].call, 500, DefaultMaxWriteRetryTime},
		{"DELETE 503", writeCalls[3].call, 503, DefaultMaxWriteRetryTime},
		{"GET 502", writeCalls[0].call, 502, DefaultMaxRetryTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var log bytes.Buffer
			// More retries than the default: the time bound must stop it.
			c, mux := setup(t, WithBackoff(defaultBackoffBase, defaultBackoffMax), WithNotices(&log), WithMaxRetries(30))
			clock := useFakeClock(c)
			var reqs atomic.Int64
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { reqs.Add(1); reply(w, tt.status, `{}`) })
			err := tt.call(c)
			if err == nil || !strings.Contains(err.Error(), "retried for at most "+tt.budget.String()) || !strings.Contains(err.Error(), fmt.Sprint(tt.status)) {
				t.Fatalf("err = %v, want giving up within %s", err, tt.budget)
			}
			if w := clock.total(); w > tt.budget || w < tt.budget/4 {
				t.Errorf("waited %s in %d attempts, want at most %s (and a fair share of it)", w, reqs.Load(), tt.budget)
			}
			if !strings.Contains(log.String(), "retrying in") {
				t.Errorf("no notice of the long waits: %q", log.String())
			}
		})
	}
	// 429s are waited out beyond the write retry time: the budget refills.
	c, mux := setup(t, WithBackoff(20*time.Second, 20*time.Second))
	clock := useFakeClock(c)
	h, _ := flaky(4, func(w http.ResponseWriter) { reply(w, 429, `{}`) }, func(w http.ResponseWriter, r *http.Request) { reply(w, 200, orgBody) })
	mux.HandleFunc("PATCH /organizations/5", h)
	if err := writeCalls[2].call(c); err != nil {
		t.Errorf("PATCH after four 429s (%s of waits): %v, want success", clock.total(), err)
	}
}

// TestSilentServerTimesOut: a server that never answers costs the
// request timeout per attempt, not two minutes, and says so.
func TestSilentServerTimesOut(t *testing.T) {
	c, mux := setup(t, WithRequestTimeout(50*time.Millisecond, 0), WithMaxRetries(1))
	mux.HandleFunc("GET /organizations/5", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	_, err := c.Organizations.Get(context.Background(), 5)
	if err == nil || !strings.Contains(err.Error(), "no complete answer within 50ms") || !strings.Contains(err.Error(), "--request-timeout") || !strings.Contains(err.Error(), "giving up after 2 attempts") {
		t.Fatalf("err = %v, want a request timeout after 2 attempts", err)
	}
	if c.writeTimeout != DefaultWriteTimeout {
		t.Errorf("write timeout %s, want the default %s kept", c.writeTimeout, DefaultWriteTimeout)
	}
	for _, o := range []Option{WithRequestTimeout(0, 0), WithRequestTimeout(time.Second, -1), WithMaxRetryTime(0, time.Second)} {
		if _, err := New(Config{BaseURL: "http://127.0.0.1:1", APIKey: testKey}, o); err == nil {
			t.Error("an invalid timeout option was accepted")
		}
	}
}

// quietTLSServer is an httptest TLS server that does not log the failed
// handshakes these tests cause on purpose.
func quietTLSServer(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}
