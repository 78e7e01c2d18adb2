package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

func wikiCreate(org, title string, extra map[string]json.RawMessage) plan.Change {
	tr := map[string]json.RawMessage{"title": raw(fmt.Sprintf("%q", title))}
	for k, v := range extra {
		tr[k] = v
	}
	return plan.Change{ID: "flexible-asset/" + org + "/Wiki/" + title, Action: plan.Create, Kind: plan.KindAsset,
		Organization: org, AssetType: "Wiki", Name: title, Write: &plan.Write{SendTraits: true, Traits: tr}}
}

// TestApplyBatchesAssetCreates: ready asset creates of one organization
// share a POST; one the API refuses fails alone, the others are applied.
func TestApplyBatchesAssetCreates(t *testing.T) {
	for _, tc := range []struct {
		name      string
		bad       bool
		wantPosts int64
	}{
		{"all valid", false, 1},
		{"one refused", true, 1 + 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := start(t)
			p := &plan.Plan{}
			for i := 1; i <= 4; i++ {
				var extra map[string]json.RawMessage
				if tc.bad && i == 3 {
					extra = map[string]json.RawMessage{"no-such-field": raw(`"x"`)}
				}
				p.Changes = append(p.Changes, wikiCreate("Acme", fmt.Sprintf("Page %d", i), extra))
			}
			rep, err := Apply(context.Background(), ClientAPI(c), p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]Status{"flexible-asset/Acme/Wiki/Page 1": Applied, "flexible-asset/Acme/Wiki/Page 2": Applied,
				"flexible-asset/Acme/Wiki/Page 3": Applied, "flexible-asset/Acme/Wiki/Page 4": Applied}
			if tc.bad {
				want["flexible-asset/Acme/Wiki/Page 3"] = Failed
			}
			if diff := cmp.Diff(want, statuses(rep)); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
			if tc.bad && !strings.Contains(rep.Results[2].Message, "no-such-field") {
				t.Errorf("Page 3's message = %q; want the API's reason", rep.Results[2].Message)
			}
			var posts int64
			for ep, s := range c.Stats().Endpoints {
				if strings.HasPrefix(ep, "POST ") {
					posts += s.Requests
				}
			}
			if posts != tc.wantPosts {
				t.Errorf("POST requests = %d; want %d", posts, tc.wantPosts)
			}
			live := liveOrg(t, c, "Acme")
			as, err := c.FlexibleAssets.List(context.Background(), liveType(t, c, "Wiki").ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, a := range as {
				if a.OrganizationID == live.ID {
					n++
				}
			}
			if wantN := 1 + 4 - map[bool]int{true: 1}[tc.bad]; n != wantN {
				t.Errorf("Acme has %d wiki assets; want %d (no duplicates)", n, wantN)
			}
		})
	}
}

// TestApplyNeverDuplicatesUnderFaults: with connections dropped (half of
// them after the server handled the request, so the answer is lost), no
// create is ever sent twice blindly: every asset exists exactly once, and
// each applied create reports the live id of its asset.
func TestApplyNeverDuplicatesUnderFaults(t *testing.T) {
	sb := sandboxtest.Start(t, func(o *sandbox.Options) { o.Faults = sandbox.Faults{Seed: 7, DropRate: 0.5} })
	sb.Seed(t, testSeed) // seeding does not go through HTTP: no faults
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0),
		client.WithBackoff(time.Millisecond, 5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	p := &plan.Plan{}
	for i := 1; i <= 30; i++ {
		p.Changes = append(p.Changes, wikiCreate("Acme", fmt.Sprintf("Page %d", i), nil))
		if i%3 == 0 { // a change of another kind ends each batch
			p.Changes = append(p.Changes, plan.Change{ID: fmt.Sprintf("organization/Org %d", i), Action: plan.Create,
				Kind: plan.KindOrganization, Name: fmt.Sprintf("Org %d", i)})
		}
	}
	rep, err := Apply(context.Background(), ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	as, err := c.FlexibleAssets.List(context.Background(), liveType(t, c, "Wiki").ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string][]int64{}
	for _, a := range as {
		byName[a.Name] = append(byName[a.Name], a.ID)
	}
	for _, res := range rep.Results {
		if res.Kind != plan.KindAsset {
			continue
		}
		name := res.ID[strings.LastIndex(res.ID, "/")+1:]
		ids := byName[name]
		if len(ids) > 1 {
			t.Errorf("%s exists %d times: %v", name, len(ids), ids)
		}
		if res.Status == Applied && (len(ids) != 1 || ids[0] != res.LiveID) {
			t.Errorf("%s: applied with id %d; live ids %v", name, res.LiveID, ids)
		}
	}
	if s := c.Stats(); s.AmbiguousWrites == 0 {
		t.Errorf("%s; no ambiguous write happened: the test proves nothing (raise DropRate or change Seed)", rep.Counts())
	} else {
		t.Logf("%d ambiguous writes, %d recovered by re-listing; %s", s.AmbiguousWrites, s.Recovered, rep.Counts())
	}
}
