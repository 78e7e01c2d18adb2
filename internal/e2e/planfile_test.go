package e2e

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
)

// TestSandboxPlanFileAppliesInALaterRun: the demo account is the same in
// every run, so a plan saved with plan --sandbox --out applies with apply
// --sandbox PLANFILE in another process, instead of every object being
// refused as stale.
func TestSandboxPlanFileAppliesInALaterRun(t *testing.T) {
	file := filepath.Join(t.TempDir(), "plan.json")
	if r := runEnv(t, nil, "plan", "--sandbox", "--out", file, exampleRepo); r.code != cli.ExitOK {
		t.Fatalf("plan --sandbox --out: %s", r)
	}
	r := runEnv(t, nil, "apply", "--sandbox", "--auto-approve", file)
	if r.code != cli.ExitOK || !strings.Contains(r.stdout, "Apply complete: 25 applied, 0 failed, 0 skipped, 0 stale, 0 not attempted.") {
		t.Errorf("apply --sandbox PLANFILE: want every change applied, exit 0\n%s", r)
	}
}

// TestPlanFileFromAnotherDirectory: a plan names Upload files relative to
// the directory plan ran in. Applied from elsewhere, apply refuses before
// writing anything and says where to run it; from there it applies.
func TestPlanFileFromAnotherDirectory(t *testing.T) {
	a := demoAccount(t, "")
	file := filepath.Join(t.TempDir(), "plan.json")
	if r := a.run(t, nil, "plan", "--out", file, exampleRepo); r.code != cli.ExitOK {
		t.Fatalf("plan --out: %s", r)
	}
	here, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	before := a.sb.Server.RequestCount()
	r := a.run(t, nil, "apply", "--auto-approve", file)
	if r.code != cli.ExitError || !strings.Contains(r.stderr, "contoso-erp-architecture.svg") ||
		!strings.Contains(r.stderr, "run apply from that directory; nothing was applied") {
		t.Errorf("apply PLANFILE from another directory: want exit 1 naming the upload and where to run\n%s", r)
	}
	if n := a.sb.Server.RequestCount() - before; n != 0 {
		t.Errorf("the refused apply sent %d requests; want none", n)
	}
	t.Chdir(here)
	if r := a.run(t, nil, "apply", "--auto-approve", file); r.code != cli.ExitOK {
		t.Errorf("apply PLANFILE from the plan's directory: %s", r)
	}
}
