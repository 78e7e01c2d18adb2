package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// pessimistic serves the sandbox in its pessimistic profile, with more.
func pessimistic(more ...func(*sandbox.Options)) func(*sandbox.Options) {
	return func(o *sandbox.Options) {
		o.Profile = sandbox.ProfilePessimistic
		for _, m := range more {
			m(o)
		}
	}
}

// P10: a list whose pages time out is read again with half the page size.
func TestAdaptivePageSize(t *testing.T) {
	ctx := context.Background()
	sb, c := start(t, pessimistic(func(o *sandbox.Options) { o.AssetPageLimit = 100 }))
	sb.Seed(t, `
organizations: [{name: Acme}]
flexible_asset_types:
  - name: Note
    fields: [{name: Title, kind: Text, use_for_title: true, show_in_list: true}]
flexible_assets:
  - {organization: Acme, type: Note, traits: {Title: one}}
  - {organization: Acme, type: Note, traits: {Title: two}}
`)
	types := must[[]client.FlexibleAssetType](t, "listing types")(c.FlexibleAssetTypes.List(ctx))
	got := must[[]client.FlexibleAsset](t, "listing assets")(c.FlexibleAssets.List(ctx, types[0].ID, nil))
	if len(got) != 2 {
		t.Fatalf("listed %d assets; want 2", len(got))
	}
	// 1000, 500, 250 and 125 time out; 62 is served.
	if s := c.Stats(); s.PageSizeReductions != 4 {
		t.Errorf("PageSizeReductions = %d; want 4", s.PageSizeReductions)
	}
	if n := c.PageSize("flexible_assets"); n != 62 {
		t.Errorf("page size now %d; want 62", n)
	}
	if n := c.PageSize("organizations"); n != client.DefaultPageSize {
		t.Errorf("the organizations page size changed to %d", n)
	}
	// The next list starts at the lowered size: one page and the read of
	// archived assets, no reduction.
	before := c.Stats()
	must[[]client.FlexibleAsset](t, "listing again")(c.FlexibleAssets.List(ctx, types[0].ID, nil))
	if s := c.Stats(); s.Requests-before.Requests != 2 || s.PageSizeReductions != 4 {
		t.Errorf("second list: %d requests, %d reductions; want 2 and 4", s.Requests-before.Requests, s.PageSizeReductions)
	}
}

func TestAdaptivePageSizeStopsAt50(t *testing.T) {
	ctx := context.Background()
	sb, c := start(t, pessimistic(func(o *sandbox.Options) { o.AssetPageLimit = 10 }), client.WithMaxRetries(1))
	sb.Seed(t, "flexible_asset_types: [{name: Note, fields: [{name: Title, kind: Text, show_in_list: true}]}]\n")
	types := must[[]client.FlexibleAssetType](t, "listing types")(c.FlexibleAssetTypes.List(ctx))
	_, err := c.FlexibleAssets.List(ctx, types[0].ID, nil)
	var api *client.APIError
	if !errors.As(err, &api) || api.StatusCode != http.StatusGatewayTimeout {
		t.Fatalf("err = %v; want the 504 once the page size is 50", err)
	}
	if n := c.PageSize("flexible_assets"); n != 50 {
		t.Errorf("page size %d; want the floor of 50", n)
	}
}

// A page that gets no answer within the client's timeout counts as a
// timeout too.
func TestAdaptivePageSizeOnClientTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	var sizes []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		size := r.URL.Query().Get("page[size]")
		sizes = append(sizes, size)
		if size != "250" {
			select { // hang until the client gives up
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		w.Header().Set("Content-Type", "application/vnd.api+json")
		w.Write([]byte(`{"data":[{"id":"1","type":"organizations","attributes":{"name":"A"}}],"meta":{"total-pages":1,"total-count":1}}`))
	}))
	defer srv.Close()
	c, err := client.New(client.Config{BaseURL: srv.URL, APIKey: "ITG.x"}, client.WithRateLimit(0, 0, 0),
		client.WithHTTPClient(&http.Client{Timeout: 100 * time.Millisecond}), client.WithConcurrency(1))
	if err != nil {
		t.Fatal(err)
	}
	orgs, err := c.Organizations.List(context.Background(), nil)
	if err != nil || len(orgs) != 1 {
		t.Fatalf("List = %v, %v", orgs, err)
	}
	if got := strings.Join(sizes, ","); got != "1000,500,250" {
		t.Errorf("page sizes asked: %s; want 1000,500,250", got)
	}
}
