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

// chainSeed holds orgs organizations and a Node type whose Prev field tags
// another Node.
func chainSeed(orgs int) string {
	var b strings.Builder
	b.WriteString("organizations:\n")
	for o := range orgs {
		fmt.Fprintf(&b, "  - name: Org %02d\n", o)
	}
	b.WriteString(`flexible_asset_types:
  - name: Node
    fields:
      - {name: Title, kind: Text, required: true, use_for_title: true, show_in_list: true}
      - {name: Prev, kind: Tag, tag_type: "FlexibleAssetType: Node"}
`)
	return b.String()
}

// chainPlan creates per asset organizations in chains of depth: asset k
// of an organization tags asset k-1 unless k is a multiple of depth. The
// organizations' creates are interleaved (asset k of every organization,
// then k+1), so one organization's creates are far apart in the plan.
// Titles listed in refuse get a trait the API refuses.
func chainPlan(t *testing.T, c *client.Client, orgs, perOrg, depth int, refuse ...string) *plan.Plan {
	t.Helper()
	ty := liveType(t, c, "Node")
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{
		{ID: "flexible-asset-type/Node", Action: plan.NoOp, Kind: plan.KindAssetType, Name: "Node", AssetType: "Node", LiveID: ty.ID}}}
	for o := range orgs {
		org := liveOrg(t, c, fmt.Sprintf("Org %02d", o))
		p.Changes = append(p.Changes, plan.Change{ID: "organization/" + org.Name, Action: plan.NoOp, Kind: plan.KindOrganization, Name: org.Name, LiveID: org.ID})
	}
	id := func(o, k int) string { return fmt.Sprintf("flexible-asset/Org %02d/Node/N%02d", o, k) }
	for k := range perOrg {
		for o := range orgs {
			title := fmt.Sprintf("N%02d", k)
			tr := map[string]json.RawMessage{"title": raw(fmt.Sprintf("%q", title))}
			for _, r := range refuse {
				if r == fmt.Sprintf("Org %02d/%s", o, title) {
					tr["no-such-field"] = raw(`"x"`)
				}
			}
			w := &plan.Write{SendTraits: true, Traits: tr}
			if k%depth != 0 {
				w.Tags = map[string][]plan.Ref{"prev": {{Change: id(o, k-1)}}}
			}
			p.Changes = append(p.Changes, plan.Change{ID: id(o, k), Action: plan.Create, Kind: plan.KindAsset,
				Organization: fmt.Sprintf("Org %02d", o), AssetType: "Node", Name: title, Write: w})
		}
	}
	return p
}

// TestChainedCreatesGoOutInWaves applies 10 organizations x 6 assets in
// tag chains of depth 3: the creates ready at once share a POST, and the
// ones that tag them follow in the next wave, so an organization takes
// depth x ceil(wave/50) POSTs, not one per tagging asset. Every asset is
// created once and tags the asset the plan says, by its new id. Two
// chains per organization are the smallest waves that share a POST (one
// per asset would be 60 POSTs, over the 30 allowed), and the second chain
// is the one the refusal case breaks at its head.
func TestChainedCreatesGoOutInWaves(t *testing.T) {
	const orgs, perOrg, depth = 10, 6, 3
	for _, tc := range []struct {
		name   string
		refuse []string
	}{
		{"all created", nil},
		{"a refused chain head skips its chain", []string{"Org 04/N03"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb := sandboxtest.Start(t)
			sb.Seed(t, chainSeed(orgs))
			c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0), client.WithMaxRetries(0))
			if err != nil {
				t.Fatal(err)
			}
			p := chainPlan(t, c, orgs, perOrg, depth, tc.refuse...)
			c.ResetStats()
			run := newRunner(ClientAPI(c), p, Options{})
			run.perObject = perObjectForTest
			rep := runPlan(context.Background(), run)

			posts := int(requests(c, "POST"))
			wave := perOrg / depth
			maxPosts := orgs * depth * ceilDiv(wave, maxBatch)
			if len(tc.refuse) > 0 {
				maxPosts += wave // the refused POST's assets are sent again one by one
			}
			t.Logf("%d assets in chains of depth %d: %d POSTs, %d requests (at most %d POSTs allowed)",
				orgs*perOrg, depth, posts, c.Stats().Requests, maxPosts)
			if posts > maxPosts {
				t.Errorf("%d POSTs; want at most %d (%d orgs x depth %d x ceil(%d/%d))", posts, maxPosts, orgs, depth, wave, maxBatch)
			}

			want := map[string]Status{}
			for _, ch := range p.Changes {
				if ch.Action == plan.Create {
					want[ch.ID] = Applied
				}
			}
			for _, r := range tc.refuse {
				org, title, _ := strings.Cut(r, "/")
				want["flexible-asset/"+org+"/Node/"+title] = Failed
				var k int
				fmt.Sscanf(title, "N%d", &k)
				for d := k + 1; d%depth != 0; d++ {
					want[fmt.Sprintf("flexible-asset/%s/Node/N%02d", org, d)] = Skipped
				}
			}
			if diff := cmp.Diff(want, statuses(rep)); diff != "" {
				t.Fatalf("statuses (-want +got):\n%s", diff)
			}
			var order []string
			for _, res := range rep.Results {
				order = append(order, res.ID)
			}
			var planned []string
			for _, ch := range p.Changes {
				if ch.Action != plan.NoOp {
					planned = append(planned, ch.ID)
				}
			}
			if diff := cmp.Diff(planned, order); diff != "" {
				t.Errorf("report order (-plan +report):\n%s", diff)
			}

			reported := map[string]int64{}
			for _, res := range rep.Results {
				reported[res.ID] = res.LiveID
			}
			live, err := c.FlexibleAssets.List(context.Background(), liveType(t, c, "Node").ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			applied := 0
			for _, s := range want {
				if s == Applied {
					applied++
				}
			}
			if len(live) != applied {
				t.Errorf("%d live assets; want %d, one per applied create", len(live), applied)
			}
			byID := map[int64]client.FlexibleAsset{}
			for _, a := range live {
				byID[a.ID] = a
			}
			for _, ch := range p.Changes {
				if want[ch.ID] != Applied || ch.Write.Tags == nil {
					continue
				}
				a, ok := byID[reported[ch.ID]]
				if !ok {
					t.Errorf("%s: reported id %d is not live", ch.ID, reported[ch.ID])
					continue
				}
				got, _ := client.TagIDs(a.Traits.Value("prev"))
				if prev := reported[ch.Write.Tags["prev"][0].Change]; !cmp.Equal([]int64{prev}, got) {
					t.Errorf("%s tags %v; want [%d]", ch.ID, got, prev)
				}
			}
		})
	}
}
