package chaos

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// leakRun is one command of the secret-leak suite.
type leakRun struct {
	name string
	// env changes the environment: a value of "" unsets the variable.
	env  map[string]string
	args []string
	// codes are the acceptable exit codes; nil accepts any (but a panic).
	codes []int
}

// leakCase is one step of the secret-leak suite: runs against a fresh
// account.
type leakCase struct {
	name string
	// account starts the step's account and returns its environment.
	account func() map[string]string
	runs    []leakRun
}

// TestNoSecretLeaks runs every command and format with a canary API key
// and canary Password values, on working, faulty and failing accounts,
// and checks that no form of any canary reaches stdout, stderr, a plan
// file or any file under the test's directory.
func TestNoSecretLeaks(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		t.Parallel()
		root := t.TempDir()
		repo := filepath.Join(root, "repo")
		if err := os.CopyFS(repo, os.DirFS(clitest.ExampleRepo)); err != nil {
			t.Fatal(err)
		}
		out := func(name string) string { return filepath.Join(root, name) }
		key := clitest.Canary(t, "ITG.canary-key-")
		pwEnvs := openRepo(t, repo).pwEnvs
		if len(pwEnvs) == 0 {
			t.Fatal("examples/repo names no Password variable: the canary proves nothing")
		}
		// fresh returns the environment for a new demo account behind key.
		base := map[string]string{client.EnvAPIKey: key}
		for _, v := range pwEnvs {
			base[v] = clitest.Canary(t, "pw-"+strings.ToLower(v)+"-")
		}
		fresh := func(faults sandbox.Faults) map[string]string {
			b := startBox(t, prof, key, faults, string(demo.Seed()))
			e := maps.Clone(base)
			e[client.EnvBaseURL] = b.URL
			return e
		}
		ok, okOr1 := []int{cli.ExitOK}, []int{cli.ExitOK, cli.ExitError}
		steps := []leakCase{
			// One run per renderer and debug switch: plan text with
			// GLUE_SYNC_DEBUG=1 and --detailed-exitcode, markdown with
			// --debug, json with --rotate-secrets (every Password trait
			// changes), the first two also saving a plan file; then apply
			// json with GLUE_SYNC_DEBUG=1, and apply text with --debug
			// rotating every password.
			{"working account", func() map[string]string { return fresh(sandbox.Faults{}) }, []leakRun{
				{"plan text GLUE_SYNC_DEBUG=1 --out", map[string]string{"GLUE_SYNC_DEBUG": "1"}, []string{"plan", "--detailed-exitcode", "--out", out("plan-a.json"), repo}, []int{cli.ExitChanges}},
				{"plan --debug markdown --out", nil, []string{"plan", "--debug", "--format", "markdown", "--out", out("plan-b.json"), repo}, ok},
				{"plan --rotate-secrets json", nil, []string{"plan", "--rotate-secrets", "--format", "json", repo}, ok},
				{"apply json GLUE_SYNC_DEBUG=1", map[string]string{"GLUE_SYNC_DEBUG": "1"}, []string{"apply", "--auto-approve", "--format", "json", repo}, ok},
				{"apply again --debug --rotate-secrets", nil, []string{"apply", "--auto-approve", "--debug", "--rotate-secrets", repo}, ok},
			}},
			{"apply PLANFILE", func() map[string]string { return fresh(sandbox.Faults{}) }, []leakRun{
				{"plan --out for apply PLANFILE", nil, []string{"plan", "--out", out("plan-c.json"), repo}, ok},
				{"apply PLANFILE --debug", nil, []string{"apply", "--auto-approve", "--debug", out("plan-c.json")}, ok},
				{"apply PLANFILE again (refused)", nil, []string{"apply", "--auto-approve", "--format", "json", out("plan-c.json")}, []int{cli.ExitStale}},
			}},
			{"missing password", func() map[string]string { return fresh(sandbox.Faults{}) }, []leakRun{
				{"apply with a password variable missing", map[string]string{pwEnvs[0]: ""}, []string{"apply", "--auto-approve", "--debug", repo}, []int{cli.ExitError}},
				{"apply json with a password variable missing", map[string]string{pwEnvs[0]: ""}, []string{"apply", "--auto-approve", "--format", "json", repo}, []int{cli.ExitError}},
			}},
			// Faults whose error messages carry request URLs and API error
			// bodies: a storm the client rides out, and one it cannot.
			// The second has no 429 (whose answer is the one a profile
			// changes: P11, no Retry-After); its 5xx bodies and dropped
			// connections are the sandbox's own whatever the profile, and
			// what a run prints from a working account is checked in both,
			// so it runs in one profile (see steps below).
			{"faults", func() map[string]string { return fresh(storm(21)) }, []leakRun{
				{"plan --debug under faults", nil, []string{"plan", "--debug", "--out", out("plan-d.json"), repo}, okOr1},
				{"apply --debug under faults", nil, []string{"apply", "--auto-approve", "--debug", repo}, okOr1},
				{"apply json under faults", nil, []string{"apply", "--auto-approve", "--format", "json", "--rotate-secrets", repo}, okOr1},
			}},
			{"heavy faults", func() map[string]string {
				return fresh(sandbox.Faults{Seed: 5, ServerErrorRate: 0.3, DropRate: 0.1})
			}, []leakRun{
				{"apply text under heavy faults, GLUE_SYNC_DEBUG=1", map[string]string{"GLUE_SYNC_DEBUG": "1"}, []string{"apply", "--auto-approve", repo}, okOr1},
				{"plan --debug under heavy faults", nil, []string{"plan", "--debug", "--format", "json", repo}, okOr1},
			}},
			// A wrong key: the account answers 401 to the canary key.
			{"wrong key", func() map[string]string {
				b := startBox(t, prof, clitest.Canary(t, "ITG.the-right-key-"), sandbox.Faults{}, string(demo.Seed()))
				e := maps.Clone(base)
				e[client.EnvBaseURL] = b.URL
				right := maps.Clone(e)
				right[client.EnvAPIKey] = b.Key
				if r := runChecked(t, right, e, "plan", "--out", out("plan-f.json"), repo); r.Code != cli.ExitOK {
					t.Fatalf("plan with the right key: %s", r)
				}
				return e
			}, []leakRun{
				{"plan with a wrong key", nil, []string{"plan", "--debug", repo}, []int{cli.ExitError}},
				{"plan json with a wrong key", nil, []string{"plan", "--format", "json", "--out", out("plan-e.json"), repo}, []int{cli.ExitError}},
				{"apply with a wrong key", nil, []string{"apply", "--auto-approve", "--format", "json", repo}, []int{cli.ExitError}},
				{"apply PLANFILE with a wrong key", nil, []string{"apply", "--auto-approve", "--debug", out("plan-f.json")}, []int{cli.ExitError}},
			}},
			// A gateway that repeats the key in its error, JSON-escaped.
			{"key echoed in an error body", func() map[string]string {
				b := startBox(t, prof, key, sandbox.Faults{}, string(demo.Seed()))
				b.echoKey.Store(true)
				e := maps.Clone(base)
				e[client.EnvBaseURL] = b.URL
				return e
			}, []leakRun{
				{"plan with the key echoed", nil, []string{"plan", "--debug", repo}, []int{cli.ExitError}},
				{"apply json with the key echoed", nil, []string{"apply", "--auto-approve", "--format", "json", repo}, []int{cli.ExitError}},
			}},
			// An API whose validation errors quote the asset written, password
			// values included.
			{"asset body echoed in a 422", func() map[string]string {
				b := startBox(t, prof, key, sandbox.Faults{}, string(demo.Seed()))
				b.echoBody.Store(true)
				e := maps.Clone(base)
				e[client.EnvBaseURL] = b.URL
				return e
			}, []leakRun{
				{"apply with the body echoed", nil, []string{"apply", "--auto-approve", "--debug", repo}, []int{cli.ExitError}},
				{"apply json with the body echoed", nil, []string{"apply", "--auto-approve", "--format", "json", "--rotate-secrets", repo}, []int{cli.ExitError}},
			}},
		}
		// Steps that never reach the sandbox (validate reads only the
		// repository; the echoing gateway answers every request itself)
		// print the same whatever its profile: they run in the first one.
		// So does the step under heavy faults (no 429s, see above).
		if prof == sandbox.ProfilePessimistic {
			steps = append(steps, leakCase{"validate", func() map[string]string { return fresh(sandbox.Faults{}) }, []leakRun{
				{"validate", nil, []string{"validate", repo}, ok},
				{"validate github", nil, []string{"validate", "--format", "github", repo}, ok},
				{"validate json", nil, []string{"validate", "--format", "json", repo}, ok},
			}})
		} else {
			steps = slices.DeleteFunc(steps, func(st leakCase) bool {
				return st.name == "key echoed in an error body" || st.name == "heavy faults"
			})
		}
		var runs atomic.Int64
		t.Run("steps", func(t *testing.T) {
			for _, st := range steps {
				t.Run(st.name, func(t *testing.T) {
					t.Parallel()
					leakStep(t, st.account(), base, st.runs)
					runs.Add(int64(len(st.runs)))
				})
			}
		})
		s := clitest.EnvSecrets(base)
		if n := s.CheckFiles(t, root); n < 5 {
			t.Errorf("only %d files under the test directory; the plan files are missing", n)
		}
		t.Logf("%d runs, %d secret forms checked in each output", runs.Load(), len(s.Forms()))
	})
}

// leakStep runs runs against one account (environment e), checking each
// output for the secrets of base as well as e's.
func leakStep(t *testing.T, e, base map[string]string, runs []leakRun) {
	t.Helper()
	for _, lr := range runs {
		re := maps.Clone(e)
		for k, v := range lr.env {
			if v == "" {
				delete(re, k)
			} else {
				re[k] = v
			}
		}
		// The canaries are checked whether or not this run uses them.
		checkEnv := maps.Clone(re)
		maps.Copy(checkEnv, base)
		start := time.Now()
		r := runChecked(t, re, checkEnv, lr.args...)
		if d := time.Since(start); d > 2*time.Second {
			t.Logf("%s took %s", lr.name, d.Round(time.Millisecond))
		}
		if lr.codes != nil && !contains(lr.codes, r.Code) {
			t.Errorf("%s: want exit %v\n%s", lr.name, lr.codes, r)
		}
	}
}

// runChecked runs glue-sync with the environment e and checks its output
// for the secrets of check (a superset of e's).
func runChecked(t *testing.T, e, check map[string]string, args ...string) clitest.Result {
	t.Helper()
	r := clitest.RunContext(context.Background(), t, e, args...)
	s := clitest.EnvSecrets(check)
	s.Check(t, "stdout of "+strings.Join(args, " "), r.Stdout)
	s.Check(t, "stderr of "+strings.Join(args, " "), r.Stderr)
	return r
}

func contains(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
