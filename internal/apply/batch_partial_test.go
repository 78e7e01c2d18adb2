package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

// partialSeed is testSeed plus a Runbook type whose Pages field tags
// Wiki assets.
const partialSeed = `
organizations:
  - name: Acme
flexible_asset_types:
  - name: Wiki
    fields:
      - {name: Title, kind: Text, required: true, use_for_title: true, show_in_list: true}
      - {name: Body, kind: Textbox}
  - name: Runbook
    fields:
      - {name: Name, kind: Text, required: true, use_for_title: true, show_in_list: true}
      - {name: Pages, kind: Tag, tag_type: "FlexibleAssetType: Wiki"}
flexible_assets:
  - organization: Acme
    type: Wiki
    traits: {Title: Home, Body: hello}
`

func runbookCreate(title string, pages ...string) plan.Change {
	var refs []plan.Ref
	for _, p := range pages {
		refs = append(refs, plan.Ref{Change: "flexible-asset/Acme/Wiki/" + p})
	}
	return plan.Change{ID: "flexible-asset/Acme/Runbook/" + title, Action: plan.Create, Kind: plan.KindAsset,
		Organization: "Acme", AssetType: "Runbook", Name: title,
		Write: &plan.Write{SendTraits: true, Traits: map[string]json.RawMessage{"name": raw(fmt.Sprintf("%q", title))},
			Tags: map[string][]plan.Ref{"pages": refs}}}
}

// TestApplyReportsPartialBulkCreates: the client splits a batch of four
// asset creates into two POSTs (bulk size 2) and the API refuses the
// second. The first two assets exist: the report must say they were
// applied, with their ids, and a later change may tag them; only the two
// of the refused POST failed.
func TestApplyReportsPartialBulkCreates(t *testing.T) {
	ctx := context.Background()
	sb := sandboxtest.Start(t)
	sb.Seed(t, partialSeed)
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0),
		client.WithMaxRetries(0), client.WithBulkSize(2))
	if err != nil {
		t.Fatal(err)
	}
	p := &plan.Plan{FormatVersion: plan.FormatVersion}
	for i := 1; i <= 4; i++ {
		var extra map[string]json.RawMessage
		if i == 3 {
			extra = map[string]json.RawMessage{"no-such-field": raw(`"x"`)}
		}
		p.Changes = append(p.Changes, wikiCreate("Acme", fmt.Sprintf("Page %d", i), extra))
	}
	p.Changes = append(p.Changes, runbookCreate("Index", "Page 1", "Page 2"), runbookCreate("Broken", "Page 4"))

	rep, err := Apply(ctx, ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Status{
		"flexible-asset/Acme/Wiki/Page 1":    Applied,
		"flexible-asset/Acme/Wiki/Page 2":    Applied,
		"flexible-asset/Acme/Wiki/Page 3":    Failed,
		"flexible-asset/Acme/Wiki/Page 4":    Failed,
		"flexible-asset/Acme/Runbook/Index":  Applied,
		"flexible-asset/Acme/Runbook/Broken": Skipped,
	}
	if diff := cmp.Diff(want, statuses(rep)); diff != "" {
		t.Fatalf("statuses (-want +got):\n%s", diff)
	}
	for _, k := range []int{2, 3} {
		if msg := rep.Results[k].Message; !strings.Contains(msg, "not created") || !strings.Contains(msg, "no-such-field") {
			t.Errorf("%s: message %q; want it to say it was not created and why (no-such-field)", rep.Results[k].ID, msg)
		}
	}

	wikis, err := c.FlexibleAssets.List(ctx, liveType(t, c, "Wiki").ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	liveIDs := map[string]int64{}
	for _, a := range wikis {
		liveIDs[a.Name] = a.ID
	}
	if len(wikis) != 3 {
		t.Errorf("live wiki assets %v; want Home, Page 1 and Page 2", liveIDs)
	}
	for _, k := range []int{0, 1} {
		res := rep.Results[k]
		name := res.ID[strings.LastIndex(res.ID, "/")+1:]
		if res.LiveID == 0 || res.LiveID != liveIDs[name] {
			t.Errorf("%s: reported id %d; live id %d", res.ID, res.LiveID, liveIDs[name])
		}
	}

	books, err := c.FlexibleAssets.List(ctx, liveType(t, c, "Runbook").ID, nil)
	if err != nil || len(books) != 1 {
		t.Fatalf("runbooks: %d (err %v); want Index only", len(books), err)
	}
	got, _ := client.TagIDs(books[0].Traits.Value("pages"))
	if diff := cmp.Diff([]int64{liveIDs["Page 1"], liveIDs["Page 2"]}, got); diff != "" {
		t.Errorf("Index tags (-want +got):\n%s", diff)
	}
}
