package e2e

import (
	"context"
	"fmt"
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// unmanagedKept is the part of TestApplyThenPlanIsEmpty (demo account)
// that proves what the repository does not describe survives apply: an
// organization outside its scope (with its asset), a field it does not
// declare (reported as unmanaged), and traits it does not state (a Tag and
// a Text trait of Shop Floor MES). It reads them before the first plan.
type unmanagedKept struct {
	contact  []int64
	portal   string
	tailspin client.Organization
	extra    client.FlexibleAssetField
}

func readUnmanaged(t *testing.T, a *account) unmanagedKept {
	t.Helper()
	var u unmanagedKept
	mes := a.asset(t, "Contoso Ltd", "LOB Application", "Shop Floor MES")
	contact, ok := client.TagIDs(mes.Traits.Value("vendor-contact"))
	if !ok || len(contact) != 1 {
		t.Fatalf("demo: Shop Floor MES vendor-contact = %s; want one tagged contact", mes.Traits.Value("vendor-contact"))
	}
	u.contact = contact
	u.portal = string(mes.Traits.Value("vendor-portal-url"))
	if u.portal == "" {
		t.Fatal("demo: Shop Floor MES has no vendor-portal-url")
	}
	u.tailspin = a.org(t, "Tailspin Toys")
	for _, f := range a.assetType(t, "LOB Application").Fields {
		if f.Name == "Vendor Portal URL" {
			u.extra = f
		}
	}
	return u
}

// checkPlan checks the first plan of examples/repo (p, in JSON) and the
// Markdown plan report them.
func (u unmanagedKept) checkPlan(t *testing.T, a *account, p *plan.Plan) {
	t.Helper()
	want := plan.Unmanaged{Kind: plan.KindField, Address: "Line of Business App/Vendor Portal URL", LiveID: u.extra.ID}
	if !slices.Contains(p.Unmanaged, want) {
		t.Errorf("plan's unmanaged report = %+v; want %+v", p.Unmanaged, want)
	}
	// Tailspin Toys is outside manage.organizations: counted, not listed.
	if diff := cmp.Diff(&plan.OutsideScope{Organizations: 1}, p.OutsideScope); diff != "" {
		t.Errorf("plan's outside-scope count (-want +got):\n%s", diff)
	}
	for _, ch := range p.Changes {
		if ch.Organization == "Tailspin Toys" || ch.LiveID == u.tailspin.ID && ch.Kind == plan.KindOrganization {
			t.Errorf("the plan touches Tailspin Toys, outside the repository's scope: %s %s", ch.Action, ch.ID)
		}
	}
	if r := a.run(t, nil, "plan", "--format", "markdown", clitest.ExampleRepo); !strings.Contains(r.Stdout, outsideLine) {
		t.Errorf("plan --format markdown does not say that 1 organization is outside the managed scope:\n%s", r.Stdout)
	}
}

// outsideLine is how the text and Markdown plans say that Tailspin Toys is
// outside examples/repo's scope.
const outsideLine = "1 organization in the account is outside the repository"

// checkApplied checks the account after apply, and the text plan apply
// printed (applyOut).
func (u unmanagedKept) checkApplied(t *testing.T, a *account, applyOut string) {
	t.Helper()
	if !strings.Contains(applyOut, outsideLine) {
		t.Errorf("the text plan apply prints does not say that 1 organization is outside the managed scope:\n%s", applyOut)
	}
	a.org(t, "Tailspin Toys")
	a.asset(t, "Tailspin Toys", "Backup Job", "TT Nightly NAS")
	after := a.asset(t, "Contoso Ltd", "Line of Business App", "Shop Floor MES")
	got, _ := client.TagIDs(after.Traits.Value("vendor-contact"))
	if !slices.Equal(got, u.contact) {
		t.Errorf("after apply, Shop Floor MES vendor-contact = %v; want the unmanaged %v kept", got, u.contact)
	}
	if got := string(after.Traits.Value("vendor-portal-url")); got != u.portal {
		t.Errorf("after apply, Shop Floor MES vendor-portal-url = %s; want the unmanaged %s kept", got, u.portal)
	}
	if !slices.ContainsFunc(a.assetType(t, "Line of Business App").Fields, func(f client.FlexibleAssetField) bool { return f.ID == u.extra.ID }) {
		t.Errorf("after apply, the undeclared field Vendor Portal URL is gone; want it kept (prune.fields is off)")
	}
}

// TestStalePlanFileRefusesChangedObjects: apply PLANFILE refuses the
// objects changed since the plan, applies the rest, exits 3, and the next
// plan shows only what was refused. Applied again, the same plan file is
// refused as a whole (appliesOnce): its creates were applied the first
// time.
func TestStalePlanFileRefusesChangedObjects(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		a := demoAccount(t, prof, "")
		file := filepath.Join(t.TempDir(), "plan.json")
		if r := a.run(t, nil, "plan", "--out", file, clitest.ExampleRepo); r.Code != cli.ExitOK {
			t.Fatalf("plan --out: %s", r)
		}
		saved, err := plan.Decode(strings.NewReader(clitest.ReadFile(t, file)))
		if err != nil {
			t.Fatal(err)
		}
		const staleID = "organization/Northwind Traders"
		if !slices.ContainsFunc(saved.Changes, func(ch plan.Change) bool { return ch.ID == staleID && ch.Action == plan.Update }) {
			t.Fatalf("the demo plan does not update Northwind Traders: %q", changes(saved))
		}
		nw := a.org(t, "Northwind Traders")
		hand := "edited in IT Glue after the plan"
		if _, err := a.api.Organizations.Update(context.Background(), nw.ID, client.OrganizationWrite{Alert: &hand}); err != nil {
			t.Fatal(err)
		}

		r := a.run(t, nil, "apply", "--auto-approve", file)
		if r.Code != cli.ExitStale {
			t.Fatalf("apply of a stale plan: want exit %d\n%s", cli.ExitStale, r)
		}
		if !strings.Contains(r.Stdout, "Refused as stale") || !strings.Contains(r.Stdout, "Northwind Traders") {
			t.Errorf("report does not name the stale organization:\n%s", r.Stdout)
		}
		if got := a.org(t, "Northwind Traders").Alert; got != hand {
			t.Errorf("Northwind's alert = %q; want the hand edit kept", got)
		}
		appliesOnce(t, a, prof, file)
		// Everything else was applied, once: a rerun's plan (its JSON
		// report lists every change of it) holds only the refused update
		// (no create: nothing was duplicated), and applies it.
		r = a.run(t, nil, "apply", "--auto-approve", "--format", "json", clitest.ExampleRepo)
		var got []string
		for _, c := range applyJSON(t, r).Changes {
			got = append(got, string(c.Action)+" "+c.ID+": "+string(c.Status))
		}
		if want := []string{"update " + staleID + ": applied"}; r.Code != cli.ExitOK || !slices.Equal(got, want) {
			t.Errorf("rerun after the stale apply: exit %d, changes %q; want 0 and only %q", r.Code, got, want)
		}
		// The rerun converges (and the hand edit, which the repository
		// does not state, stays).
		if got := a.org(t, "Northwind Traders").Alert; got != hand {
			t.Errorf("Northwind's alert after the rerun = %q; want the hand edit kept", got)
		}
		if left := changes(a.planJSON(t, clitest.ExampleRepo)); len(left) != 0 {
			t.Errorf("plan after the rerun: %q; want none", left)
		}
	})
}

// TestMissingSecret: a Password variable that is not set is a plan error
// (nothing applied); when it disappears between plan --out and apply, apply
// finds it before its first write and refuses the whole plan, naming the
// variable (never a value); a rerun of the plan file with the variable
// applies every change of it (so neither refusal wrote anything: a change
// since the plan, or an object it creates that exists, is refused) and the
// account then matches the repository.
func TestMissingSecret(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		a := demoAccount(t, prof, "")
		unset := map[string]string{"CONTOSO_ERP_SVC_PASSWORD": ""}
		r := a.run(t, unset, "apply", "--auto-approve", clitest.ExampleRepo)
		if r.Code != cli.ExitError || !strings.Contains(r.Stdout+r.Stderr, "CONTOSO_ERP_SVC_PASSWORD") {
			t.Fatalf("apply without CONTOSO_ERP_SVC_PASSWORD: want exit 1 naming the variable\n%s", r)
		}

		file := filepath.Join(t.TempDir(), "plan.json")
		if r := a.run(t, nil, "plan", "--out", file, clitest.ExampleRepo); r.Code != cli.ExitOK {
			t.Fatalf("plan --out: %s", r)
		}
		saved, err := plan.Decode(strings.NewReader(clitest.ReadFile(t, file)))
		if err != nil {
			t.Fatal(err)
		}
		n := len(changes(saved))
		if n == 0 {
			t.Fatalf("a refused plan changed the account: the next plan has no change")
		}
		r = a.run(t, unset, "apply", "--auto-approve", file)
		if r.Code != cli.ExitError {
			t.Fatalf("apply of the plan file without the variable: want exit 1\n%s", r)
		}
		if !strings.Contains(r.Stderr, "environment variable CONTOSO_ERP_SVC_PASSWORD is not set") || !strings.Contains(r.Stderr, "nothing was applied") {
			t.Errorf("want the apply refused before any write, naming the variable:\n%s", r)
		}
		r = a.run(t, nil, "apply", "--auto-approve", file)
		if want := fmt.Sprintf("Apply complete: %d applied, 0 failed, 0 skipped, 0 stale, 0 not attempted.", n); r.Code != cli.ExitOK || !strings.Contains(r.Stdout, want) {
			t.Errorf("apply of the plan file with the variable: want exit 0 and %q (a refused apply changed the account?)\n%s", want, r)
		}
		if left := changes(a.planJSON(t, clitest.ExampleRepo)); len(left) != 0 {
			t.Errorf("plan after the rerun: %q; want none", left)
		}
	})
}
