package e2e

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// org returns the live organization called name.
func (a *account) org(t *testing.T, name string) client.Organization {
	t.Helper()
	orgs, err := a.api.Organizations.List(context.Background(), &client.OrganizationListOptions{Names: []string{name}})
	if err != nil || len(orgs) != 1 {
		t.Fatalf("organization %q: %d found (err %v)", name, len(orgs), err)
	}
	return orgs[0]
}

// assetType returns the live flexible asset type called name.
func (a *account) assetType(t *testing.T, name string) client.FlexibleAssetType {
	t.Helper()
	ts, err := a.api.FlexibleAssetTypes.List(context.Background(), name)
	if err != nil || len(ts) != 1 {
		t.Fatalf("flexible asset type %q: %d found (err %v)", name, len(ts), err)
	}
	return ts[0]
}

// asset returns the live asset of org and type whose name is name.
func (a *account) asset(t *testing.T, org, typ, name string) client.FlexibleAsset {
	t.Helper()
	o, ty := a.org(t, org), a.assetType(t, typ)
	as, err := a.api.FlexibleAssets.List(context.Background(), ty.ID, &client.FlexibleAssetListOptions{OrganizationID: o.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range as {
		if x.Name == name {
			return x
		}
	}
	t.Fatalf("no %s asset %q in %s", typ, name, org)
	return client.FlexibleAsset{}
}

// setTrait changes one trait of a live asset behind the repository's back,
// keeping every other trait.
func (a *account) setTrait(t *testing.T, as client.FlexibleAsset, key string, v any) {
	t.Helper()
	tr := as.Traits.WriteShape()
	tr[key] = v
	if _, err := a.api.FlexibleAssets.Update(context.Background(), as.ID, client.FlexibleAssetWrite{Traits: tr}); err != nil {
		t.Fatal(err)
	}
}

// TestUnmanagedSurviveApply: what the repository does not describe
// survives apply: an organization outside its scope (with its asset), a
// field it does not declare (reported as unmanaged), and traits it does
// not state (a Tag and a Text trait of Shop Floor MES).
func TestUnmanagedSurviveApply(t *testing.T) {
	a := demoAccount(t, "")
	mes := a.asset(t, "Contoso Ltd", "LOB Application", "Shop Floor MES")
	contact, ok := client.TagIDs(mes.Traits["vendor-contact"])
	if !ok || len(contact) != 1 {
		t.Fatalf("demo: Shop Floor MES vendor-contact = %s; want one tagged contact", mes.Traits["vendor-contact"])
	}
	portal := string(mes.Traits["vendor-portal-url"])
	if portal == "" {
		t.Fatal("demo: Shop Floor MES has no vendor-portal-url")
	}
	tailspin := a.org(t, "Tailspin Toys")
	lob := a.assetType(t, "LOB Application")
	var extra client.FlexibleAssetField
	for _, f := range lob.Fields {
		if f.Name == "Vendor Portal URL" {
			extra = f
		}
	}

	p := a.planJSON(t, exampleRepo)
	want := plan.Unmanaged{Kind: plan.KindField, Address: "Line of Business App/Vendor Portal URL", LiveID: extra.ID}
	if !slices.Contains(p.Unmanaged, want) {
		t.Errorf("plan's unmanaged report = %+v; want %+v", p.Unmanaged, want)
	}
	for _, ch := range p.Changes {
		if ch.Organization == "Tailspin Toys" || ch.LiveID == tailspin.ID && ch.Kind == plan.KindOrganization {
			t.Errorf("the plan touches Tailspin Toys, outside the repository's scope: %s %s", ch.Action, ch.ID)
		}
	}
	a.mustApply(t, exampleRepo)

	a.org(t, "Tailspin Toys")
	a.asset(t, "Tailspin Toys", "Backup Job", "TT Nightly NAS")
	after := a.asset(t, "Contoso Ltd", "Line of Business App", "Shop Floor MES")
	got, _ := client.TagIDs(after.Traits["vendor-contact"])
	if !slices.Equal(got, contact) {
		t.Errorf("after apply, Shop Floor MES vendor-contact = %v; want the unmanaged %v kept", got, contact)
	}
	if got := string(after.Traits["vendor-portal-url"]); got != portal {
		t.Errorf("after apply, Shop Floor MES vendor-portal-url = %s; want the unmanaged %s kept", got, portal)
	}
	if !slices.ContainsFunc(a.assetType(t, "Line of Business App").Fields, func(f client.FlexibleAssetField) bool { return f.ID == extra.ID }) {
		t.Errorf("after apply, the undeclared field Vendor Portal URL is gone; want it kept (prune.fields is off)")
	}
}

// TestStalePlanFileRefusesChangedObjects: apply PLANFILE refuses the
// objects changed since the plan, applies the rest, exits 3, and the next
// plan shows only what was refused.
func TestStalePlanFileRefusesChangedObjects(t *testing.T) {
	a := demoAccount(t, "")
	file := filepath.Join(t.TempDir(), "plan.json")
	if r := a.run(t, nil, "plan", "--out", file, exampleRepo); r.code != cli.ExitOK {
		t.Fatalf("plan --out: %s", r)
	}
	saved, err := plan.Decode(strings.NewReader(readFile(t, file)))
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
	if r.code != cli.ExitStale {
		t.Fatalf("apply of a stale plan: want exit %d\n%s", cli.ExitStale, r)
	}
	if !strings.Contains(r.stdout, "Refused as stale") || !strings.Contains(r.stdout, "Northwind Traders") {
		t.Errorf("report does not name the stale organization:\n%s", r.stdout)
	}
	if got := a.org(t, "Northwind Traders").Alert; got != hand {
		t.Errorf("Northwind's alert = %q; want the hand edit kept", got)
	}
	// Everything else was applied: the next plan holds only the refused
	// update (and the hand edit is not touched by the repo, so it stays).
	if got, want := changes(a.planJSON(t, exampleRepo)), []string{"update " + staleID}; !slices.Equal(got, want) {
		t.Errorf("plan after the stale apply = %q; want only %q", got, want)
	}
	// A rerun converges.
	a.mustApply(t, exampleRepo)
	if left := changes(a.planJSON(t, exampleRepo)); len(left) != 0 {
		t.Errorf("plan after the rerun: %q; want none", left)
	}
}

// TestMissingSecret: a Password variable that is not set is a plan error
// (nothing applied); when it disappears between plan --out and apply, only
// the change that needs it fails (naming the variable, never a value), the
// rest is applied, apply exits 1, and a rerun with the variable converges.
func TestMissingSecret(t *testing.T) {
	a := demoAccount(t, "")
	unset := map[string]string{"CONTOSO_ERP_SVC_PASSWORD": ""}
	r := a.run(t, unset, "apply", "--auto-approve", exampleRepo)
	if r.code != cli.ExitError || !strings.Contains(r.stdout+r.stderr, "CONTOSO_ERP_SVC_PASSWORD") {
		t.Fatalf("apply without CONTOSO_ERP_SVC_PASSWORD: want exit 1 naming the variable\n%s", r)
	}
	if r := a.run(t, nil, "plan", "--detailed-exitcode", exampleRepo); r.code != cli.ExitChanges {
		t.Fatalf("a refused plan changed the account:\n%s", r)
	}

	file := filepath.Join(t.TempDir(), "plan.json")
	if r := a.run(t, nil, "plan", "--out", file, exampleRepo); r.code != cli.ExitOK {
		t.Fatalf("plan --out: %s", r)
	}
	r = a.run(t, unset, "apply", "--auto-approve", file)
	if r.code != cli.ExitError {
		t.Fatalf("apply of the plan file without the variable: want exit 1\n%s", r)
	}
	if !strings.Contains(r.stdout, "environment variable CONTOSO_ERP_SVC_PASSWORD is not set") ||
		!strings.Contains(r.stdout, ", 1 failed, 0 skipped, 0 stale, 0 not attempted.") {
		t.Errorf("want exactly one failure, naming the variable, and everything else applied:\n%s", r.stdout)
	}
	if got := changes(a.planJSON(t, exampleRepo)); len(got) != 1 || !strings.Contains(got[0], "Contoso ERP") {
		t.Errorf("plan after the partial apply = %q; want only Contoso ERP", got)
	}
	a.mustApply(t, exampleRepo)
	if left := changes(a.planJSON(t, exampleRepo)); len(left) != 0 {
		t.Errorf("plan after the rerun: %q; want none", left)
	}
}

// TestDeletionThreshold: deleting more than the prune policy allows is a
// plan error unless --force; forced, apply deletes them.
func TestDeletionThreshold(t *testing.T) {
	a := demoAccount(t, "")
	// Cap deletes at 1, and drop Northwind's email asset from the repo:
	// with the demo's NW Old Tape Rotation that makes 2 deletes.
	cfg := readFile(t, filepath.Join(exampleRepo, "glue-sync.yaml"))
	capped := strings.Replace(cfg, "maxCount: 5", "maxCount: 1", 1)
	nwAssets := readFile(t, filepath.Join(exampleRepo, "assets/northwind/assets.yaml"))
	_, withoutEmail, ok := strings.Cut(nwAssets, "\n---\n")
	if capped == cfg || !ok || !strings.Contains(nwAssets[:len(nwAssets)-len(withoutEmail)], "API Email Example") {
		t.Fatal("examples/repo changed shape: update this test's edits")
	}
	dir := copyRepo(t, map[string]string{"glue-sync.yaml": capped, "assets/northwind/assets.yaml": withoutEmail})

	r := a.run(t, nil, "plan", "--detailed-exitcode", dir)
	if r.code != cli.ExitError {
		t.Fatalf("plan over the deletion threshold: want exit 1\n%s", r)
	}
	if !strings.Contains(r.stdout+r.stderr, "--force") {
		t.Errorf("the refusal does not say how to override it (--force):\n%s", r)
	}
	if r := a.run(t, nil, "apply", "--auto-approve", dir); r.code != cli.ExitError {
		t.Errorf("apply over the deletion threshold: want exit 1\n%s", r)
	}
	a.asset(t, "Northwind Traders", "API Email Example", "Exchange 2013") // still there

	forced := a.planJSON(t, dir, "--force")
	var deletes []string
	for _, ch := range forced.Changes {
		if ch.Action == plan.Delete {
			deletes = append(deletes, ch.Name)
		}
	}
	slices.Sort(deletes)
	if want := []string{"Exchange 2013", "NW Old Tape Rotation"}; !slices.Equal(deletes, want) {
		t.Fatalf("forced plan deletes %q; want %q", deletes, want)
	}
	if r := a.run(t, nil, "apply", "--auto-approve", "--force", dir); r.code != cli.ExitOK {
		t.Fatalf("apply --force: %s", r)
	}
	nw := a.org(t, "Northwind Traders")
	email := a.assetType(t, "API Email Example")
	left, err := a.api.FlexibleAssets.List(context.Background(), email.ID, &client.FlexibleAssetListOptions{OrganizationID: nw.ID})
	if err != nil || len(left) != 0 {
		t.Errorf("Northwind email assets after a forced apply: %d (err %v); want 0", len(left), err)
	}
}

// TestSecretCanary: a unique API key and unique password values never
// appear in any output or plan file, whatever the format and command.
func TestSecretCanary(t *testing.T) {
	key := unique(t, "ITG.canary-key-")
	pw := map[string]string{}
	for _, e := range secretEnvs {
		pw[e] = unique(t, "canary-pw-")
	}
	check := func(t *testing.T, what, s string) {
		t.Helper()
		if strings.Contains(s, key) {
			t.Errorf("%s contains the API key", what)
		}
		for e, v := range pw {
			if strings.Contains(s, v) {
				t.Errorf("%s contains the value of %s", what, e)
			}
		}
	}
	dir := t.TempDir()
	a := demoAccount(t, key)
	runs := [][]string{
		{"plan", exampleRepo},
		{"plan", "--format", "markdown", exampleRepo},
		{"plan", "--format", "json", exampleRepo},
		{"plan", "--debug", "--out", filepath.Join(dir, "a.json"), exampleRepo},
		{"apply", "--auto-approve", "--debug", exampleRepo},
		{"plan", "--detailed-exitcode", exampleRepo},
	}
	for _, args := range runs {
		r := a.run(t, pw, args...)
		check(t, strings.Join(args, " ")+" stdout", r.stdout)
		check(t, strings.Join(args, " ")+" stderr", r.stderr)
	}
	// Apply from a plan file, on a fresh account with the same key.
	b := demoAccount(t, key)
	file := filepath.Join(dir, "b.json")
	for _, args := range [][]string{{"plan", "--out", file, exampleRepo}, {"apply", "--auto-approve", file}} {
		r := b.run(t, pw, args...)
		if r.code != cli.ExitOK {
			t.Errorf("%q: %s", args, r)
		}
		check(t, strings.Join(args, " ")+" stdout", r.stdout)
		check(t, strings.Join(args, " ")+" stderr", r.stderr)
	}
	for _, f := range []string{"a.json", "b.json"} {
		check(t, "plan file "+f, readFile(t, filepath.Join(dir, f)))
	}
	// The passwords did reach the account: apply set them.
	erp := b.asset(t, "Contoso Ltd", "Line of Business App", "Contoso ERP")
	if len(erp.Traits["service-account-password"]) == 0 {
		t.Errorf("Contoso ERP has no service account password after apply")
	}
	if _, err := os.Stat(filepath.Join(dir, "a.json")); err != nil {
		t.Errorf("plan --out did not write its file: %v", err)
	}
}

// TestPruneAssetsThatTagEachOther: deleting an asset drops the tags other
// assets hold on it. When those assets are deleted in the same run, that
// is the run's own doing, not a change made since the plan: nothing may
// be refused as stale.
func TestPruneAssetsThatTagEachOther(t *testing.T) {
	a := demoAccount(t, "")
	// Without Northwind's file, Northwind Orders (which tags the backup job
	// NW Nightly SQL) and the backup job are both deleted.
	dir := copyRepo(t, map[string]string{"assets/northwind/assets.yaml": ""})
	r := a.run(t, nil, "apply", "--auto-approve", "--force", dir)
	if r.code != cli.ExitOK {
		t.Fatalf("apply --force: %s", r)
	}
	if left := changes(a.planJSON(t, dir, "--force")); len(left) != 0 {
		t.Errorf("plan after apply: %q; want none", left)
	}
}
