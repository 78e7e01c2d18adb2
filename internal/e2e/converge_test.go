package e2e

import (
	"context"
	"encoding/json"
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// emptySeed is the demo account's organizations and tag targets only: no
// flexible asset types and no assets, so apply creates every type, field
// and asset of examples/repo.
func emptySeed(t *testing.T) string {
	t.Helper()
	var m map[string]any
	if err := yaml.Unmarshal(demo.Seed(), &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "flexible_asset_types")
	delete(m, "flexible_assets")
	b, err := yaml.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestExampleCoversEveryKind guards the idempotency tests below: they only
// prove something for every field kind while examples/repo uses them all.
func TestExampleCoversEveryKind(t *testing.T) {
	t.Parallel()
	ds, diags := spec.LoadDir(context.Background(), clitest.ExampleRepo)
	if diags.HasErrors() {
		t.Fatalf("examples/repo:\n%s", diags)
	}
	used := map[string]bool{}
	for _, ty := range ds.AssetTypes {
		for _, f := range ty.Fields {
			used[f.Kind] = true
		}
	}
	for _, k := range spec.FieldKinds {
		if !used[k] {
			t.Errorf("examples/repo declares no %s field; the apply-then-plan test would not cover it", k)
		}
	}
	valued := map[string]bool{}
	for _, a := range ds.Assets {
		for _, tv := range a.Traits {
			valued[tv.Kind()] = true
		}
	}
	for _, k := range spec.FieldKinds {
		if k != spec.KindHeader && !valued[k] {
			t.Errorf("no asset in examples/repo has a %s value", k)
		}
	}
}

// TestApplyThenPlanIsEmpty is the dnscontrol-style idempotency test: from
// an empty account and from the demo account (creates, updates, a rename,
// a delete), apply examples/repo, then plan again: no changes at all. On
// the empty account the repository also declares an organization no
// account has, with every attribute, a parent and an asset, so that one
// run from nothing creates every kind of object. The first plan shows the
// Contoso runbook's change as Markdown (the demo account's older runbook
// read back as Markdown), and apply sends HTML that reads as the rendered
// runbooks.
//
// On the demo account it also proves that what the repository does not
// describe survives apply (unmanagedKept), with one Markdown plan more,
// and then that drift shows exactly (driftShowsExactly).
//
// Each case is one account and three runs (plan, apply, plan), in both
// profiles: the pessimistic one stores Textbox values as HTML its own way
// and answers type and asset reads differently, which is what apply then
// plan must survive.
func TestApplyThenPlanIsEmpty(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		// withNewOrganization is examples/repo plus an organization that no
		// account has, with every attribute, a parent and an asset.
		withNewOrganization := func(t *testing.T) string {
			cfg := clitest.ReadFile(t, clitest.ExampleRepo+"/glue-sync.yaml")
			const list = "organizations: [Contoso Ltd, Fabrikam Inc, Northwind Traders]"
			if !strings.Contains(cfg, list) {
				t.Fatal("examples/repo/glue-sync.yaml changed shape: update this test's edit")
			}
			return clitest.CopyDir(t, clitest.ExampleRepo, map[string]string{
				"glue-sync.yaml": strings.Replace(cfg, list, "organizations: [Contoso Ltd, Fabrikam Inc, Northwind Traders, Woodgrove Bank]", 1),
				"organizations/woodgrove.yaml": "kind: Organization\nname: Woodgrove Bank\ntype: Prospect\nstatus: Inactive\n" +
					"shortName: WOODG\nparent: Contoso Ltd\ndescription: |\n  Regional bank.\n  Two branches.\nalert: Call first\nquickNotes: Gate code 1234\n",
				"assets/woodgrove.yaml": "kind: FlexibleAsset\norganization: Woodgrove Bank\ntype: Backup Job\ntraits:\n" +
					"  Job Name: WG Nightly\n  Schedule: Nightly\n  Retention Days: 7\n  Offsite Copy: false\n  Last Restore Test: 2026-02-01\n",
			})
		}
		contosoRunbook := clitest.ReadFile(t, clitest.ExampleRepo+"/"+runbooks[0].file)
		for _, tc := range []struct {
			name string
			seed func(*testing.T) string
			repo func(*testing.T) string
			// kinds that the first plan must create or update
			wantKinds []plan.Kind
			// liveRunbook is in the first plan's Restore Notes before, when
			// the account holds an older Contoso runbook
			liveRunbook string
		}{
			{"empty account", emptySeed, withNewOrganization, []plan.Kind{plan.KindOrganization, plan.KindAssetType, plan.KindAsset}, ""},
			{"demo account", func(*testing.T) string { return string(demo.Seed()) }, nil,
				[]plan.Kind{plan.KindOrganization, plan.KindAssetType, plan.KindField, plan.KindAsset}, "Expect about *30 minutes* end to end."},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a := newAccount(t, prof, "", tc.seed(t))
				repo := clitest.ExampleRepo
				if tc.repo != nil {
					repo = tc.repo(t)
				}
				var kept unmanagedKept
				if tc.repo == nil { // the demo account and examples/repo as it is
					kept = readUnmanaged(t, a)
				}
				first := a.planJSON(t, repo)
				if first.HasErrors() {
					t.Fatalf("first plan has errors: %+v", first.Diagnostics)
				}
				if tc.repo == nil {
					kept.checkPlan(t, a, first)
				}
				if tc.repo != nil && !slices.ContainsFunc(first.Changes, func(ch plan.Change) bool {
					return ch.ID == "organization/Woodgrove Bank" && ch.Action == plan.Create
				}) {
					t.Errorf("first plan does not create Woodgrove Bank: %q", changes(first))
				}
				for _, k := range tc.wantKinds {
					if !slices.ContainsFunc(first.Changes, func(ch plan.Change) bool { return ch.Kind == k && ch.Action != plan.NoOp }) {
						t.Errorf("first plan changes no %s; want at least one (changes: %q)", k, changes(first))
					}
				}
				d := findDiff(t, first, "flexible-asset/Contoso Ltd/Backup Job/CON Hourly SQL", "traits.Restore Notes")
				var before, after string
				if json.Unmarshal(d.After, &after) != nil || after != contosoRunbook {
					t.Errorf("first plan's Restore Notes after = %s; want the Markdown source", d.After)
				}
				if tc.liveRunbook != "" {
					if err := json.Unmarshal(d.Before, &before); err != nil || !strings.Contains(before, tc.liveRunbook) {
						t.Errorf("first plan's Restore Notes before = %s; want the live HTML read back as Markdown", d.Before)
					}
				}
				applied := a.mustApply(t, repo)
				if tc.repo == nil {
					kept.checkApplied(t, a, applied.Stdout)
				}
				if tc.repo != nil {
					wg, contoso := a.org(t, "Woodgrove Bank"), a.org(t, "Contoso Ltd")
					if wg.ParentID != contoso.ID || wg.OrganizationStatusName != "Inactive" || wg.QuickNotes != "Gate code 1234" {
						t.Errorf("Woodgrove Bank after apply: parent %d, status %q, quick notes %q; want %d, Inactive, the notes",
							wg.ParentID, wg.OrganizationStatusName, wg.QuickNotes, contoso.ID)
					}
				}
				a.checkRunbooks(t)
				// Nothing left to do: plan --detailed-exitcode says 0 (the
				// documented code, which TestExitCodes leaves to this test).
				if r := a.run(t, nil, "plan", "--detailed-exitcode", repo); r.Code != cli.ExitOK {
					t.Errorf("plan after apply: want exit 0 (no changes)\n%s", r)
					if got := changes(a.planJSON(t, repo)); len(got) != 0 {
						t.Errorf("plan after apply has %d changes; want none:\n%q", len(got), got)
					}
				}
				if tc.repo == nil {
					driftShowsExactly(t, a)
				}
			})
		}
	})
}
