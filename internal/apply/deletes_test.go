package apply

import (
	"context"
	"fmt"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestDeletesGoInBulk deletes 3,500 assets and 3 organizations through
// the sandbox and counts the requests: the asset deletes take
// ceil(3500/500) = 7 bulk DELETEs and the organizations one, where one
// request per delete took 3,503 (384 s at the rate limit). An asset
// edited by hand after the plan is still refused as stale and kept, and
// every other change is reported applied, with its id.
func TestDeletesGoInBulk(t *testing.T) {
	if testing.Short() {
		t.Skip("creates 3,500 assets")
	}
	const n, edited = 3500, 1234
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
	rep, err := Apply(ctx, ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	deletes := requests(c, "DELETE")
	t.Logf("apply: %d requests, %d of them DELETEs, for %d deletes", c.Stats().Requests, deletes, n+3)
	if want := int64(ceilDiv(n-1, deleteChunk) + 1); deletes != want {
		t.Errorf("%d DELETE requests for %d asset and 3 organization deletes; want %d (bulk, %d ids each)", deletes, n, want, deleteChunk)
	}
	if deletes > 10 {
		t.Errorf("%d DELETE requests for 3,500 asset deletes; the target is at most 10", deletes)
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
