package e2e

import (
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestExitCodes checks the documented exit codes of plan and apply (the
// stale code 3 is TestStalePlanFileRefusesChangedObjects', and
// --detailed-exitcode's 0 once applied TestApplyThenPlanIsEmpty's).
//
// The command line picks the exit code from what the run found, not from
// how the account worded it, so the table runs in the pessimistic profile;
// the one case whose answer the profile changes (a wrong key: the
// pessimistic account answers with a gateway's 403) runs in both.
func TestExitCodes(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		a := demoAccount(t, prof, "")
		broken := clitest.CopyDir(t, clitest.ExampleRepo, map[string]string{"organizations/extra.yaml": "kind: Organization\nname: Contoso Ltd\n"})
		tests := []struct {
			name         string
			args         []string
			env          map[string]string
			want         int
			inStderr     string
			bothProfiles bool
		}{
			{"plan with changes", []string{"plan", clitest.ExampleRepo}, nil, cli.ExitOK, "API requests", false},
			{"detailed: invalid repo", []string{"plan", "--detailed-exitcode", broken}, nil, cli.ExitError,
				filepath.Join(broken, "organizations", "extra.yaml") + `:2:7: organization "Contoso Ltd" is already declared at`, false},
			{"detailed: unknown target", []string{"plan", "--detailed-exitcode", "--target", "Nowhere Inc", clitest.ExampleRepo}, nil, cli.ExitError, "", false},
			{"bad format", []string{"plan", "--format", "yaml", clitest.ExampleRepo}, nil, cli.ExitError, "--format", false},
			{"no key", []string{"plan", clitest.ExampleRepo}, map[string]string{client.EnvAPIKey: ""}, cli.ExitError, client.EnvAPIKey, false},
			{"wrong key", []string{"plan", clitest.ExampleRepo}, map[string]string{client.EnvAPIKey: "ITG.wrong"}, cli.ExitError, "", true},
			{"apply without a terminal", []string{"apply", clitest.ExampleRepo}, nil, cli.ExitError, "--auto-approve", false},
			{"apply a missing path", []string{"apply", "--auto-approve", "no-such-repo"}, nil, cli.ExitError,
				"no-such-repo does not exist: give a repository directory, or a plan file", false},
			{"plan --out into a missing directory", []string{"plan", "--out", filepath.Join(t.TempDir(), "missing", "plan.json"), clitest.ExampleRepo},
				nil, cli.ExitError, "missing does not exist; create it or save the plan elsewhere", false},
			{"sandbox and base URL", []string{"plan", "--sandbox", "--base-url", "http://127.0.0.1:1", clitest.ExampleRepo}, nil, cli.ExitError, "--sandbox", false},
			// Last: nothing above changed the account, so the plan still
			// has changes.
			{"detailed: changes", []string{"plan", "--detailed-exitcode", clitest.ExampleRepo}, nil, cli.ExitChanges, "", false},
		}
		pessimistic := prof == sandbox.ProfilePessimistic
		for _, tt := range tests {
			if !pessimistic && !tt.bothProfiles {
				continue
			}
			t.Run(tt.name, func(t *testing.T) {
				r := a.run(t, tt.env, tt.args...)
				if r.Code != tt.want {
					t.Errorf("exit = %d; want %d\n%s", r.Code, tt.want, r)
				}
				if !strings.Contains(r.Stderr, tt.inStderr) {
					t.Errorf("stderr lacks %q\n%s", tt.inStderr, r)
				}
			})
		}
	})
}

// TestSandboxFlag runs the README's first commands: plan and apply against
// the built-in sandbox, with no IT Glue variables set at all.
func TestSandboxFlag(t *testing.T) {
	t.Parallel()
	r := clitest.Run(t, nil, "plan", "--sandbox", clitest.ExampleRepo)
	if r.Code != cli.ExitOK {
		t.Fatalf("plan --sandbox: %s", r)
	}
	if !strings.Contains(r.Stderr, "built-in sandbox") {
		t.Errorf("plan --sandbox does not say the sandbox is in use:\n%s", r.Stderr)
	}
	for _, s := range []string{"Internet Connection", "Concur Expenses", "NW Old Tape Rotation"} {
		if !strings.Contains(r.Stdout, s) {
			t.Errorf("the demo plan does not mention %q:\n%s", s, r.Stdout)
		}
	}
	r = clitest.Run(t, nil, "apply", "--sandbox", "--auto-approve", clitest.ExampleRepo)
	if r.Code != cli.ExitOK {
		t.Fatalf("apply --sandbox: %s", r)
	}
	if !strings.Contains(r.Stdout, "re-planned: no changes; the sandbox now matches the repository\n") {
		t.Errorf("apply --sandbox does not report a converged re-plan:\n%s", r.Stdout)
	}
	// With --target only the targeted part was applied: the re-plan must
	// not claim the whole account matches.
	r = clitest.Run(t, nil, "apply", "--sandbox", "--auto-approve", "--target", "Fabrikam Inc", clitest.ExampleRepo)
	if r.Code != cli.ExitOK || !strings.Contains(r.Stdout, "re-planned: no changes; the sandbox now matches the repository for the --target given") {
		t.Errorf("apply --sandbox --target: want a re-plan that names the target\n%s", r)
	}
}

// TestApplyAsksOnATerminal: on a terminal apply asks, and only "yes"
// applies. The question and the answer are the command line's own, before
// and after the same plan and apply as --auto-approve's (run in both
// profiles by the other tests): one profile, the pessimistic one.
func TestApplyAsksOnATerminal(t *testing.T) {
	t.Parallel()
	inPessimistic(t, func(t *testing.T, prof sandbox.Profile) {
		a := demoAccount(t, prof, "")
		for _, tc := range []struct {
			answer string
			want   int
		}{{"no\n", cli.ExitCancel}, {"", cli.ExitCancel}, {"yes\n", cli.ExitOK}} {
			r := clitest.RunWith(t, a.env, clitest.Opts{Stdin: tc.answer, InTTY: true}, "apply", clitest.ExampleRepo)
			code, errOut := r.Code, r.Stderr
			if code != tc.want {
				t.Errorf("answer %q: exit %d; want %d\n%s", tc.answer, code, tc.want, r)
			}
			if !strings.Contains(errOut, "Only 'yes' will be accepted") {
				t.Errorf("answer %q: no confirmation prompt on stderr:\n%s", tc.answer, errOut)
			}
			if tc.want == cli.ExitCancel && !strings.Contains(errOut, "nothing was applied") {
				t.Errorf("answer %q: stderr does not say nothing was applied:\n%s", tc.answer, errOut)
			}
		}
		if left := changes(a.planJSON(t, clitest.ExampleRepo)); len(left) != 0 {
			t.Errorf("after answering yes, the plan still has %q", left)
		}
	})
}

// TestPlanTarget: --target narrows the plan to one organization (plus what
// its changes depend on) or one type. The narrowing is done on the plan,
// whatever the account's answers: one profile, the pessimistic one.
func TestPlanTarget(t *testing.T) {
	t.Parallel()
	inPessimistic(t, func(t *testing.T, prof sandbox.Profile) {
		a := demoAccount(t, prof, "")
		for _, tc := range []struct {
			target string
			keep   func(ch plan.Change) bool
		}{
			{"Fabrikam Inc", func(ch plan.Change) bool { return ch.Organization == "Fabrikam Inc" || ch.Organization == "" }},
			{"Internet Connection", func(ch plan.Change) bool {
				return ch.AssetType == "Internet Connection" || ch.Kind == plan.KindOrganization
			}},
		} {
			p := a.planJSON(t, clitest.ExampleRepo, "--target", tc.target)
			n := 0
			for _, ch := range p.Changes {
				if ch.Action == plan.NoOp {
					continue
				}
				n++
				if !tc.keep(ch) {
					t.Errorf("--target %q plans %s %s", tc.target, ch.Action, ch.ID)
				}
			}
			if n == 0 {
				t.Errorf("--target %q plans nothing; want its changes", tc.target)
			}
		}
		// A typo fails before anything is read, and says what was meant.
		before := a.Server.RequestCount()
		for _, args := range [][]string{{"plan"}, {"apply", "--auto-approve"}} {
			r := a.run(t, nil, append(args, "--target", "Fabrikam", clitest.ExampleRepo)...)
			if r.Code != cli.ExitError || !strings.Contains(r.Stderr, `--target "Fabrikam" names no declared organization`) ||
				!strings.Contains(r.Stderr, `"Fabrikam Inc"`) {
				t.Errorf("%s --target Fabrikam: want exit 1 naming the target and the declared names\n%s", args[0], r)
			}
		}
		if n := a.Server.RequestCount() - before; n != 0 {
			t.Errorf("an unknown --target sent %d API requests; want none", n)
		}
	})
}

// TestPlanColour: colour only on a terminal, and never with NO_COLOR. The
// repository is one organization with one change (colour does not depend
// on what the plan holds, only on there being changes to mark).
func TestPlanColour(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	clitest.WriteFiles(t, repo, map[string]string{
		"glue-sync.yaml":             "version: 1\nmanage:\n  organizations: [Contoso Ltd]\n",
		"organizations/contoso.yaml": "kind: Organization\nname: Contoso Ltd\ndescription: Edited for the colour test.\n",
	})
	for _, tc := range []struct {
		name      string
		tty       bool
		noColor   string
		wantColor bool
	}{{"terminal", true, "", true}, {"NO_COLOR", true, "1", false}, {"pipe", false, "", false}} {
		env := map[string]string{"NO_COLOR": tc.noColor}
		r := clitest.RunWith(t, env, clitest.Opts{OutTTY: tc.tty}, "plan", "--sandbox", repo)
		if r.Code != cli.ExitOK || !strings.Contains(r.Stdout, "Edited for the colour test.") {
			t.Fatalf("%s: want the plan of the description's update\n%s", tc.name, r)
		}
		if got := strings.Contains(r.Stdout, "\x1b["); got != tc.wantColor {
			t.Errorf("%s: colour = %v; want %v", tc.name, got, tc.wantColor)
		}
	}
}
