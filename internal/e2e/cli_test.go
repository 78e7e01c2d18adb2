package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestExitCodes checks the documented exit codes of plan and apply (the
// stale code 3 is TestStalePlanFileRefusesChangedObjects').
func TestExitCodes(t *testing.T) {
	a := demoAccount(t, "")
	broken := copyRepo(t, map[string]string{"organizations/extra.yaml": "kind: Organization\nname: Contoso Ltd\n"})
	tests := []struct {
		name     string
		args     []string
		env      map[string]string
		want     int
		inStderr string
	}{
		{"plan with changes", []string{"plan", exampleRepo}, nil, cli.ExitOK, "API requests"},
		{"detailed: changes", []string{"plan", "--detailed-exitcode", exampleRepo}, nil, cli.ExitChanges, ""},
		{"detailed: invalid repo", []string{"plan", "--detailed-exitcode", broken}, nil, cli.ExitError,
			filepath.Join(broken, "organizations", "extra.yaml") + `:2:7: organization "Contoso Ltd" is already declared at`},
		{"detailed: unknown target", []string{"plan", "--detailed-exitcode", "--target", "Nowhere Inc", exampleRepo}, nil, cli.ExitError, ""},
		{"bad format", []string{"plan", "--format", "yaml", exampleRepo}, nil, cli.ExitError, "--format"},
		{"no key", []string{"plan", exampleRepo}, map[string]string{client.EnvAPIKey: ""}, cli.ExitError, client.EnvAPIKey},
		{"wrong key", []string{"plan", exampleRepo}, map[string]string{client.EnvAPIKey: "ITG.wrong"}, cli.ExitError, ""},
		{"apply without a terminal", []string{"apply", exampleRepo}, nil, cli.ExitError, "--auto-approve"},
		{"apply a missing path", []string{"apply", "--auto-approve", "no-such-repo"}, nil, cli.ExitError,
			"no-such-repo does not exist: give a repository directory, or a plan file"},
		{"plan --out into a missing directory", []string{"plan", "--out", filepath.Join(t.TempDir(), "missing", "plan.json"), exampleRepo},
			nil, cli.ExitError, "missing does not exist; create it or save the plan elsewhere"},
		{"sandbox and base URL", []string{"plan", "--sandbox", "--base-url", "http://127.0.0.1:1", exampleRepo}, nil, cli.ExitError, "--sandbox"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.run(t, tt.env, tt.args...)
			if r.code != tt.want {
				t.Errorf("exit = %d; want %d\n%s", r.code, tt.want, r)
			}
			if !strings.Contains(r.stderr, tt.inStderr) {
				t.Errorf("stderr lacks %q\n%s", tt.inStderr, r)
			}
		})
	}
	// Nothing above changed the account: the plan still has changes, and
	// once applied, detailed-exitcode says 0.
	if r := a.run(t, nil, "plan", "--detailed-exitcode", exampleRepo); r.code != cli.ExitChanges {
		t.Errorf("the account changed during the exit-code tests:\n%s", r)
	}
	a.mustApply(t, exampleRepo)
	if r := a.run(t, nil, "plan", "--detailed-exitcode", exampleRepo); r.code != cli.ExitOK {
		t.Errorf("detailed: no changes: want 0\n%s", r)
	}
}

// TestSandboxFlag runs the README's first commands: plan and apply against
// the built-in sandbox, with no IT Glue variables set at all.
func TestSandboxFlag(t *testing.T) {
	r := runEnv(t, nil, "plan", "--sandbox", exampleRepo)
	if r.code != cli.ExitOK {
		t.Fatalf("plan --sandbox: %s", r)
	}
	if !strings.Contains(r.stderr, "built-in sandbox") {
		t.Errorf("plan --sandbox does not say the sandbox is in use:\n%s", r.stderr)
	}
	for _, s := range []string{"Internet Connection", "Concur Expenses", "NW Old Tape Rotation"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("the demo plan does not mention %q:\n%s", s, r.stdout)
		}
	}
	r = runEnv(t, nil, "apply", "--sandbox", "--auto-approve", exampleRepo)
	if r.code != cli.ExitOK {
		t.Fatalf("apply --sandbox: %s", r)
	}
	if !strings.Contains(r.stdout, "re-planned: no changes; the sandbox now matches the repository\n") {
		t.Errorf("apply --sandbox does not report a converged re-plan:\n%s", r.stdout)
	}
	// With --target only the targeted part was applied: the re-plan must
	// not claim the whole account matches.
	r = runEnv(t, nil, "apply", "--sandbox", "--auto-approve", "--target", "Fabrikam Inc", exampleRepo)
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "re-planned: no changes; the sandbox now matches the repository for the --target given") {
		t.Errorf("apply --sandbox --target: want a re-plan that names the target\n%s", r)
	}
}

// TestApplyAsksOnATerminal: on a terminal apply asks, and only "yes"
// applies.
func TestApplyAsksOnATerminal(t *testing.T) {
	a := demoAccount(t, "")
	for _, tc := range []struct {
		answer string
		want   int
	}{{"no\n", cli.ExitCancel}, {"", cli.ExitCancel}, {"yes\n", cli.ExitOK}} {
		ios, in, out, errOut := cli.TestStreams()
		ios.InTTY = true
		in.WriteString(tc.answer)
		code := cli.Main(context.Background(), []string{"apply", exampleRepo}, func(k string) string { return a.env[k] }, ios)
		if code != tc.want {
			t.Errorf("answer %q: exit %d; want %d\nstdout:\n%s\nstderr:\n%s", tc.answer, code, tc.want, out, errOut)
		}
		if !strings.Contains(errOut.String(), "Only 'yes' will be accepted") {
			t.Errorf("answer %q: no confirmation prompt on stderr:\n%s", tc.answer, errOut)
		}
		if tc.want == cli.ExitCancel && !strings.Contains(errOut.String(), "nothing was applied") {
			t.Errorf("answer %q: stderr does not say nothing was applied:\n%s", tc.answer, errOut)
		}
	}
	if left := changes(a.planJSON(t, exampleRepo)); len(left) != 0 {
		t.Errorf("after answering yes, the plan still has %q", left)
	}
}

// TestPlanTarget: --target narrows the plan to one organization (plus what
// its changes depend on) or one type.
func TestPlanTarget(t *testing.T) {
	a := demoAccount(t, "")
	for _, tc := range []struct {
		target string
		keep   func(ch plan.Change) bool
	}{
		{"Fabrikam Inc", func(ch plan.Change) bool { return ch.Organization == "Fabrikam Inc" || ch.Organization == "" }},
		{"Internet Connection", func(ch plan.Change) bool {
			return ch.AssetType == "Internet Connection" || ch.Kind == plan.KindOrganization
		}},
	} {
		p := a.planJSON(t, exampleRepo, "--target", tc.target)
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
	before := a.sb.Server.RequestCount()
	for _, args := range [][]string{{"plan"}, {"apply", "--auto-approve"}} {
		r := a.run(t, nil, append(args, "--target", "Fabrikam", exampleRepo)...)
		if r.code != cli.ExitError || !strings.Contains(r.stderr, `--target "Fabrikam" names no declared organization`) ||
			!strings.Contains(r.stderr, `"Fabrikam Inc"`) {
			t.Errorf("%s --target Fabrikam: want exit 1 naming the target and the declared names\n%s", args[0], r)
		}
	}
	if n := a.sb.Server.RequestCount() - before; n != 0 {
		t.Errorf("an unknown --target sent %d API requests; want none", n)
	}
}

// TestPlanColour: colour only on a terminal, and never with NO_COLOR.
func TestPlanColour(t *testing.T) {
	for _, tc := range []struct {
		name      string
		tty       bool
		noColor   string
		wantColor bool
	}{{"terminal", true, "", true}, {"NO_COLOR", true, "1", false}, {"pipe", false, "", false}} {
		ios, _, out, errOut := cli.TestStreams()
		ios.OutTTY = tc.tty
		env := map[string]string{"NO_COLOR": tc.noColor}
		code := cli.Main(context.Background(), []string{"plan", "--sandbox", exampleRepo}, func(k string) string { return env[k] }, ios)
		if code != cli.ExitOK {
			t.Fatalf("%s: exit %d\n%s", tc.name, code, errOut)
		}
		if got := strings.Contains(out.String(), "\x1b["); got != tc.wantColor {
			t.Errorf("%s: colour = %v; want %v", tc.name, got, tc.wantColor)
		}
	}
}
