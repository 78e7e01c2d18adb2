package e2e

import (
	"context"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/cli"
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
	ds, diags := spec.LoadDir(context.Background(), exampleRepo)
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
			valued[tv.Kind] = true
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
// a delete), apply examples/repo, then plan again: no changes at all.
func TestApplyThenPlanIsEmpty(t *testing.T) {
	for _, tc := range []struct {
		name string
		seed func(*testing.T) string
		// kinds that the first plan must create or update
		wantKinds []plan.Kind
	}{
		{"empty account", emptySeed, []plan.Kind{plan.KindAssetType, plan.KindAsset}},
		{"demo account", func(*testing.T) string { return string(demo.Seed()) },
			[]plan.Kind{plan.KindOrganization, plan.KindAssetType, plan.KindField, plan.KindAsset}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newAccount(t, "", tc.seed(t))
			first := a.planJSON(t, exampleRepo)
			if first.HasErrors() {
				t.Fatalf("first plan has errors: %+v", first.Diagnostics)
			}
			for _, k := range tc.wantKinds {
				if !slices.ContainsFunc(first.Changes, func(ch plan.Change) bool { return ch.Kind == k && ch.Action != plan.NoOp }) {
					t.Errorf("first plan changes no %s; want at least one (changes: %q)", k, changes(first))
				}
			}
			a.mustApply(t, exampleRepo)
			r := a.run(t, nil, "plan", "--detailed-exitcode", exampleRepo)
			if r.code != cli.ExitOK {
				t.Errorf("plan after apply: want exit 0 (no changes)\n%s", r)
			}
			if got := changes(a.planJSON(t, exampleRepo)); len(got) != 0 {
				t.Errorf("plan after apply has %d changes; want none:\n%q", len(got), got)
			}
		})
	}
}
