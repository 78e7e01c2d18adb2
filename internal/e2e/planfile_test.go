package e2e

import (
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/clitest"
)

// TestSandboxPlanFileAppliesInALaterRun: the demo account is the same in
// every run, so a plan saved with plan --sandbox --out applies with apply
// --sandbox PLANFILE in another process, instead of every object being
// refused as stale.
func TestSandboxPlanFileAppliesInALaterRun(t *testing.T) {
	t.Parallel()
	file := filepath.Join(t.TempDir(), "plan.json")
	if r := clitest.Run(t, nil, "plan", "--sandbox", "--out", file, clitest.ExampleRepo); r.Code != cli.ExitOK {
		t.Fatalf("plan --sandbox --out: %s", r)
	}
	r := clitest.Run(t, nil, "apply", "--sandbox", "--auto-approve", file)
	if r.Code != cli.ExitOK || !strings.Contains(r.Stdout, "Apply complete: 25 applied, 0 failed, 0 skipped, 0 stale, 0 not attempted.") {
		t.Errorf("apply --sandbox PLANFILE: want every change applied, exit 0\n%s", r)
	}
}

// TestPlanFileFromAnotherDirectory: a plan names Upload files relative to
// the directory plan ran in. Applied from elsewhere, apply refuses before
// writing anything and says where to run it; from there it applies. Where
// the files are looked for does not depend on the account's answers: one
// profile, the pessimistic one. (Not parallel: it changes the working
// directory.)
func TestPlanFileFromAnotherDirectory(t *testing.T) {
	inPessimistic(t, func(t *testing.T, prof sandbox.Profile) {
		a := demoAccount(t, prof, "")
		file := filepath.Join(t.TempDir(), "plan.json")
		if r := a.run(t, nil, "plan", "--out", file, clitest.ExampleRepo); r.Code != cli.ExitOK {
			t.Fatalf("plan --out: %s", r)
		}
		here, err := filepath.Abs(".")
		if err != nil {
			t.Fatal(err)
		}
		t.Chdir(t.TempDir())
		before := a.Server.RequestCount()
		r := a.run(t, nil, "apply", "--auto-approve", file)
		if r.Code != cli.ExitError || !strings.Contains(r.Stderr, "contoso-erp-architecture.svg") ||
			!strings.Contains(r.Stderr, "run apply from that directory; nothing was applied") {
			t.Errorf("apply PLANFILE from another directory: want exit 1 naming the upload and where to run\n%s", r)
		}
		if n := a.Server.RequestCount() - before; n != 0 {
			t.Errorf("the refused apply sent %d requests; want none", n)
		}
		t.Chdir(here)
		if r := a.run(t, nil, "apply", "--auto-approve", file); r.Code != cli.ExitOK {
			t.Errorf("apply PLANFILE from the plan's directory: %s", r)
		}
	})
}

// appliesOnce is the part of TestStalePlanFileRefusesChangedObjects that
// proves a saved plan applies once: IT Glue has no idempotent create, so
// applying a saved plan (file) a second time would duplicate every object
// it creates. The second apply finds them, refuses before writing anything
// (exit 3, naming what exists), and the account keeps exactly one of each.
func appliesOnce(t *testing.T, a *account, prof sandbox.Profile, file string) {
	t.Helper()
	before := a.Server.RequestCount()
	r := a.run(t, nil, "apply", "--auto-approve", file)
	if r.Code != cli.ExitStale {
		t.Errorf("second apply of the same plan: want exit %d\n%s", cli.ExitStale, r)
	}
	for _, want := range []string{"objects this plan would create exist now (was the plan applied already?)",
		`flexible asset type "Internet Connection"`, `flexible asset "Concur Expenses" in "Contoso Ltd"`,
		`field "Success Rate" of "Backup Job"`, "nothing was applied; run plan again"} {
		if !strings.Contains(r.Stderr, want) {
			t.Errorf("second apply does not say %q:\n%s", want, r.Stderr)
		}
	}
	// The pessimistic profile adds, by the formula of
	// docs/api-assumptions.md: one nested read of the fields of the
	// type the index did not include, two timed-out asset pages (1000
	// and 500 objects) and one read of archived assets per asset list (4).
	limit := int64(10)
	if prof == sandbox.ProfilePessimistic {
		limit += 1 + 2 + 4
	}
	if n := a.Server.RequestCount() - before; n > limit {
		t.Errorf("the refused apply sent %d requests; want at most %d, only the reads of the check", n, limit)
	}
	r = a.run(t, nil, "apply", "--auto-approve", "--format", "json", file)
	if rep := applyJSON(t, r); r.Code != cli.ExitStale || rep.Outcome != "stale" || !strings.Contains(rep.Error, "exist now") {
		t.Errorf("second apply --format json: exit %d, outcome %q, error %q; want 3, stale, the reason", r.Code, rep.Outcome, rep.Error)
	}
	if n := len(assetsNamed(t, a, "Contoso Ltd", "Line of Business App", "Concur Expenses")); n != 1 {
		t.Errorf("%d assets called Concur Expenses; want 1", n)
	}
}

// assetsNamed lists the live assets of org and type called name.
func assetsNamed(t *testing.T, a *account, org, typ, name string) []int64 {
	t.Helper()
	o, ty := a.org(t, org), a.assetType(t, typ)
	as, err := a.api.FlexibleAssets.List(t.Context(), ty.ID, &client.FlexibleAssetListOptions{OrganizationID: o.ID})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, x := range as {
		if x.Name == name {
			ids = append(ids, x.ID)
		}
	}
	return ids
}
