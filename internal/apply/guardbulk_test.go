package apply

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestApplyChecksGuardsInBulk: the objects to update are re-read with one
// list, not one GET each; one edited and one deleted after the plan are
// still refused as stale, and the others applied.
func TestApplyChecksGuardsInBulk(t *testing.T) {
	for _, tc := range []struct {
		name             string
		edit, remove     int // page edited / deleted by hand after the plan (-1: none)
		wantGets         int64
		wantStale        map[string]string
		wantAppliedCount int
	}{
		{"as planned", -1, -1, 1, map[string]string{}, 20},
		{"one edited, one deleted", 3, 7, 1 + 1, map[string]string{
			"flexible-asset/Acme/Wiki/Page 3": "after the plan was made",
			"flexible-asset/Acme/Wiki/Page 7": "no longer exists",
		}, 18},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			c, _ := start(t)
			acme, wiki := liveOrg(t, c, "Acme"), liveType(t, c, "Wiki")
			pages := wikiPages(t, c, acme, wiki, "Page", 20)
			p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: noOps(acme, wiki)}
			for _, a := range pages {
				p.Changes = append(p.Changes, wikiUpdate("Acme", a, "new"))
			}
			time.Sleep(10 * time.Millisecond)
			if tc.edit >= 0 {
				w := wikiUpdate("Acme", pages[tc.edit], "by hand")
				if _, err := c.FlexibleAssets.Update(ctx, pages[tc.edit].ID, writeOf(t, c, &w)); err != nil {
					t.Fatal(err)
				}
			}
			if tc.remove >= 0 {
				if err := c.FlexibleAssets.Delete(ctx, pages[tc.remove].ID); err != nil {
					t.Fatal(err)
				}
			}
			c.ResetStats()
			rep, err := Apply(ctx, c, p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			stale := map[string]string{}
			for _, r := range rep.Results {
				if r.Status == Stale {
					stale[r.ID] = r.Message
				}
			}
			for id, msg := range stale {
				if w, ok := tc.wantStale[id]; ok && strings.Contains(msg, w) {
					stale[id] = w
				}
			}
			if diff := cmp.Diff(tc.wantStale, stale); diff != "" {
				t.Errorf("stale changes (-want +got):\n%s", diff)
			}
			if got := rep.Counts().Applied; got != tc.wantAppliedCount {
				t.Errorf("%d applied; want %d (%s)", got, tc.wantAppliedCount, rep.Counts())
			}
			if got := requests(c, "GET"); got != tc.wantGets {
				t.Errorf("%d GET requests to check guards; want %d (one list, plus one GET per object missing from it)", got, tc.wantGets)
			}
			if tc.edit >= 0 {
				if got := bodies(t, c, wiki.ID)[fmt.Sprintf("Page %d", tc.edit)]; got != "by hand" {
					t.Errorf("the edited page's body = %q; want the hand edit kept", got)
				}
			}
		})
	}
}

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
			r := newRunner(nil, p, Options{})
			var got []string
			for _, g := range r.guardGroups(todo) {
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
