package client

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/time/rate"
)

// waitLog records what the WithWaitNotice hook heard.
type waitLog struct {
	mu    sync.Mutex
	waits []string
}

func (l *waitLog) notice(reason string, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.waits = append(l.waits, d.String()+" "+reason)
}

func (l *waitLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.waits...)
}

// TestWaitNotice: every wait of 2 s or more reaches the hook with why and
// how long (and no longer goes to the notices writer); shorter waits stay
// quiet.
func TestWaitNotice(t *testing.T) {
	tests := []struct {
		name    string
		answers []func(w http.ResponseWriter) // answers before a 200
		backoff time.Duration
		want    []string
	}{
		{
			name: "429 with Retry-After",
			answers: []func(w http.ResponseWriter){func(w http.ResponseWriter) {
				w.Header().Set("Retry-After", "28")
				reply(w, 429, `{"errors":[{"status":"429","title":"Too Many Requests"}]}`)
			}},
			backoff: time.Millisecond,
			want:    []string{"28s IT Glue answered 429 (rate limit; as Retry-After asks); retrying GET /organizations (attempt 2 of 11)"},
		},
		{
			name: "429 asking for more than the cap",
			answers: []func(w http.ResponseWriter){func(w http.ResponseWriter) {
				w.Header().Set("Retry-After", "280")
				reply(w, 429, `{"errors":[{"status":"429"}]}`)
			}},
			backoff: time.Millisecond,
			want:    []string{"1m0s IT Glue answered 429 (rate limit; Retry-After asked for 4m40s, capped); retrying GET /organizations (attempt 2 of 11)"},
		},
		{
			name: "503 with a long backoff",
			answers: []func(w http.ResponseWriter){func(w http.ResponseWriter) {
				reply(w, 503, `{"errors":[{"status":"503"}]}`)
			}},
			backoff: 8 * time.Second, // the jitter makes it 4s to 8s
			want:    []string{"GET /organizations failed (503 Service Unavailable); retrying"},
		},
		{
			name: "a short 429 wait is not announced",
			answers: []func(w http.ResponseWriter){func(w http.ResponseWriter) {
				w.Header().Set("Retry-After", "1")
				reply(w, 429, `{"errors":[{"status":"429"}]}`)
			}},
			backoff: time.Millisecond,
			want:    nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log := &waitLog{}
			var notices bytes.Buffer
			c, mux := setup(t, WithWaitNotice(log.notice), WithNotices(&notices), WithBackoff(tt.backoff, tt.backoff))
			clock := useFakeClock(c)
			var n atomic.Int32
			mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) {
				if i := int(n.Add(1)) - 1; i < len(tt.answers) {
					tt.answers[i](w)
					return
				}
				reply(w, 200, `{"data":[],"meta":{"total-pages":1,"total-count":0}}`)
			})
			if _, err := c.Organizations.List(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			got := log.all()
			if strings.HasPrefix(tt.name, "503") {
				// The backoff is jittered: check the reason and the range.
				if len(got) != 1 || !strings.HasSuffix(got[0], " "+tt.want[0]) {
					t.Fatalf("waits %q; want one ending %q", got, tt.want[0])
				}
				if slept := clock.total(); slept < 4*time.Second || slept > 8*time.Second {
					t.Errorf("slept %s; want the 4s-8s backoff", slept)
				}
			} else if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("wait notices (-want +got):\n%s", diff)
			}
			if notices.Len() > 0 {
				t.Errorf("with a wait hook, the notices writer still got %q", notices.String())
			}
		})
	}
}

// TestWaitNoticeWithoutHook: without WithWaitNotice the notices writer
// keeps its lines.
func TestWaitNoticeWithoutHook(t *testing.T) {
	var notices bytes.Buffer
	c, mux := setup(t, WithNotices(&notices))
	useFakeClock(c)
	var n atomic.Int32
	mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Retry-After", "28")
			reply(w, 429, `{"errors":[{"status":"429"}]}`)
			return
		}
		reply(w, 200, `{"data":[],"meta":{"total-pages":1,"total-count":0}}`)
	})
	if _, err := c.Organizations.List(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(notices.String(), "rate limited (429 Too Many Requests); waiting 28s") {
		t.Errorf("notices %q; want the 429 line", notices.String())
	}
}

// TestBudgetWaitNotice: when the client's own rate budget is about to
// hold a request for seconds, the hook hears it once for that wait.
func TestBudgetWaitNotice(t *testing.T) {
	log := &waitLog{}
	c, _ := setup(t, WithWaitNotice(log.notice))
	c.limiter = rate.NewLimiter(rate.Every(10*time.Second), 1)
	c.budgetWait() // a token is there: no wait
	if got := log.all(); len(got) != 0 {
		t.Fatalf("a full budget announced %q", got)
	}
	c.limiter.Allow()
	c.budgetWait()
	c.budgetWait() // the same wait: not announced twice
	got := log.all()
	if len(got) != 1 || !strings.Contains(got[0], "keeping under IT Glue's rate limit") {
		t.Fatalf("budget waits %q; want one notice", got)
	}
	if d, _ := time.ParseDuration(strings.Fields(got[0])[0]); d < 9*time.Second || d > 10*time.Second {
		t.Errorf("budget wait %q; want about 10s", got[0])
	}
}

// TestReadProgress: a paginated list reports each page read against the
// pages the first one announced.
func TestReadProgress(t *testing.T) {
	var (
		mu  sync.Mutex
		got []string
	)
	c, mux := setup(t, WithPageSize(3), WithConcurrency(1), WithReadProgress(func(what string, read, pages int) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, what+": "+itoa(int64(read))+"/"+itoa(int64(pages)))
	}))
	mux.Handle("GET /organizations", &pages{n: 7, kind: "organizations"})
	if _, err := c.Organizations.List(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	want := []string{"listing organizations: 1/3", "listing organizations: 2/3", "listing organizations: 3/3"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("read progress (-want +got):\n%s", diff)
	}
}

// TestPauseNoticeOncePerPause: requests that meet the same exhausted
// budget each get a 429; the wait they share is announced once, and again
// only when a later 429 makes it longer.
func TestPauseNoticeOncePerPause(t *testing.T) {
	log := &waitLog{}
	c, mux := setup(t, WithWaitNotice(log.notice))
	useFakeClock(c)
	retryAfter := []string{"28", "28", "60"}
	var n atomic.Int32
	mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) {
		if i := int(n.Add(1)) - 1; i < len(retryAfter) {
			if i == 0 {
				c.pause(28 * time.Second) // a request in flight alongside got a 429 and announced it
			}
			w.Header().Set("Retry-After", retryAfter[i])
			reply(w, 429, `{"errors":[{"status":"429"}]}`)
			return
		}
		reply(w, 200, `{"data":[],"meta":{"total-pages":1,"total-count":0}}`)
	})
	if _, err := c.Organizations.List(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	// The first 28 s falls inside the pause already announced; the clock
	// then moved past it, so the second is a new wait; the 60 s one is too.
	want := []string{
		"28s IT Glue answered 429 (rate limit; as Retry-After asks); retrying GET /organizations (attempt 3 of 11)",
		"1m0s IT Glue answered 429 (rate limit; as Retry-After asks); retrying GET /organizations (attempt 4 of 11)",
	}
	if diff := cmp.Diff(want, log.all()); diff != "" {
		t.Errorf("wait notices (-want +got):\n%s", diff)
	}
}
