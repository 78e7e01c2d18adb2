package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// drop closes the connection without answering.
func drop(t *testing.T, w http.ResponseWriter) {
	t.Helper()
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
}

// flaky answers the first fails requests with fail, then calls ok.
func flaky(fails int, fail func(http.ResponseWriter), ok http.HandlerFunc) (http.HandlerFunc, *atomic.Int64) {
	var n atomic.Int64
	return func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= int64(fails) {
			fail(w)
			return
		}
		ok(w, r)
	}, &n
}

const orgBody = `{"data":{"id":"5","type":"organizations","attributes":{"name":"Acme"}}}`

func TestReadsRetryTransientFailures(t *testing.T) {
	tests := []struct {
		name string
		fail func(t *testing.T) func(http.ResponseWriter)
	}{
		{"429 without Retry-After", func(*testing.T) func(http.ResponseWriter) {
			return func(w http.ResponseWriter) { reply(w, 429, `{"errors":[{"status":429,"title":"Too Many Requests"}]}`) }
		}},
		{"429 with Retry-After", func(*testing.T) func(http.ResponseWriter) {
			return func(w http.ResponseWriter) { w.Header().Set("Retry-After", "0"); reply(w, 429, `{}`) }
		}},
		{"500", func(*testing.T) func(http.ResponseWriter) {
			return func(w http.ResponseWriter) { reply(w, 500, `{"errors":[{"status":500}]}`) }
		}},
		{"502 html", func(*testing.T) func(http.ResponseWriter) {
			return func(w http.ResponseWriter) { w.WriteHeader(502); w.Write([]byte("<html>Bad Gateway</html>")) }
		}},
		{"dropped connection", func(t *testing.T) func(http.ResponseWriter) { return func(w http.ResponseWriter) { drop(t, w) } }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			h, n := flaky(3, tt.fail(t), func(w http.ResponseWriter, r *http.Request) { reply(w, 200, orgBody) })
			mux.HandleFunc("GET /organizations/5", h)
			o, err := c.Organizations.Get(context.Background(), 5)
			if err != nil || o.Name != "Acme" {
				t.Fatalf("got %+v, %v", o, err)
			}
			if n.Load() != 4 {
				t.Errorf("%d requests, want 4", n.Load())
			}
			if s := c.Stats(); s.Requests != 4 || s.Retries != 3 {
				t.Errorf("stats: %d requests, %d retries; want 4 and 3", s.Requests, s.Retries)
			}
		})
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	c, mux := setup(t)
	clock := useFakeClock(c)
	h, _ := flaky(1, func(w http.ResponseWriter) {
		w.Header().Set("Retry-After", "1")
		reply(w, 429, `{"errors":[{"status":429,"title":"Too Many Requests"}]}`)
	}, func(w http.ResponseWriter, r *http.Request) { reply(w, 200, orgBody) })
	mux.HandleFunc("GET /organizations/5", h)
	if _, err := c.Organizations.Get(context.Background(), 5); err != nil {
		t.Fatal(err)
	}
	if got := clock.total(); got != time.Second {
		t.Errorf("waited %s before the retry, want the 1 s of Retry-After", got)
	}
	if s := c.Stats(); s.RateLimited != 1 || s.Wait < time.Second {
		t.Errorf("stats %+v: want 1 rate-limited response and about 1 s of wait", s)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"3", 3 * time.Second, true},
		{"0", 0, true},
		{"", 0, false},
		{"soon", 0, false},
		{"-1", 0, false},
		{now.Add(10 * time.Second).Format(http.TimeFormat), 10 * time.Second, true},
		{"7200", 2 * time.Hour, true}, // capped by the caller
		{"999999999999999999999", 24 * time.Hour, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
	}
	for _, tt := range tests {
		got, ok := retryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("retryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestGivingUpOnRateLimitMatchesSentinel(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(2))
	mux.HandleFunc("GET /organizations/5", func(w http.ResponseWriter, r *http.Request) { reply(w, 429, `{}`) })
	_, err := c.Organizations.Get(context.Background(), 5)
	if !errors.Is(err, ErrRateLimited) || !strings.Contains(err.Error(), "giving up after 3 attempts") || !strings.Contains(err.Error(), "wait a few minutes") {
		t.Errorf("err = %v, want ErrRateLimited after 3 attempts", err)
	}
}

func TestPostIsNeverRetriedBlindly(t *testing.T) {
	tests := []struct {
		name      string
		fail      func(t *testing.T) func(http.ResponseWriter)
		ambiguous bool
		requests  int64
	}{
		{"500 is ambiguous", func(*testing.T) func(http.ResponseWriter) {
			return func(w http.ResponseWriter) { reply(w, 500, `{}`) }
		}, true, 1},
		{"504 is ambiguous", func(*testing.T) func(http.ResponseWriter) {
			return func(w http.ResponseWriter) { reply(w, 504, `{"message":"Endpoint request timed out"}`) }
		}, true, 1},
		{"drop is ambiguous", func(t *testing.T) func(http.ResponseWriter) { return func(w http.ResponseWriter) { drop(t, w) } }, true, 1},
		{"429 is retried", func(*testing.T) func(http.ResponseWriter) {
			return func(w http.ResponseWriter) { reply(w, 429, `{}`) }
		}, false, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			h, n := flaky(1, tt.fail(t), func(w http.ResponseWriter, r *http.Request) { reply(w, 201, orgBody) })
			mux.HandleFunc("POST /organizations", h)
			_, err := c.Organizations.Create(context.Background(), OrganizationWrite{Name: ptr("Acme")})
			if IsAmbiguous(err) != tt.ambiguous {
				t.Errorf("err = %v, want ambiguous=%v", err, tt.ambiguous)
			}
			var aw *AmbiguousWriteError
			if tt.ambiguous && (!errors.As(err, &aw) || aw.Method != "POST" || aw.Path != "/organizations") {
				t.Errorf("err = %#v, want *AmbiguousWriteError for POST /organizations", err)
			}
			if n.Load() != tt.requests {
				t.Errorf("%d requests, want %d", n.Load(), tt.requests)
			}
		})
	}
}

func TestPatchAndDeleteAreRetried(t *testing.T) {
	c, mux := setup(t)
	h, n := flaky(2, func(w http.ResponseWriter) { reply(w, 503, `{}`) }, func(w http.ResponseWriter, r *http.Request) { reply(w, 200, orgBody) })
	mux.HandleFunc("PATCH /organizations/5", h)
	if _, err := c.Organizations.Update(context.Background(), 5, OrganizationWrite{Alert: ptr("x")}); err != nil || n.Load() != 3 {
		t.Errorf("PATCH: %v after %d requests, want success after 3", err, n.Load())
	}
	// The first DELETE is applied but its answer is lost; the retry gets 404.
	var deletes atomic.Int64
	mux.HandleFunc("DELETE /flexible_assets/9", func(w http.ResponseWriter, r *http.Request) {
		if deletes.Add(1) == 1 {
			drop(t, w)
			return
		}
		reply(w, 404, `{"errors":[{"status":404,"title":"Not Found"}]}`)
	})
	if err := c.FlexibleAssets.Delete(context.Background(), 9); err != nil {
		t.Errorf("DELETE whose retry finds the object gone: %v, want success", err)
	}
	// The same for a bulk DELETE, which gets a 422 for ids already gone.
	var bulk atomic.Int64
	mux.HandleFunc("DELETE /flexible_assets", func(w http.ResponseWriter, r *http.Request) {
		if bulk.Add(1) == 1 {
			reply(w, 502, `{"message":"Bad Gateway"}`)
			return
		}
		reply(w, 422, `{"errors":[{"status":422,"detail":"no flexible asset with id 9","source":{"pointer":"/data/0/attributes/id"}}]}`)
	})
	if err := c.FlexibleAssets.DeleteBulk(context.Background(), []int64{9}); err != nil {
		t.Errorf("bulk DELETE whose retry finds the objects gone: %v, want success", err)
	}
	if err := c.FlexibleAssets.DeleteBulk(context.Background(), []int64{9}); !errors.Is(err, ErrValidation) {
		t.Errorf("bulk DELETE refused on the first attempt: %v, want ErrValidation", err)
	}
	// A 404 on the first attempt is a real 404.
	mux.HandleFunc("DELETE /flexible_assets/10", func(w http.ResponseWriter, r *http.Request) { reply(w, 404, `{}`) })
	if err := c.FlexibleAssets.Delete(context.Background(), 10); !errors.Is(err, ErrNotFound) {
		t.Errorf("DELETE of a missing asset: %v, want ErrNotFound", err)
	}
}

func TestContextCancelStopsRetries(t *testing.T) {
	c, mux := setup(t, WithBackoff(time.Hour, time.Hour), WithMaxRetryTime(2*time.Hour, 2*time.Hour))
	mux.HandleFunc("GET /organizations/5", func(w http.ResponseWriter, r *http.Request) { reply(w, 500, `{}`) })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := c.Organizations.Get(ctx, 5)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's deadline", err)
	}
}

func TestRateBudgetPacesRequests(t *testing.T) {
	// 20 requests per second with a burst of 1: 6 requests take >= 250 ms.
	c, mux := setup(t, WithRateLimit(20, time.Second, 1))
	mux.HandleFunc("GET /organizations/5", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, orgBody) })
	start := time.Now()
	for range 6 {
		if _, err := c.Organizations.Get(context.Background(), 5); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 240*time.Millisecond {
		t.Errorf("6 requests took %s, want >= 250ms under a 20/s budget", d)
	}
}

func ptr[T any](v T) *T { return &v }

func TestCancelledPostIsAmbiguous(t *testing.T) {
	c, mux := setup(t)
	ctx, cancel := context.WithCancel(context.Background())
	mux.HandleFunc("POST /organizations", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body) // lets the server notice the client leaving
		cancel()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	_, err := c.Organizations.Create(ctx, OrganizationWrite{Name: ptr("Acme")})
	if !IsAmbiguous(err) || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want an ambiguous write wrapping context.Canceled", err)
	}
}
