package cli

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

// oneOrgRepo writes a repository that manages and creates one organization.
func oneOrgRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{
		"glue-sync.yaml": "version: 1\nmanage:\n  organizations: [Acme]\n",
		"orgs.yaml":      "kind: Organization\nname: Acme\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// runAgainst runs glue-sync with the API at base and key in the environment.
func runAgainst(t *testing.T, base, key string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	ios, _, out, errOut := TestStreams()
	env := map[string]string{"ITGLUE_BASE_URL": base, "ITGLUE_API_KEY": key}
	code = Main(context.Background(), args, envOf(env), ios)
	return code, out.String(), errOut.String()
}

// keyTrap is a server that must never be contacted.
func keyTrap(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var hits atomic.Int64
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(201)
		fmt.Fprint(w, `{"data":{"id":"1","type":"organizations","attributes":{"name":"Acme"}}}`)
	}))
	t.Cleanup(s.Close)
	return s, &hits
}

// TestRedirectedRequestsFailTheRun: an API that redirects reads, or
// writes (302, 307, 308), to another origin makes plan and apply fail
// with the refused redirect; the other server gets nothing, and apply does
// not report success.
func TestRedirectedRequestsFailTheRun(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		method string // the method redirected; "" for every one
		status int
		cmd    string
	}{
		{"plan, GET 302", "", http.StatusFound, "plan"},
		{"apply, POST 302", http.MethodPost, http.StatusFound, "apply"},
		{"apply, POST 307", http.MethodPost, http.StatusTemporaryRedirect, "apply"},
		{"apply, POST 308", http.MethodPost, http.StatusPermanentRedirect, "apply"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb := sandboxtest.Start(t)
			evil, hits := keyTrap(t)
			front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.method == "" || r.Method == tc.method {
					http.Redirect(w, r, evil.URL+r.URL.Path, tc.status)
					return
				}
				sb.Server.ServeHTTP(w, r)
			}))
			t.Cleanup(front.Close)
			args := []string{tc.cmd, oneOrgRepo(t)}
			if tc.cmd == "apply" {
				args = append(args, "--auto-approve")
			}
			code, out, errOut := runAgainst(t, front.URL, sb.Key, args...)
			if code != ExitError {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitError, out, errOut)
			}
			all := out + errOut
			for _, want := range []string{"redirect to " + evil.URL, "base URL is probably wrong"} {
				if !strings.Contains(all, want) {
					t.Errorf("output lacks %q:\n%s", want, all)
				}
			}
			if strings.Contains(all, "1 applied") || strings.Contains(all, sb.Key) {
				t.Errorf("output claims success or shows the key:\n%s", all)
			}
			if hits.Load() != 0 {
				t.Errorf("the other origin got %d requests", hits.Load())
			}
		})
	}
}

// TestPlanShowsTheTLSCause: an untrusted certificate fails plan at once
// with the x509 cause and a hint, not "context canceled" after minutes.
func TestPlanShowsTheTLSCause(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	srv := quietTLSServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	code, _, errOut := runAgainst(t, srv.URL, "ITG.test", "plan", oneOrgRepo(t))
	if code != ExitError {
		t.Errorf("exit %d, want %d", code, ExitError)
	}
	for _, want := range []string{"x509: certificate signed by unknown authority", "not retried", "trust store"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "context canceled") || hits.Load() != 0 {
		t.Errorf("stderr:\n%s\n%d requests answered", errOut, hits.Load())
	}
}

// TestRunTimeoutStopsASilentAPI: --timeout ends a run against an API that
// never answers, with a message naming the flag; --request-timeout and
// --timeout refuse negative values before any request.
func TestRunTimeoutStopsASilentAPI(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(srv.Close)
	code, _, errOut := runAgainst(t, srv.URL, "ITG.test", "plan", "--timeout", "300ms", oneOrgRepo(t))
	if code != ExitError || !strings.Contains(errOut, "stopped after --timeout 300ms of talking to IT Glue") || !strings.Contains(errOut, "\nThe run hit --timeout: raise it") {
		t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and the --timeout message", code, errOut)
	}
	for _, flag := range []string{"--timeout=-1s", "--request-timeout=-5s"} {
		code, _, errOut := runAgainst(t, srv.URL, "ITG.test", "plan", flag, oneOrgRepo(t))
		if code != ExitError || !strings.Contains(errOut, "want a positive duration") {
			t.Errorf("plan %s: exit %d, stderr:\n%s", flag, code, errOut)
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

// TestRunTimeoutStopsAnApply: when --timeout runs out while writes hang,
// apply stops with the --timeout message and exit 1 (not 130, which means
// a person interrupted it), and does not report success.
func TestRunTimeoutStopsAnApply(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.Start(t)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			io.Copy(io.Discard, r.Body) // lets the server notice the client leaving
			<-r.Context().Done()
			return
		}
		sb.Server.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	code, out, errOut := runAgainst(t, front.URL, sb.Key, "apply", "--auto-approve", "--timeout", "500ms", oneOrgRepo(t))
	if code != ExitError || !strings.Contains(errOut, "stopped after --timeout 500ms") || strings.Contains(out, "1 applied") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s\nwant exit 1 and the --timeout message", code, out, errOut)
	}
}

// TestRunClockHoldsDuringThePrompt: --timeout puts a deadline on the run's
// context, none while a confirmation prompt waits (holdClock), and what is
// left of it afterwards; --timeout 0 sets none.
func TestRunClockHoldsDuringThePrompt(t *testing.T) {
	t.Parallel()
	parent := context.Background()
	d := &deps{ctx: parent}
	tg := &target{}
	tg.startClock(d, time.Hour)
	if dl, ok := d.ctx.Deadline(); !ok || time.Until(dl) > time.Hour || time.Until(dl) < 59*time.Minute {
		t.Fatalf("deadline %v, %v; want one about an hour away", dl, ok)
	}
	tg.holdClock(d)
	if _, ok := d.ctx.Deadline(); ok || d.ctx != parent {
		t.Errorf("while held, the context has a deadline")
	}
	tg.clock.used = 59 * time.Minute // as if planning had taken 59 minutes
	tg.resumeClock(d)
	if dl, ok := d.ctx.Deadline(); !ok || time.Until(dl) > time.Minute {
		t.Errorf("after the prompt: deadline %v, %v; want what is left (under a minute)", dl, ok)
	}
	tg.Close()
	if runTimedOut(d.ctx) != nil {
		t.Errorf("closing the target reads as a timeout")
	}
	d = &deps{ctx: parent}
	tg = &target{}
	tg.startClock(d, 0)
	if _, ok := d.ctx.Deadline(); ok {
		t.Errorf("--timeout 0 set a deadline")
	}
	tg.Close()
}

// TestRunTimeoutWhileLoading: when the live read starts while the
// repository loads (overlap.go), --timeout counts from its first request,
// so it can run out while the repository still loads. Such a stop reads as
// every --timeout stop (exit 1, the message naming the flag and the hint),
// never as a Ctrl-C ("interrupted", exit 130), a bare "context deadline
// exceeded" (--ref) or an error of the repository (github plan: no
// annotation, and the job summary says the run hit --timeout); a Ctrl-C
// while loading still reads as one. The loading hook waits for the run's
// context to end (the deadline, or the cancel it makes itself), so no test
// waits longer than --timeout.
func TestRunTimeoutWhileLoading(t *testing.T) {
	t.Parallel()
	sb := sandboxtest.Start(t)
	sb.Seed(t, string(demo.Seed()))
	stops := []struct {
		name      string
		interrupt bool
		code      int
		want      []string
	}{
		{"timeout", false, ExitError, []string{"error: stopped after --timeout 100ms of talking to IT Glue\n", "\n" + runTimeoutHint + "\n"}},
		{"ctrl-c", true, ExitCancel, []string{"error: interrupted\n"}},
	}
	for _, stop := range stops {
		for _, cmd := range earlyCommands {
			t.Run(stop.name+"/"+cmd.name, func(t *testing.T) {
				t.Parallel()
				_, argv := earlyRepo(t, cmd.args, cmd.ref, nil, "--timeout", "100ms")
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				env := demoEnv(t, sb.URL, sb.Key)
				summary := filepath.Join(t.TempDir(), "summary.md")
				env["GITHUB_STEP_SUMMARY"] = summary
				ios, _, out, errOut := TestStreams()
				d := &deps{ctx: ctx, getenv: envOf(env), io: ios, clientOpts: []client.Option{client.WithRateLimit(0, 0, 0)}}
				d.loading = func() {
					if _, ok := d.ctx.Deadline(); !ok {
						t.Error("no --timeout deadline while loading: the read did not start before loading")
						return
					}
					if stop.interrupt {
						cancel()
					}
					<-d.ctx.Done() // loading outlasts --timeout (or is interrupted)
				}
				code := run(d, argv)
				if code != stop.code {
					t.Errorf("exit %d, want %d", code, stop.code)
				}
				for _, w := range stop.want {
					if !strings.Contains(errOut.String(), w) {
						t.Errorf("stderr lacks %q", w)
					}
				}
				for _, bad := range []string{"context deadline exceeded", "loading stopped", "context canceled"} {
					if strings.Contains(errOut.String(), bad) || strings.Contains(out.String(), bad) {
						t.Errorf("the output says %q", bad)
					}
				}
				if strings.Contains(out.String(), "::error") {
					t.Errorf("the stop is annotated as an error of the repository")
				}
				if !stop.interrupt && cmd.args[0] == "github" {
					b, err := os.ReadFile(summary)
					if err != nil || !strings.Contains(string(b), "stopped after --timeout 100ms of talking to IT Glue") {
						t.Errorf("job summary (%v):\n%s\nwant the --timeout stop", err, b)
					}
				}
				if t.Failed() {
					t.Logf("stderr:\n%s\nstdout:\n%s", errOut, out)
				}
			})
		}
	}
}
