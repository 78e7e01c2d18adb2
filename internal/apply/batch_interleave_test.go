package apply

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestApplyBatchesCreatesAcrossThePlan: the creates of one organization
// share a POST even when other organizations' creates and unchanged
// assets lie between them; the report keeps plan order.
func TestApplyBatchesCreatesAcrossThePlan(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t)
	name := "Globex"
	globex, err := c.Organizations.Create(ctx, client.OrganizationWrite{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	acme, wiki := liveOrg(t, c, "Acme"), liveType(t, c, "Wiki")
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: append(noOps(acme, wiki),
		plan.Change{ID: "organization/Globex", Action: plan.NoOp, Kind: plan.KindOrganization, Name: "Globex", LiveID: globex.ID})}
	var want []string
	for i := range 6 {
		org := []string{"Acme", "Globex"}[i%2]
		ch := wikiCreate(org, fmt.Sprintf("Page %d", i), nil)
		p.Changes = append(p.Changes, ch,
			plan.Change{ID: fmt.Sprintf("flexible-asset/%s/Wiki/Same %d", org, i), Action: plan.NoOp, Kind: plan.KindAsset,
				Organization: org, AssetType: "Wiki", LiveID: 1})
		want = append(want, ch.ID)
	}
	c.ResetStats()
	rep, err := Apply(ctx, ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rep.Results {
		if r.Status != Applied {
			t.Errorf("%s: %s: %s", r.ID, r.Status, r.Message)
		}
		got = append(got, r.ID)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("report order (-want +got):\n%s", diff)
	}
	if posts := requests(c, "POST"); posts != 2 {
		t.Errorf("%d POST requests; want 2 (one per organization)", posts)
	}
}
