package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// periodAccount is the live side of planAllocs: a sandbox seeded with one
// period of the scale account (orgs x types assets: asset i has the type
// and organization of asset i mod period, and the Tier of its parity), read
// once through the client, so that every size is served from memory as
// the sandbox answered it, without seeding and reading thousands of assets
// over HTTP under -race: the guard measures the local stages only.
type periodAccount struct {
	reconcile.API                                  // the small account's, for all but assets
	s             scale                            // orgs and types; assets is the period
	tpl           []client.FlexibleAsset           // asset i of the period, by i
	keys          map[int64][2]string              // per type id: the title's and count's name keys
	assets        map[int64][]client.FlexibleAsset // per type id, for the size being measured
	maxID         int64                            // the highest id of the period's assets
}

func newPeriodAccount(t *testing.T, orgs, types int) *periodAccount {
	t.Helper()
	s := scale{orgs: orgs, types: types, assets: orgs * types}
	r := s.start(t)
	a := &periodAccount{API: reconcile.ClientAPI(r.c), s: s, tpl: make([]client.FlexibleAsset, s.assets), keys: map[int64][2]string{}}
	ctx := context.Background()
	ts, err := a.API.AssetTypes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ty := range ts {
		var k [2]string
		for _, f := range ty.Fields {
			switch f.Name {
			case "Title":
				k[0] = f.NameKey
			case "Count":
				k[1] = f.NameKey
			}
		}
		a.keys[ty.ID] = k
		as, err := a.API.Assets(ctx, ty.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range as {
			var i int
			if _, err := fmt.Sscanf(x.Name, "asset %d", &i); err != nil || i >= s.assets {
				t.Fatalf("sandbox asset %q is not one of the period's", x.Name)
			}
			a.tpl[i] = x
			a.maxID = max(a.maxID, x.ID)
		}
	}
	for i, x := range a.tpl {
		if x.ID == 0 {
			t.Fatalf("the sandbox did not answer asset %d of the period", i)
		}
	}
	return a
}

// grow makes the account n assets (a multiple of the period): asset i is
// a copy of its period asset with its own id, title and count.
func (a *periodAccount) grow(t *testing.T, n int) {
	t.Helper()
	a.assets = map[int64][]client.FlexibleAsset{}
	for i := range n {
		x := a.tpl[i%len(a.tpl)]
		k := a.keys[x.FlexibleAssetTypeID]
		_, _, want := a.s.asset(i)
		title := want["Title"].(string)
		var count any = i // in the shape the sandbox gave the period's count
		var old any
		if err := json.Unmarshal(x.Traits.Value(k[1]), &old); err != nil {
			t.Fatal(err)
		}
		if _, isString := old.(string); isString {
			count = fmt.Sprint(i)
		}
		traits := x.Traits.Map()
		traits[k[0]], _ = json.Marshal(title)
		traits[k[1]], _ = json.Marshal(count)
		_, _, was := a.s.asset(i % len(a.tpl))
		x.Name = strings.Replace(x.Name, was["Title"].(string), title, 1)
		if i >= len(a.tpl) {
			x.ID = a.maxID + int64(i)
		}
		x.Traits = client.TraitsOf(traits)
		a.assets[x.FlexibleAssetTypeID] = append(a.assets[x.FlexibleAssetTypeID], x)
	}
}

func (a *periodAccount) Assets(_ context.Context, typeID, orgID int64) ([]client.FlexibleAsset, error) {
	if orgID == 0 {
		return a.assets[typeID], nil
	}
	var out []client.FlexibleAsset
	for _, x := range a.assets[typeID] {
		if x.OrganizationID == orgID {
			out = append(out, x)
		}
	}
	return out, nil
}

// planAllocs measures, for an account of n assets, the allocations per
// asset of planning's two local stages: loading the repository
// (spec.LoadDir) and computing the plan (reconcile.Compute, from the
// live state read once).
func planAllocs(t *testing.T, acct *periodAccount, n int) (load, compute float64) {
	t.Helper()
	s := scale{orgs: acct.s.orgs, types: acct.s.types, assets: n}
	dir := t.TempDir()
	s.writeRepo(t, dir)
	acct.grow(t, n)
	ctx := context.Background()
	// The measured load is also the one the plan uses (AllocsPerRun's
	// warm-up run loads it first), rather than a third load of n assets.
	var ds *spec.DesiredState
	var diags spec.Diagnostics
	load = testing.AllocsPerRun(1, func() { ds, diags = spec.LoadDir(ctx, dir) })
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	live, err := reconcile.ReadLive(ctx, acct, reconcile.ScopeOf(ds, nil))
	if err != nil {
		t.Fatal(err)
	}
	compute = testing.AllocsPerRun(1, func() {
		if p := reconcile.Compute(ds, live, reconcile.Options{SourceDir: dir}); p.HasChanges() {
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
	const loadBudget, computeBudget = 135, 3
	acct := newPeriodAccount(t, 20, 5)
	smallLoad, smallCompute := planAllocs(t, acct, 300)
	load, compute := planAllocs(t, acct, 2400)
	t.Logf("allocations per asset: load %.0f (%.0f at 300), compute %.1f (%.1f at 300)", load, smallLoad, compute, smallCompute)
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
