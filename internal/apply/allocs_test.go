package apply

import (
	"context"
	"testing"

	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// planAllocs measures, for an account of n assets, the allocations per
// asset of planning's two local stages: loading the repository
// (spec.LoadDir) and computing the plan (reconcile.Compute, from the
// live state read once).
func planAllocs(t *testing.T, n int) (load, compute float64) {
	t.Helper()
	s := scale{orgs: 20, types: 5, assets: n}
	r := s.start(t)
	ctx := context.Background()
	// The measured load is also the one the plan uses (AllocsPerRun's
	// warm-up run loads it first), rather than a third load of n assets.
	var ds *spec.DesiredState
	var diags spec.Diagnostics
	load = testing.AllocsPerRun(1, func() { ds, diags = spec.LoadDir(ctx, r.dir) })
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	live, err := reconcile.ReadLive(ctx, reconcile.ClientAPI(r.c), reconcile.ScopeOf(ds, nil))
	if err != nil {
		t.Fatal(err)
	}
	compute = testing.AllocsPerRun(1, func() {
		if p := reconcile.Compute(ds, live, reconcile.Options{SourceDir: r.dir}); p.HasChanges() {
			t.Fatalf("plan of an equal account has changes: %+v", p.Count())
		}
	})
	return load / float64(n), compute / float64(n)
}

// TestPlanAllocationsPerAsset is the CI guard on allocations (counts, not
// time: they do not depend on the machine's load). Per asset, loading the
// repository and computing the plan each stay within a budget about a
// third above what they cost when it was written, and the cost per asset
// stays flat from 300 to 2,400 assets (within 15%), so that nothing grows
// faster than the account. Raise a budget only with a reason in the
// commit; lower it when an optimisation lands.
func TestPlanAllocationsPerAsset(t *testing.T) {
	if testing.Short() {
		t.Skip("plans 2,700 assets")
	}
	const loadBudget, computeBudget = 150, 35
	smallLoad, smallCompute := planAllocs(t, 300)
	load, compute := planAllocs(t, 2400)
	t.Logf("allocations per asset: load %.0f (%.0f at 300), compute %.0f (%.0f at 300)", load, smallLoad, compute, smallCompute)
	if load > loadBudget {
		t.Errorf("loading the repository allocates %.0f times per asset; the budget is %d", load, loadBudget)
	}
	if compute > computeBudget {
		t.Errorf("computing the plan allocates %.0f times per asset; the budget is %d", compute, computeBudget)
	}
	for _, c := range []struct {
		what       string
		small, big float64
	}{{"loading", smallLoad, load}, {"computing", smallCompute, compute}} {
		if c.big > 1.15*c.small {
			t.Errorf("%s allocates %.0f times per asset at 2,400 assets but %.0f at 300: the cost per asset grows with the account", c.what, c.big, c.small)
		}
	}
}
