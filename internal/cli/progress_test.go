package cli_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

// fakeAfter is a clock for the client whose waits cost no time: after
// moves the clock on and fires at once.
type fakeAfter struct {
	mu sync.Mutex
	t  time.Time
}

func (f *fakeAfter) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeAfter) after(d time.Duration) <-chan time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
	ch := make(chan time.Time, 1)
	ch <- f.t
	return ch
}

// rateLimitNth stands in front of a sandbox and answers the n-th request
// of method with 429 and Retry-After, as IT Glue does once the key's
// budget is spent.
type rateLimitNth struct {
	next       http.Handler
	method     string
	n          int32
	seen       atomic.Int32
	retryAfter string
}

func (h *rateLimitNth) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == h.method && h.seen.Add(1) == h.n {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/vnd.api+json")
		w.Header().Set("Retry-After", h.retryAfter)
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"errors":[{"status":"429","title":"Too Many Requests"}]}`)
		return
	}
	h.next.ServeHTTP(w, r)
}

// progressRun runs glue-sync against the demo account behind h and
// returns the exit code, stdout and stderr.
func progressRun(t *testing.T, ios *cli.IOStreams, wrap func(http.Handler) http.Handler, args ...string) int {
	t.Helper()
	sb := sandboxtest.Start(t)
	sb.Seed(t, string(demo.Seed()))
	hs := httptest.NewServer(wrap(sb.Server))
	t.Cleanup(hs.Close)
	env := map[string]string{client.EnvBaseURL: hs.URL, client.EnvAPIKey: sb.Key,
		"CONTOSO_ERP_SVC_PASSWORD": "pw-1-long-enough", "CONTOSO_HQ_ROUTER_PASSWORD": "pw-2-long-enough", "FABRIKAM_WMS_SVC_PASSWORD": "pw-3-long-enough"}
	clock := &fakeAfter{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	return cli.Main(context.Background(), args, func(k string) string { return env[k] }, ios,
		cli.WithClientOptions(client.WithRateLimit(0, 0, 0), client.WithClock(clock.now, clock.after)))
}

// TestTranscriptRateLimited: a 429 with Retry-After in the middle of an
// apply is not a silent pause: stderr says how long glue-sync waits and
// why, and the apply goes on.
func TestTranscriptRateLimited(t *testing.T) {
	t.Parallel()
	ios, _, out, errOut := cli.TestStreams()
	args := []string{"apply", "--auto-approve", "../../examples/repo"}
	code := progressRun(t, ios, func(next http.Handler) http.Handler {
		return &rateLimitNth{next: next, method: http.MethodPatch, n: 2, retryAfter: "28"}
	}, args...)
	if code != 0 {
		t.Fatalf("rate-limited apply: exit %d\n%s%s", code, out, errOut)
	}
	stderr := errOut.String()
	if !strings.Contains(stderr, "waiting 28s: IT Glue answered 429 (rate limit; as Retry-After asks); retrying PATCH /") {
		t.Errorf("stderr does not say what apply waits for:\n%s", stderr)
	}
	if strings.Contains(out.String(), "waiting") {
		t.Errorf("the wait went to stdout:\n%s", out)
	}
	// The request counts belong to the request-count tests, not to this
	// transcript: batching changes them, the wait line stays.
	stderr = requestCounts.ReplaceAllString(stderr, "<n> $2")
	transcript(t, "apply-rate-limited.txt", "$ glue-sync "+strings.Join(args, " ")+"\n(stderr)\n"+stderr, nil)
}

var requestCounts = regexp.MustCompile(`\b(\d+) (API requests|to plan|to apply)\b`)

// TestProgressOnTerminal: with stderr a terminal, reads and the apply
// show one status line rewritten in place (a bar with counts and the
// change in flight), and stdout holds only the JSON report.
func TestProgressOnTerminal(t *testing.T) {
	t.Parallel()
	ios, _, out, errOut := cli.TestStreams()
	ios.ErrTTY, ios.ErrWidth = true, 120
	code := progressRun(t, ios, func(next http.Handler) http.Handler { return next },
		"apply", "--auto-approve", "--format", "json", "../../examples/repo")
	if code != 0 {
		t.Fatalf("apply: exit %d\n%s%s", code, out, errOut)
	}
	var report map[string]any
	if err := json.Unmarshal(out.Bytes(), &report); err != nil {
		t.Errorf("stdout is not only the JSON report: %v\n%s", err, out)
	}
	stderr := errOut.String()
	for _, want := range []string{
		"\r\x1b[Kreading organizations",
		"\r\x1b[K[--------------------] 0/25 ~ flexible-asset-type Backup Job",
		"\r\x1b[K[####################] 25/25",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr on a terminal lacks %q:\n%q", want, stderr)
		}
	}
	if strings.Contains(stderr, "[1/25]") {
		t.Errorf("on a terminal, applied changes have their own lines besides the bar:\n%s", stderr)
	}
}

// TestProgressInLog: in a log (stderr not a terminal), a read that keeps
// glue-sync quiet for 2 s gets a plain "reading ...: page n/m" line; the
// plan on stdout stays pure JSON.
func TestProgressInLog(t *testing.T) {
	t.Parallel()
	ios, _, out, errOut := cli.TestStreams()
	var tick atomic.Int64
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	ios.Now = func() time.Time { return start.Add(time.Duration(tick.Add(1)) * time.Second) } // a slow account
	sb := sandboxtest.Start(t)
	sb.Seed(t, string(demo.Seed()))
	env := map[string]string{client.EnvBaseURL: sb.URL, client.EnvAPIKey: sb.Key,
		"CONTOSO_ERP_SVC_PASSWORD": "pw-1-long-enough", "CONTOSO_HQ_ROUTER_PASSWORD": "pw-2-long-enough", "FABRIKAM_WMS_SVC_PASSWORD": "pw-3-long-enough"}
	code := cli.Main(context.Background(), []string{"plan", "--format", "json", "../../examples/repo"}, func(k string) string { return env[k] }, ios,
		cli.WithClientOptions(client.WithRateLimit(0, 0, 0), client.WithPageSize(1)))
	if code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, errOut)
	}
	var p map[string]any
	if err := json.Unmarshal(out.Bytes(), &p); err != nil {
		t.Errorf("stdout is not only the JSON plan: %v\n%s", err, out)
	}
	stderr := errOut.String()
	// Which list is being read when the log has been quiet long enough
	// depends on what plan read while the repository loaded.
	if !regexp.MustCompile(`(?m)^reading [a-z ]+[0-9]*: page [0-9]+/[0-9]+$`).MatchString(stderr) {
		t.Errorf("a slow read printed no progress line:\n%s", stderr)
	}
	if strings.Contains(stderr, "\r") || strings.Contains(stderr, "\x1b") {
		t.Errorf("a log got terminal control sequences:\n%q", stderr)
	}
}
