package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

// demoEnv is what planning examples/repo against hs needs.
func demoEnv(t *testing.T, url, key string) map[string]string {
	return map[string]string{client.EnvBaseURL: url, client.EnvAPIKey: key, "XDG_CACHE_HOME": t.TempDir(),
		"CONTOSO_ERP_SVC_PASSWORD": "pw-1-long-enough", "CONTOSO_HQ_ROUTER_PASSWORD": "pw-2-long-enough", "FABRIKAM_WMS_SVC_PASSWORD": "pw-3-long-enough"}
}

// TestPlanReadsTheAccountWhileTheRepositoryLoads: plan's four
// account-wide lists reach the API before the repository is loaded (the
// loading hook holds the load until they have, which a plan that reads
// only after loading never passes), and the plan is the one a plan
// without overlap makes.
func TestPlanReadsTheAccountWhileTheRepositoryLoads(t *testing.T) {
	sb := sandboxtest.Start(t)
	sb.Seed(t, string(demo.Seed()))
	arrived := make(chan string, 64)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- r.URL.Path:
		default:
		}
		sb.Server.ServeHTTP(w, r)
	}))
	defer hs.Close()
	ios, _, out, errOut := TestStreams()
	// The hook holds the load until each account-wide list has arrived,
	// in whatever order the concurrent reads reach the API (an asset list
	// may come first on a loaded machine).
	wanted := []string{"/organization_types", "/organization_statuses", "/organizations", "/flexible_asset_types"}
	var early []string
	missing := func() []string {
		var m []string
		for _, w := range wanted {
			if !slices.Contains(early, w) {
				m = append(m, w)
			}
		}
		return m
	}
	d := &deps{ctx: context.Background(), getenv: envOf(demoEnv(t, hs.URL, sb.Key)), io: ios,
		clientOpts: []client.Option{client.WithRateLimit(0, 0, 0)},
		loading: func() {
			timeout := time.After(20 * time.Second)
			for len(missing()) > 0 {
				select {
				case p := <-arrived:
					early = append(early, p)
				case <-timeout:
					t.Errorf("%v were not read while the repository loaded (early reads: %v)", missing(), early)
					return
				}
			}
		}}
	code := run(d, []string{"plan", "--format", "json", "../../examples/repo"})
	if code != 0 {
		t.Fatalf("plan: exit %d\n%s", code, errOut)
	}
	// The same plan as without the overlap (the sandbox path reads after
	// loading, as every plan did before).
	ios2, _, out2, errOut2 := TestStreams()
	if code := run(&deps{ctx: context.Background(), getenv: envOf(nil), io: ios2}, []string{"plan", "--format", "json", "--sandbox", "../../examples/repo"}); code != 0 {
		t.Fatalf("plan --sandbox: exit %d\n%s", code, errOut2)
	}
	if got, want := planChanges(t, out.String()), planChanges(t, out2.String()); got != want {
		t.Errorf("the overlapped plan differs from one read after loading:\n%s\nwant\n%s", got, want)
	}
}

// TestBrokenRepositoryStopsTheEarlyRead: a repository that fails to load
// cancels the read started beside it at once (the API here never answers,
// and --request-timeout is an hour: plan returns only if it cancelled),
// sends nothing after, and reports exactly what a plan that never
// connected reports.
func TestBrokenRepositoryStopsTheEarlyRead(t *testing.T) {
	repo := brokenRepo(t)
	var received, inFlight atomic.Int64
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		received.Add(1)
		inFlight.Add(1)
		defer inFlight.Add(-1)
		<-r.Context().Done()
	}))
	defer hs.Close()
	plan := func(env map[string]string) (int, string) {
		ios, _, _, errOut := TestStreams()
		done := make(chan int, 1)
		go func() {
			done <- run(&deps{ctx: context.Background(), getenv: envOf(env), io: ios},
				[]string{"plan", "--request-timeout", "1h", repo})
		}()
		select {
		case code := <-done:
			return code, strings.ReplaceAll(errOut.String(), repo, "REPO")
		case <-time.After(20 * time.Second):
			t.Fatal("plan of a broken repository waited for the API: the early read was not stopped")
		}
		return 0, ""
	}
	env := demoEnv(t, hs.URL, "ITG.early")
	code, stderr := plan(env)
	sent := received.Load()
	delete(env, client.EnvAPIKey) // never connects: the reference output
	refCode, refStderr := plan(env)
	if code != 1 || refCode != 1 {
		t.Fatalf("exit codes %d and %d, want 1", code, refCode)
	}
	if stderr != refStderr {
		t.Errorf("a broken repository is reported differently when the account was being read:\n%s\nwant\n%s", stderr, refStderr)
	}
	if !strings.Contains(stderr, "broken.yaml") {
		t.Errorf("the load error is not reported:\n%s", stderr)
	}
	hs.Close() // waits for the handlers: every request was cancelled
	if got := received.Load(); got != sent {
		t.Errorf("%d requests reached the API after plan returned", got-sent)
	}
}

// planChanges is a JSON plan without where it came from and went to, and
// without the times objects were last updated (the seeding's).
func planChanges(t *testing.T, s string) string {
	t.Helper()
	var p map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &p); err != nil {
		t.Fatalf("not a JSON plan: %v\n%s", err, s)
	}
	delete(p, "source")
	delete(p, "target")
	b, _ := json.MarshalIndent(p, "", " ")
	return updatedAt.ReplaceAllString(string(b), `"updated_at": "…"`)
}

var updatedAt = regexp.MustCompile(`"updated_at": "[^"]*"`)

// TestBrokenRepositoryHidesTheEarlyClientsNotices: what the client opened
// for the early read says (here: the shared budget folder cannot be used)
// waits for the repository to load, so a broken repository is reported
// exactly as by a plan that never connected, with no line of a client
// that is then abandoned.
func TestBrokenRepositoryHidesTheEarlyClientsNotices(t *testing.T) {
	repo := brokenRepo(t)
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer hs.Close()
	plan := func(env map[string]string) string {
		ios, _, _, errOut := TestStreams()
		if code := run(&deps{ctx: context.Background(), getenv: envOf(env), io: ios}, []string{"plan", "--request-timeout", "1h", repo}); code != 1 {
			t.Fatalf("exit %d, want 1\n%s", code, errOut)
		}
		return strings.ReplaceAll(errOut.String(), repo, "REPO")
	}
	env := demoEnv(t, hs.URL, "ITG.early")
	env["GLUE_SYNC_SHARED_BUDGET"] = filepath.Join(notDir, "budget") // cannot be made: the client says so
	got := plan(env)
	delete(env, client.EnvAPIKey) // never connects: the reference output
	if want := plan(env); got != want {
		t.Errorf("a broken repository is reported differently when the account was being read:\n%s\nwant\n%s", got, want)
	}
}

// TestDebugLinesOfTheEarlyReadWaitForTheDiagnostics: with --debug, the
// lines of requests the early read sent while a broken repository loaded
// come after the repository's diagnostics, never among them (the client
// wrote them from its own goroutines into the stderr the loader was
// writing), and they are shown, not hidden: those requests did go out.
func TestDebugLinesOfTheEarlyReadWaitForTheDiagnostics(t *testing.T) {
	repo := brokenRepo(t)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.api+json")
		io.WriteString(w, `{"data":[],"meta":{"current-page":1,"total-pages":1,"total-count":0}}`)
	}))
	defer hs.Close()
	// answered is sent once the client has read a whole answer: from then
	// on that request's debug line is written whatever happens to the read
	// (the server having sent it is not enough: a read abandoned before
	// the answer arrives writes no line, and the test would see none).
	answered := make(chan struct{}, 16)
	hc := &http.Client{Transport: closeSignal{http.DefaultTransport, answered}}
	ios, _, _, errOut := TestStreams()
	d := &deps{ctx: context.Background(), getenv: envOf(demoEnv(t, hs.URL, "ITG.early")), io: ios,
		clientOpts: []client.Option{client.WithHTTPClient(hc)},
		loading: func() {
			select {
			case <-answered:
			case <-time.After(20 * time.Second):
				t.Error("no request reached the API while the repository loaded")
			}
		}}
	if code := run(d, []string{"plan", "--debug", repo}); code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, errOut)
	}
	stderr := errOut.String()
	diag, debug := strings.Index(stderr, "broken.yaml"), strings.Index(stderr, "itglue: GET ")
	if diag < 0 || debug < 0 || debug < diag {
		t.Errorf("want the diagnostics, then the early read's request lines:\n%s", stderr)
	}
}

// brokenRepo is a copy of examples/repo with one file that does not parse.
func brokenRepo(t *testing.T) string {
	t.Helper()
	repo := filepath.Join(t.TempDir(), "repo")
	if err := os.CopyFS(repo, os.DirFS("../../examples/repo")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, "organizations", "broken.yaml"), []byte("kind: Organization\nname: [unclosed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return repo
}

// closeSignal is a RoundTripper that sends on done when a response's body
// is closed (the client closes it once it has read the answer).
type closeSignal struct {
	rt   http.RoundTripper
	done chan<- struct{}
}

func (c closeSignal) RoundTrip(r *http.Request) (*http.Response, error) {
	res, err := c.rt.RoundTrip(r)
	if err == nil {
		res.Body = &signalBody{ReadCloser: res.Body, done: c.done}
	}
	return res, err
}

type signalBody struct {
	io.ReadCloser
	done chan<- struct{}
	once sync.Once
}

func (b *signalBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(func() {
		select {
		case b.done <- struct{}{}:
		default:
		}
	})
	return err
}
