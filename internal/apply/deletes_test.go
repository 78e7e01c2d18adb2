package apply

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestDeletesGoInBulk deletes 35 assets and 3 organizations through the
// sandbox, 10 ids per bulk DELETE (the runner's chunk lowered from
// deleteChunk, so that a few objects make several chunks), and counts the
// requests: the asset deletes take ceil(34/10) = 4 bulk DELETEs and the
// organizations one, where one request per delete took 38. An asset
// edited by hand after the plan is still refused as stale and kept, and
// every other change is reported applied, with its id.
// (TestDeletesInProductionChunks holds the production chunk of 500.)
func TestDeletesGoInBulk(t *testing.T) {
	const n, edited, per = 35, 12, 10
	ctx := context.Background()
	c, _ := start(t)
	acme, wiki := liveOrg(t, c, "Acme"), liveType(t, c, "Wiki")
	pages := wikiPages(t, c, acme, wiki, "Page", n)
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: noOps(acme, wiki)}
	for _, a := range pages {
		p.Changes = append(p.Changes, wikiDelete("Acme", a))
	}
	for k := range 3 {
		name := fmt.Sprintf("Gone %d", k)
		o, err := c.Organizations.Create(ctx, client.OrganizationWrite{Name: &name})
		if err != nil {
			t.Fatal(err)
		}
		p.Changes = append(p.Changes, plan.Change{ID: "organization/" + name, Action: plan.Delete, Kind: plan.KindOrganization,
			Organization: name, Name: name, LiveID: o.ID, Guard: guardOf(guard.Organization(o))})
	}
	w := wikiUpdate("Acme", pages[edited], "by hand")
	if _, err := c.FlexibleAssets.Update(ctx, pages[edited].ID, writeOf(t, c, &w)); err != nil {
		t.Fatal(err)
	}
	c.ResetStats()
	run := newRunner(ClientAPI(c), p, Options{})
	run.deletesPer = per
	rep := runPlan(ctx, run)
	deletes := requests(c, "DELETE")
	t.Logf("apply: %d requests, %d of them DELETEs, for %d deletes", c.Stats().Requests, deletes, n+3)
	if want := int64(ceilDiv(n-1, per) + 1); deletes != want {
		t.Errorf("%d DELETE requests for %d asset and 3 organization deletes; want %d (bulk, %d ids each)", deletes, n, want, per)
	}
	applied := 0
	for _, r := range rep.Results {
		switch {
		case r.ID == w.ID:
			if r.Status != Stale {
				t.Errorf("%s, edited after the plan: %s; want stale", r.ID, r.Status)
			}
		case r.Status != Applied:
			t.Errorf("%s: %s (%s); want applied", r.ID, r.Status, r.Message)
		case r.LiveID == 0:
			t.Errorf("%s: reported without its id", r.ID)
		default:
			applied++
		}
	}
	if applied != n-1+3 {
		t.Errorf("%d deletes reported applied; want %d", applied, n-1+3)
	}
	left, err := c.FlexibleAssets.List(ctx, wiki.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	planned := map[int64]bool{}
	for _, a := range pages {
		planned[a.ID] = true
	}
	var kept []int64
	for _, a := range left {
		if planned[a.ID] {
			kept = append(kept, a.ID)
		}
	}
	if len(kept) != 1 || kept[0] != pages[edited].ID {
		t.Errorf("assets %v left after the deletes; want only the one edited by hand (%d)", kept, pages[edited].ID)
	}
}

// TestDeletesInProductionChunks applies 3,500 asset deletes through a
// hand-written API with Apply's own chunk size: they go out in
// ceil(3499/500) = 7 bulk DELETEs of at most deleteChunk (500) ids, where
// one request per delete took 3,500 (384 s at the rate limit); the asset
// edited after the plan is refused as stale and sent nowhere, and every
// other delete is sent exactly once.
func TestDeletesInProductionChunks(t *testing.T) {
	const n, edited = 3500, 1234
	f := newFake()
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: noOps(fakeAcme, fakeWiki)}
	for i := range n {
		p.Changes = append(p.Changes, wikiDelete("Acme", f.addPage(int64(1000+i), fmt.Sprintf("Page %d", i))))
	}
	stale := f.assets[int64(1000+edited)]
	stale.Traits = stale.Traits.With("body", []byte(`"by hand"`))
	f.assets[stale.ID] = stale
	var mu sync.Mutex
	var sizes []int
	sent := map[int64]int{}
	f.deleteAssets = func(ids []int64) error {
		mu.Lock()
		defer mu.Unlock()
		sizes = append(sizes, len(ids))
		for _, id := range ids {
			sent[id]++
		}
		return nil
	}
	rep, err := Apply(context.Background(), f, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(sizes)
	if want := []int{499, 500, 500, 500, 500, 500, 500}; !cmp.Equal(sizes, want) {
		t.Errorf("bulk DELETEs of %v ids; want %v (%d ids each)", sizes, want, deleteChunk)
	}
	if len(sent) != n-1 || sent[stale.ID] != 0 {
		t.Errorf("%d distinct ids sent (the stale one %d times); want %d, the stale one never", len(sent), sent[stale.ID], n-1)
	}
	for id, k := range sent {
		if k != 1 {
			t.Errorf("asset %d sent in %d bulk DELETEs; want 1", id, k)
		}
	}
	c := rep.Counts()
	if c.Applied != n-1 || c.Stale != 1 {
		t.Errorf("report %s; want %d applied and 1 stale", c, n-1)
	}
}
