package guard

import (
	"fmt"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestGuardGroups: how the re-reads are grouped, by request arithmetic.
func TestGuardGroups(t *testing.T) {
	type asset struct {
		org    string
		update bool
	}
	// spread returns n assets of one organization each (orgs "O0".."On-1"),
	// the first k of them updated.
	spread := func(n, k int) []asset {
		out := make([]asset, n)
		for i := range out {
			out[i] = asset{fmt.Sprintf("O%d", i), i < k}
		}
		return out
	}
	// in returns n assets of org, the first k updated.
	in := func(org string, n, k int) []asset {
		out := make([]asset, n)
		for i := range out {
			out[i] = asset{org, i < k}
		}
		return out
	}
	for _, tc := range []struct {
		name       string
		orgUpdates int
		assets     []asset
		typeLive   bool // the plan knows the type's live id
		want       []string
		outside    int // organizations outside the repository's scope
	}{
		{"one asset: a GET", 0, in("O0", 10, 1), true, []string{"single x1"}, 0},
		{"three in one organization: its list", 0, in("O0", 10, 3), true, []string{`list the "T" assets of organization "O0" x3`}, 0},
		{"three in three organizations: GETs", 0, spread(10, 3), true, []string{"single x3"}, 0},
		{"five in three organizations: their lists", 0, append(in("O0", 10, 3), append(in("O1", 10, 1), in("O2", 10, 1)...)...), true,
			[]string{`list the "T" assets of organization "O0" x3`, `list the "T" assets of organization "O1" x1`, `list the "T" assets of organization "O2" x1`}, 0},
		{"twelve organizations: the type's list", 0, spread(12, 12), true, []string{`list the "T" assets x12`}, 0},
		{"type unknown to the plan: GETs", 0, in("O0", 10, 3), false, []string{"single x3"}, 0},
		{"big type, three organizations: their lists", 0, append(in("O0", 10, 2), append(in("O1", 10, 2), append(in("O2", 10, 2), in("O3", 5000, 0)...)...)...), true,
			[]string{`list the "T" assets of organization "O0" x2`, `list the "T" assets of organization "O1" x2`, `list the "T" assets of organization "O2" x2`}, 0},
		{"big type, two lone assets: GETs", 0, append(spread(2, 2), in("O9", 5000, 0)...), true, []string{"single x2"}, 0},
		{"one organization: a GET", 1, nil, true, []string{"single x1"}, 0},
		{"two organizations: the list", 2, nil, true, []string{"list the organizations x2"}, 0},
		{"two organizations of 3,000: GETs", 2, nil, true, []string{"single x2"}, 3000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &plan.Plan{}
			if tc.outside > 0 {
				p.OutsideScope = &plan.OutsideScope{Organizations: tc.outside}
			}
			if tc.typeLive {
				p.Changes = append(p.Changes, plan.Change{ID: "flexible-asset-type/T", Action: plan.NoOp, Kind: plan.KindAssetType, Name: "T", LiveID: 7})
			}
			orgs := map[string]bool{}
			for _, a := range tc.assets {
				orgs[a.org] = true
			}
			for i := range max(tc.orgUpdates, len(orgs)) {
				ch := plan.Change{ID: fmt.Sprintf("organization/O%d", i), Action: plan.NoOp, Kind: plan.KindOrganization, Name: fmt.Sprintf("O%d", i), LiveID: int64(100 + i)}
				if i < tc.orgUpdates {
					ch.Action, ch.Guard = plan.Update, &plan.Guard{Hash: "h"}
				}
				p.Changes = append(p.Changes, ch)
			}
			var todo []*plan.Change
			for i, a := range tc.assets {
				ch := plan.Change{ID: fmt.Sprintf("flexible-asset/%s/T/%d", a.org, i), Action: plan.NoOp, Kind: plan.KindAsset,
					Organization: a.org, AssetType: "T", LiveID: int64(1000 + i)}
				if a.update {
					ch.Action, ch.Guard = plan.Update, &plan.Guard{Hash: "h"}
				}
				p.Changes = append(p.Changes, ch)
			}
			for i := range p.Changes {
				if p.Changes[i].Guard != nil {
					todo = append(todo, &p.Changes[i])
				}
			}
			r := &reader{p: p}
			var got []string
			for _, g := range r.groups(todo) {
				how := "single"
				if g.list != nil {
					how = "list " + g.what
				}
				got = append(got, fmt.Sprintf("%s x%d", how, len(g.changes)))
			}
			sort.Strings(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("groups (-want +got):\n%s", diff)
			}
		})
	}
}

// TestGuardListsWholeTypeWhenFewerPages: when the plan read every
// organization's assets of a type (Plan.TypeSizes), the type is listed
// whole whenever that takes fewer pages than one list per organization,
// and per organization otherwise; without the size, per organization as
// before (the plan cannot see the rest of the type).
func TestGuardListsWholeTypeWhenFewerPages(t *testing.T) {
	for _, tc := range []struct {
		name string
		size int // live assets of the type; -1: unknown
		orgs int // organizations with an update, 2 each
		want []string
	}{
		{"three organizations, type of 900: one list", 900, 3, []string{`list the "T" assets x6`}},
		{"four organizations, type of 2,500: one list of 3 pages", 2500, 4, []string{`list the "T" assets x8`}},
		{"three organizations, type of 2,500: theirs (3 pages either way)", 2500, 3, []string{`list the "T" assets of organization "O0" x2`, `list the "T" assets of organization "O1" x2`, `list the "T" assets of organization "O2" x2`}},
		{"three organizations, size unknown: theirs", -1, 3, []string{`list the "T" assets of organization "O0" x2`, `list the "T" assets of organization "O1" x2`, `list the "T" assets of organization "O2" x2`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &plan.Plan{Changes: []plan.Change{{ID: "flexible-asset-type/T", Action: plan.NoOp, Kind: plan.KindAssetType, Name: "T", LiveID: 7}}}
			if tc.size >= 0 {
				p.TypeSizes = map[string]int{"T": tc.size}
			}
			for o := range tc.orgs {
				org := fmt.Sprintf("O%d", o)
				p.Changes = append(p.Changes, plan.Change{ID: "organization/" + org, Action: plan.NoOp, Kind: plan.KindOrganization, Name: org, LiveID: int64(100 + o)})
				for k := range 2 {
					p.Changes = append(p.Changes, plan.Change{ID: fmt.Sprintf("flexible-asset/%s/T/%d", org, k), Action: plan.Update, Kind: plan.KindAsset,
						Organization: org, AssetType: "T", LiveID: int64(1000 + 10*o + k), Guard: &plan.Guard{Hash: "h"}})
				}
			}
			var todo []*plan.Change
			for i := range p.Changes {
				if p.Changes[i].Guard != nil {
					todo = append(todo, &p.Changes[i])
				}
			}
			var got []string
			for _, g := range (&reader{p: p}).groups(todo) {
				if g.list == nil {
					got = append(got, fmt.Sprintf("single x%d", len(g.changes)))
					continue
				}
				got = append(got, fmt.Sprintf("list %s x%d", g.what, len(g.changes)))
			}
			sort.Strings(got)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("groups (-want +got):\n%s", diff)
			}
		})
	}
}
