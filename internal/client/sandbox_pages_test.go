package client_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
)

// titleType is a minimal type: one Text field used for the title.
func titleType(name string) client.FlexibleAssetTypeWrite {
	return client.FlexibleAssetTypeWrite{Name: ptr(name), Fields: []client.FlexibleAssetFieldWrite{
		{Order: ptr(int64(1)), Name: ptr("Title"), Kind: ptr("Text"), ShowInList: ptr(true), UseForTitle: ptr(true)},
	}}
}

// TestSandboxPaginationEdges lists 0, 1, k-1, k, k+1 and 20k assets at a
// page size k: every list holds exactly its assets in creation order and
// costs max(1, ceil(n/k)) requests, the largest reading 20 pages
// concurrently. k is 10 and the bulk size 5 (the production 1000 and 500
// scaled down): the creates cross bulk chunks exactly as 999, 1000, 1001
// and 20,000 assets do at the defaults, with 231 assets instead of 23,001.
// TestDefaultSizes checks the defaults themselves.
func TestSandboxPaginationEdges(t *testing.T) {
	const pageSize, bulkSize = 10, 5
	ctx := context.Background()
	sb, c := start(t, nil, client.WithPageSize(pageSize), client.WithBulkSize(bulkSize))
	org := must[client.Organization](t, "org")(c.Organizations.Create(ctx, client.OrganizationWrite{Name: ptr("Paging")}))
	// The first list also asks for archived assets once: the sandbox's
	// default profile refuses filter[archived] (it lists them anyway), and
	// the client does not ask again.
	probe := int64(1)
	for _, n := range []int{0, 1, pageSize - 1, pageSize, pageSize + 1, 20 * pageSize} {
		typ := must[client.FlexibleAssetType](t, "type")(c.FlexibleAssetTypes.Create(ctx, titleType(fmt.Sprintf("Paging %d", n))))
		ws := make([]client.FlexibleAssetWrite, n)
		for i := range ws {
			ws[i] = client.FlexibleAssetWrite{FlexibleAssetTypeID: typ.ID, Traits: map[string]any{"title": fmt.Sprintf("asset %05d", i)}}
		}
		posts, serverBefore := c.Stats().Endpoints["POST /organizations/:id/relationships/flexible_assets"].Requests, sb.Server.RequestCount()
		created := must[[]client.FlexibleAsset](t, "create")(c.FlexibleAssets.CreateInOrganization(ctx, org.ID, ws))
		if len(created) != n {
			t.Fatalf("created %d of %d", len(created), n)
		}
		if got, want := c.Stats().Endpoints["POST /organizations/:id/relationships/flexible_assets"].Requests-posts, int64((n+bulkSize-1)/bulkSize); got != want || sb.Server.RequestCount()-serverBefore != want {
			t.Errorf("n=%d: created in %d bulk requests (server saw %d), want %d", n, got, sb.Server.RequestCount()-serverBefore, want)
		}

		before, serverBefore := c.Stats().Endpoints["GET /flexible_assets"].Requests, sb.Server.RequestCount()
		got := must[[]client.FlexibleAsset](t, "list")(c.FlexibleAssets.List(ctx, typ.ID, &client.FlexibleAssetListOptions{OrganizationID: org.ID}))
		requests := c.Stats().Endpoints["GET /flexible_assets"].Requests - before
		if len(got) != n {
			t.Errorf("n=%d: listed %d", n, len(got))
		}
		for i := range got {
			if got[i].ID != created[i].ID || got[i].Name != fmt.Sprintf("asset %05d", i) {
				t.Fatalf("n=%d: item %d is %d %q, want %d in creation order", n, i, got[i].ID, got[i].Name, created[i].ID)
			}
		}
		want := int64(max(1, (n+pageSize-1)/pageSize)) + probe
		probe = 0
		if requests != want || sb.Server.RequestCount()-serverBefore != want {
			t.Errorf("n=%d: %d requests (server saw %d), want %d", n, requests, sb.Server.RequestCount()-serverBefore, want)
		}
	}
}
