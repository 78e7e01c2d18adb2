package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// wikiPages creates n Wiki assets in organization org through the API and
// returns them, by id.
func wikiPages(t testing.TB, c *client.Client, org client.Organization, wiki client.FlexibleAssetType, prefix string, n int) []client.FlexibleAsset {
	t.Helper()
	ws := make([]client.FlexibleAssetWrite, n)
	for i := range ws {
		ws[i] = client.FlexibleAssetWrite{FlexibleAssetTypeID: wiki.ID,
			Traits: map[string]any{"title": fmt.Sprintf("%s %d", prefix, i), "body": "old"}}
	}
	got, err := c.FlexibleAssets.CreateInOrganization(context.Background(), org.ID, ws)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// noOps are the unchanged organization and type a real plan lists, with
// their live ids.
func noOps(org client.Organization, ty client.FlexibleAssetType) []plan.Change {
	return []plan.Change{
		{ID: "flexible-asset-type/" + ty.Name, Action: plan.NoOp, Kind: plan.KindAssetType, Name: ty.Name, AssetType: ty.Name, LiveID: ty.ID},
		{ID: "organization/" + org.Name, Action: plan.NoOp, Kind: plan.KindOrganization, Name: org.Name, LiveID: org.ID},
	}
}

// wikiUpdate plans setting a Wiki asset's body, guarded as reconcile
// guards it.
func wikiUpdate(org string, a client.FlexibleAsset, body string) plan.Change {
	title := strings.Trim(string(a.Traits.Value("title")), `"`)
	b, _ := json.Marshal(body)
	return plan.Change{ID: "flexible-asset/" + org + "/Wiki/" + title, Action: plan.Update, Kind: plan.KindAsset,
		Organization: org, AssetType: "Wiki", Name: title, LiveID: a.ID,
		Guard: guardOf(guard.Asset(a)),
		Write: &plan.Write{SendTraits: true, Traits: map[string]json.RawMessage{"title": raw(fmt.Sprintf("%q", title)), "body": b}}}
}

// wikiDelete plans deleting a Wiki asset, guarded as reconcile guards it.
func wikiDelete(org string, a client.FlexibleAsset) plan.Change {
	title := strings.Trim(string(a.Traits.Value("title")), `"`)
	return plan.Change{ID: "flexible-asset/" + org + "/Wiki/" + title, Action: plan.Delete, Kind: plan.KindAsset,
		Organization: org, AssetType: "Wiki", Name: title, LiveID: a.ID, Guard: guardOf(guard.Asset(a))}
}

// guardOf is the plan.Guard of a live object.
func guardOf(l guard.Live) *plan.Guard {
	g := l.Guard
	return &g
}

// requests counts a client's requests by method.
func requests(c *client.Client, method string) int64 {
	var n int64
	for ep, s := range c.Stats().Endpoints {
		if strings.HasPrefix(ep, method+" ") {
			n += s.Requests
		}
	}
	return n
}

// bodies returns the live body trait of each asset of a type, by title.
func bodies(t testing.TB, c *client.Client, typeID int64) map[string]string {
	t.Helper()
	as, err := c.FlexibleAssets.List(context.Background(), typeID, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, a := range as {
		var title, body string
		_ = json.Unmarshal(a.Traits.Value("title"), &title)
		_ = json.Unmarshal(a.Traits.Value("body"), &body)
		out[title] = body
	}
	return out
}

// writeOf builds the client write of a planned asset change.
func writeOf(t testing.TB, c *client.Client, ch *plan.Change) client.FlexibleAssetWrite {
	t.Helper()
	r := newRunner(ClientAPI(c), &plan.Plan{Changes: []plan.Change{*ch}}, Options{})
	w, err := r.assetWrite(context.Background(), ch)
	if err != nil {
		t.Fatal(err)
	}
	return w
}
