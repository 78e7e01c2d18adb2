package apply

import (
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// ceilDiv is ceil(a/b).
// perObjectForTest runs the test without bulk requests, to see it fail.
var perObjectForTest = false

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// TestRequestCountsStayWithinFormula plans and applies an account of 20
// organizations, 5 types and 200 assets, with bulk updates of 50 (the
// runner's chunk lowered from updateChunk, so that 100 updates make two
// chunks as 1,000 make at 500; TestUpdatesInProductionChunks holds the
// 500), and holds the request counts to the bulk formulas, so that a
// return to one request per object fails here:
//   - plan: 4 lists (organization types, statuses, organizations, types
//     with fields) plus ceil(n_T/1000) pages per type;
//   - apply of updates: to check the guards, per touched type one list
//     per organization of its updates when they are at most 8, else one
//     list of the type; plus ceil(updates/chunk) bulk PATCHes;
//   - apply of creates: ceil(creates_o/50) POSTs per organization, even
//     when one organization's creates are far apart in the plan; plus,
//     against concurrent applies, one re-check list per organization and
//     type right before its POST, and the duplicate sweep's lists (see
//     createLists).
//
// The shapes are those of 2,000 assets: one page per type, updates of
// every tenth asset in 2 organizations (lists per organization), of every
// other asset in 10 (more than guard.PerOrgLists: one list of the type).
func TestRequestCountsStayWithinFormula(t *testing.T) {
	const orgs, types, assets, per = 20, 5, 200, 50
	perType := ceilDiv(assets, types)
	planMax := 4 + types*ceilDiv(perType, guard.ListPage) + 1 // +1: the client's one read of archived assets
	for _, tc := range []struct {
		name                 string
		updateEvery, creates int
		wantUpdates, want    int
		maxApply             int
	}{
		{"every tenth asset updated", 10, 0, assets / 10, assets / 10, -1},
		{"every other asset updated (two bulk PATCHes at once)", 2, 0, assets / 2, assets / 2, -1},
		{"100 creates", 0, 100, 0, 100, -2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scale{orgs: orgs, types: types, assets: assets, updateEvery: tc.updateEvery, creates: tc.creates}
			r := s.start(t)
			r.updatesPer = per
			p := r.plan(t)
			planned := int(r.c.Stats().Requests)
			if planned > planMax {
				t.Errorf("plan: %d requests; want at most %d (4 + %d types x ceil(%d/1000))", planned, planMax, types, perType)
			}
			c := p.Count()
			if c.Update != tc.wantUpdates || c.Create+c.Update+c.Delete != tc.want {
				t.Fatalf("plan counts %+v; want %d updates, %d changes", c, tc.wantUpdates, tc.want)
			}
			if tc.want == 0 {
				return
			}
			switch tc.maxApply {
			case -1:
				tc.maxApply = guardLists(p) + ceilDiv(c.Update, per)
			case -2:
				tc.maxApply = ceilDiv(c.Create, types)*ceilDiv(types, maxBatch) + createLists(p)
			}
			r.c.ResetStats()
			r.apply(t, p, perObjectForTest)
			got := int(r.c.Stats().Requests)
			t.Logf("plan %d requests, apply %d requests (at most %d allowed)", planned, got, tc.maxApply)
			if got > tc.maxApply {
				t.Errorf("apply: %d requests for %d changes; want at most %d", got, tc.want, tc.maxApply)
			}
			// The plan of an account with no changes, by a new client (as
			// a new run: the applying one has read some lists already),
			// held to the same formula; this replaces a case of its own,
			// seeded anew.
			fresh, err := client.New(client.Config{BaseURL: r.sb.URL, APIKey: r.sb.Key}, client.WithRateLimit(0, 0, 0), client.WithMaxRetries(0))
			if err != nil {
				t.Fatal(err)
			}
			r.c = fresh
			if again := r.plan(t); again.HasChanges() {
				t.Errorf("after apply the plan still has changes: %+v", again.Count())
			}
			if n := int(r.c.Stats().Requests); n > planMax {
				t.Errorf("plan with no changes: %d requests; want at most %d", n, planMax)
			}
		})
	}
}

// guardLists is the most lists the guard checks of p's asset updates may
// take: per type, one per organization of its updates when they are at
// most guard.PerOrgLists, else ceil(n_T/1000) pages of the type; when the
// plan knows the type's size, whichever of the two is fewer.
func guardLists(p *plan.Plan) int {
	orgs := map[string]map[string]bool{}
	live := map[string]int{}
	for _, ch := range p.Changes {
		if ch.Kind != plan.KindAsset || ch.LiveID == 0 {
			continue
		}
		live[ch.AssetType]++
		if ch.Action == plan.Update {
			if orgs[ch.AssetType] == nil {
				orgs[ch.AssetType] = map[string]bool{}
			}
			orgs[ch.AssetType][ch.Organization] = true
		}
	}
	n := 0
	for typ, os := range orgs {
		whole := ceilDiv(live[typ], guard.ListPage)
		if size, ok := p.TypeSizes[typ]; ok {
			whole = max(1, ceilDiv(size, guard.ListPage))
			n += min(len(os), whole)
			continue
		}
		if len(os) <= guard.PerOrgLists {
			n += len(os)
		} else {
			n += whole
		}
	}
	return n
}

// createLists is the most lists the creates of p may add to their POSTs:
// per organization and type with creates, one re-check right before the
// POST (the creates of one organization go in one wave here); and for the
// duplicate sweep, per type, one list per organization when they are at
// most guard.PerOrgLists, else one list of the type (under 1,000 assets here).
func createLists(p *plan.Plan) int {
	type place struct{ org, typ string }
	pairs := map[place]bool{}
	orgs := map[string]map[string]bool{}
	for _, ch := range p.Changes {
		if ch.Kind != plan.KindAsset || ch.Action != plan.Create {
			continue
		}
		pairs[place{ch.Organization, ch.AssetType}] = true
		if orgs[ch.AssetType] == nil {
			orgs[ch.AssetType] = map[string]bool{}
		}
		orgs[ch.AssetType][ch.Organization] = true
	}
	n := len(pairs)
	for _, os := range orgs {
		if len(os) <= guard.PerOrgLists {
			n += len(os)
		} else {
			n++
		}
	}
	return n
}
