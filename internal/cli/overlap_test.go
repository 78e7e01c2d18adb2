package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
	"github.com/glue-sync/glue-sync/internal/runlock"
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
	t.Cleanup(hs.Close)
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

// TestEveryCommandReadsTheAccountWhileTheRepositoryLoads: the four
// account-wide lists of plan, apply DIR and github plan, from the work
// tree or with --ref (one command: the three share the --ref path of
// openEarlyRead), reach the API before the repository is loaded (the
// loading hook holds the load until they have), and every request of
// apply, the first included, is sent while it holds the apply lock, which
// it releases when done.
func TestEveryCommandReadsTheAccountWhileTheRepositoryLoads(t *testing.T) {
	for _, cmd := range earlyCommandsNamed("plan", "apply", "github plan", "apply --ref") {
		t.Run(cmd.name, func(t *testing.T) {
			t.Parallel()
			repo, argv := earlyRepo(t, cmd.args, cmd.ref, nil)
			sb := sandboxtest.Start(t)
			sb.Seed(t, string(demo.Seed()))
			env := demoEnv(t, "", sb.Key)
			arrived := make(chan string, 256)
			var unlocked atomic.Int64
			var hsURL string
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if cmd.args[0] == "apply" && !applyLockHeld(t, env["XDG_CACHE_HOME"], hsURL, repo) {
					unlocked.Add(1)
				}
				select {
				case arrived <- r.URL.Path:
				default:
				}
				sb.Server.ServeHTTP(w, r)
			}))
			t.Cleanup(hs.Close)
			hsURL, env[client.EnvBaseURL] = hs.URL, hs.URL
			loaded := false
			ios, _, _, errOut := TestStreams()
			d := &deps{ctx: context.Background(), getenv: envOf(env), io: ios,
				clientOpts: []client.Option{client.WithRateLimit(0, 0, 0)},
				loading: func() {
					loaded = true
					if missing := awaitPaths(arrived, accountWide...); len(missing) > 0 {
						t.Errorf("%v were not read while the repository loaded", missing)
					}
				}}
			if code := run(d, argv); code != 0 {
				t.Fatalf("%s: exit %d\n%s", cmd.name, code, errOut)
			}
			if !loaded {
				t.Errorf("%s did not start reading while the repository loaded", cmd.name)
			}
			if n := unlocked.Load(); n > 0 {
				t.Errorf("%d requests of apply reached the API while it did not hold the apply lock", n)
			}
			if cmd.args[0] == "apply" && applyLockHeld(t, env["XDG_CACHE_HOME"], hs.URL, repo) {
				t.Error("apply left its lock held")
			}
		})
	}
}

// accountWide are the paths of the four account-wide lists.
var accountWide = []string{"/organization_types", "/organization_statuses", "/organizations", "/flexible_asset_types"}

// awaitPaths takes paths from arrived until each of want has come, in
// whatever order the concurrent reads reach the API (an asset list may
// come first on a loaded machine), and returns those that did not come
// within 20 s.
func awaitPaths(arrived <-chan string, want ...string) []string {
	var got []string
	missing := func() []string {
		var m []string
		for _, w := range want {
			if !slices.Contains(got, w) {
				m = append(m, w)
			}
		}
		return m
	}
	timeout := time.After(20 * time.Second)
	for len(missing()) > 0 {
		select {
		case p := <-arrived:
			got = append(got, p)
		case <-timeout:
			return missing()
		}
	}
	return nil
}

// TestASecondApplySendsNothingUntilTheFirstReleasesTheLock: while a first
// apply DIR holds the apply lock and reads the account as its repository
// loads, a second apply of the same repository (through another path to
// the folder, so that the lock file names which apply holds it) with
// --wait-lock sends no request: it loads, waits, and reads only once it
// holds the lock; it then finds nothing left to create, and the account
// has no duplicates. Without --wait-lock the second apply is refused
// without a request, as before.
func TestASecondApplySendsNothingUntilTheFirstReleasesTheLock(t *testing.T) {
	const key = "ITG.early-lock"
	srv := concurrentSandbox(t, key)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	repo := concurrentRepo(t, 3)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(repo, link); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	env := map[string]string{client.EnvAPIKey: key, client.EnvBaseURL: hs.URL, "XDG_CACHE_HOME": cache}
	real, err := filepath.EvalSymlinks(repo)
	if err != nil {
		t.Fatal(err)
	}
	lockFile := runlock.File(filepath.Join(cache, "glue-sync", "locks"), hs.URL+"\n"+real)
	// holder checks, at each request of the apply of folder, that the lock
	// is held and names that apply (the file keeps the last holder's name
	// after it is released, so a request sent before its apply took the
	// lock finds the other's name, or none).
	type applyRun struct {
		requests atomic.Int64
		wrong    atomic.Value
	}
	transport := func(a *applyRun, folder string, first chan<- struct{}) client.Option {
		return client.WithHTTPClient(&http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if a.requests.Add(1) == 1 && first != nil {
				close(first)
			}
			holder, _ := os.ReadFile(lockFile)
			if !applyLockHeld(t, cache, hs.URL, repo) || !strings.Contains(string(holder), "applying "+folder+" since") {
				a.wrong.CompareAndSwap(nil, fmt.Sprintf("%s %s with the lock held by %q", r.Method, r.URL.Path, strings.TrimSpace(string(holder))))
			}
			return http.DefaultTransport.RoundTrip(r)
		})})
	}
	var first, second applyRun
	firstRead := make(chan struct{})
	secondLoading := make(chan struct{})
	secondDone := make(chan int, 1)
	var secondOut, secondErr, refusedErr *bytes.Buffer
	var refusedCode int
	var refused applyRun
	firstLoading := false
	ios1, _, _, errOut1 := TestStreams()
	d1 := &deps{ctx: context.Background(), getenv: envOf(env), io: ios1,
		clientOpts: []client.Option{transport(&first, repo, firstRead), client.WithRateLimit(0, 0, 0)},
		loading: func() {
			firstLoading = true
			select {
			case <-firstRead:
			case <-time.After(20 * time.Second):
				t.Error("the first apply sent no request while its repository loaded")
			}
			// Refused at once while the first holds the lock: no request.
			ios, _, _, errOut := TestStreams()
			refusedCode = run(&deps{ctx: context.Background(), getenv: envOf(env), io: ios,
				clientOpts: []client.Option{transport(&refused, link, nil)}}, []string{"apply", "--auto-approve", link})
			refusedErr = errOut
			// Waits for the first: it must not read before it holds the lock.
			ios2, _, out2, errOut2 := TestStreams()
			secondOut, secondErr = out2, errOut2
			d2 := &deps{ctx: context.Background(), getenv: envOf(env), io: ios2,
				clientOpts: []client.Option{transport(&second, link, nil), client.WithRateLimit(0, 0, 0)},
				loading:    func() { close(secondLoading) }}
			go func() { secondDone <- run(d2, []string{"apply", "--auto-approve", "--wait-lock", "1m", link}) }()
			select {
			case <-secondLoading:
			case <-time.After(20 * time.Second):
				t.Error("the second apply did not get to loading its repository")
			}
		}}
	if code := run(d1, []string{"apply", "--auto-approve", repo}); code != ExitOK {
		t.Fatalf("first apply: exit %d\n%s", code, errOut1)
	}
	if !firstLoading {
		t.Fatal("apply did not start reading while its repository loaded")
	}
	code2 := <-secondDone
	if code2 != ExitOK {
		t.Fatalf("second apply: exit %d\n%s", code2, secondErr)
	}
	if refusedCode != ExitError || !strings.Contains(refusedErr.String(), "--wait-lock") || refused.requests.Load() != 0 {
		t.Errorf("apply while the first held the lock: exit %d after %d requests; want 1, none, and the --wait-lock hint\n%s",
			refusedCode, refused.requests.Load(), refusedErr)
	}
	for name, a := range map[string]*applyRun{"first": &first, "second": &second} {
		if w := a.wrong.Load(); w != nil {
			t.Errorf("the %s apply sent %s", name, w)
		}
	}
	if second.requests.Load() == 0 {
		t.Error("the second apply never read the account")
	}
	if !strings.Contains(secondOut.String(), "No changes.") {
		t.Errorf("the second apply found something left to do after the first:\n%s%s", secondOut, secondErr)
	}
	if dups := assetDuplicates(t, hs.URL, key); len(dups) > 0 {
		t.Errorf("duplicates after two applies:\n%s", strings.Join(dups, "\n"))
	}
}

// roundTripFunc is a function as an http.RoundTripper.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// earlyCommand is a command that reads while the repository loads.
type earlyCommand struct {
	name string
	args []string
	ref  bool
}

// earlyCommands are the commands whose live read overlaps loading the
// repository, with the flags that let them run in a test; ref ones read
// the repository from a git commit (--ref HEAD).
var earlyCommands = []earlyCommand{
	{"plan", []string{"plan"}, false},
	{"apply", []string{"apply", "--auto-approve"}, false},
	{"github plan", []string{"github", "plan", "--comment=false"}, false},
	{"plan --ref", []string{"plan"}, true},
	{"apply --ref", []string{"apply", "--auto-approve"}, true},
	{"github plan --ref", []string{"github", "plan", "--comment=false"}, true},
}

// earlyCommandsNamed is the commands of earlyCommands with those names
// (the checks of the work tree's and --ref's paths that one command
// covers, the others need not repeat).
func earlyCommandsNamed(names ...string) []earlyCommand {
	var cmds []earlyCommand
	for _, c := range earlyCommands {
		if slices.Contains(names, c.name) {
			cmds = append(cmds, c)
		}
	}
	return cmds
}

// earlyRepo is a copy of examples/repo for a command of earlyCommands,
// changed by change (when not nil) before it is committed (ref), and the
// command's arguments for it, with extra flags.
func earlyRepo(t *testing.T, args []string, ref bool, change func(t *testing.T, repo string), extra ...string) (repo string, argv []string) {
	t.Helper()
	argv = append(slices.Clone(args), extra...)
	if !ref {
		repo = filepath.Join(t.TempDir(), "repo")
		if err := os.CopyFS(repo, os.DirFS("../../examples/repo")); err != nil {
			t.Fatal(err)
		}
		if change != nil {
			change(t, repo)
		}
		return repo, append(argv, repo)
	}
	g, _ := committedExampleGit(t)
	repo = filepath.Join(g.Dir, "examples", "repo")
	if change != nil {
		change(t, repo)
		g.Commit("change it")
	}
	return repo, append(argv, "--ref", "HEAD", repo)
}

// breakRepo adds a file that does not parse to repo.
func breakRepo(t *testing.T, repo string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(repo, "organizations", "broken.yaml"), []byte("kind: Organization\nname: [unclosed\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrokenRepositoryStopsTheEarlyRead: a repository that fails to load
// cancels the read started beside it at once (the API here never answers,
// and --request-timeout is an hour: the command returns only if it
// cancelled), sends nothing after, reports exactly what a run that never
// connected reports, and (apply) releases the apply lock it took before
// the read.
func TestBrokenRepositoryStopsTheEarlyRead(t *testing.T) {
	for _, cmd := range earlyCommandsNamed("plan", "apply", "github plan", "apply --ref") {
		t.Run(cmd.name, func(t *testing.T) {
			t.Parallel()
			repo, argv := earlyRepo(t, cmd.args, cmd.ref, breakRepo, "--request-timeout", "1h")
			arrived := make(chan struct{}, 1)
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				select {
				case arrived <- struct{}{}:
				default:
				}
				<-r.Context().Done()
			}))
			t.Cleanup(hs.Close)
			// Requests are counted as the client sends them: one counted
			// by the server could have been sent before the command
			// returned and arrive after.
			var sends atomic.Int64
			hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
				sends.Add(1)
				return http.DefaultTransport.RoundTrip(r)
			})}
			run1 := func(env map[string]string, loading func()) (int, string) {
				ios, _, _, errOut := TestStreams()
				done := make(chan int, 1)
				go func() {
					done <- run(&deps{ctx: context.Background(), getenv: envOf(env), io: ios, loading: loading,
						clientOpts: []client.Option{client.WithHTTPClient(hc)}}, argv)
				}()
				select {
				case code := <-done:
					return code, strings.ReplaceAll(errOut.String(), repo, "REPO")
				case <-time.After(20 * time.Second):
					t.Fatalf("%s of a broken repository waited for the API: the early read was not stopped", cmd.name)
				}
				return 0, ""
			}
			env := demoEnv(t, hs.URL, "ITG.early")
			loaded := false
			code, stderr := run1(env, func() { // the read is out before the load fails
				loaded = true
				select {
				case <-arrived:
				case <-time.After(20 * time.Second):
					t.Error("no request reached the API while the repository loaded")
				}
			})
			sent := sends.Load()
			if !loaded {
				t.Errorf("%s did not start reading while the repository loaded", cmd.name)
			}
			if held := applyLockHeld(t, env["XDG_CACHE_HOME"], hs.URL, repo); held {
				t.Errorf("%s left the apply lock held", cmd.name)
			}
			delete(env, client.EnvAPIKey) // never connects: the reference output
			refCode, refStderr := run1(env, nil)
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
			if got := sends.Load(); got != sent {
				t.Errorf("%d requests were sent after %s returned", got-sent, cmd.name)
			}
		})
	}
}

// applyLockHeld reports whether apply's lock for the account at url and
// the repository folder repo (under the cache folder cache) is held, by
// trying to take it (and releasing it at once when it was free).
func applyLockHeld(t *testing.T, cache, url, repo string) bool {
	t.Helper()
	real, err := filepath.Abs(repo)
	if err == nil {
		real, err = filepath.EvalSymlinks(real)
	}
	if err != nil {
		t.Error(err)
		return false
	}
	l, err := runlock.Acquire(context.Background(), filepath.Join(cache, "glue-sync", "locks"), url+"\n"+real, "probing", 0)
	var busy *runlock.BusyError
	switch {
	case errors.As(err, &busy):
		return true
	case err != nil:
		t.Error(err)
		return false
	}
	if err := l.Release(); err != nil {
		t.Error(err)
	}
	return false
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
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(hs.Close)
	for _, cmd := range earlyCommandsNamed("plan", "apply", "github plan") {
		t.Run(cmd.name, func(t *testing.T) {
			t.Parallel()
			repo, argv := earlyRepo(t, cmd.args, cmd.ref, breakRepo, "--request-timeout", "1h")
			plan := func(env map[string]string) string {
				ios, _, _, errOut := TestStreams()
				if code := run(&deps{ctx: context.Background(), getenv: envOf(env), io: ios}, argv); code != 1 {
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
		})
	}
}

// TestDebugLinesOfTheEarlyReadWaitForTheDiagnostics: with --debug, the
// lines of requests the early read sent while a broken repository loaded
// come after the repository's diagnostics, never among them (the client
// wrote them from its own goroutines into the stderr the loader was
// writing), and they are shown, not hidden: those requests did go out.
func TestDebugLinesOfTheEarlyReadWaitForTheDiagnostics(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.api+json")
		io.WriteString(w, `{"data":[],"meta":{"current-page":1,"total-pages":1,"total-count":0}}`)
	}))
	t.Cleanup(hs.Close)
	// answered is sent once the client has read a whole answer: from then
	// on that request's debug line is written whatever happens to the read
	// (the server having sent it is not enough: a read abandoned before
	// the answer arrives writes no line, and the test would see none).
	for _, cmd := range earlyCommandsNamed("plan", "apply", "github plan") {
		t.Run(cmd.name, func(t *testing.T) {
			t.Parallel()
			_, argv := earlyRepo(t, cmd.args, cmd.ref, breakRepo, "--debug")
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
			if code := run(d, argv); code != 1 {
				t.Fatalf("exit %d, want 1\n%s", code, errOut)
			}
			stderr := errOut.String()
			diag, debug := strings.Index(stderr, "broken.yaml"), strings.Index(stderr, "itglue: GET ")
			if diag < 0 || debug < 0 || debug < diag {
				t.Errorf("want the diagnostics, then the early read's request lines:\n%s", stderr)
			}
		})
	}
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
