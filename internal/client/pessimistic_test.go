package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
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
	// The handler of a timed-out request and the next one share no
	// happens-before edge (the client gave up on a timer, not on an
	// answer): sizes needs its own lock.
	var (
		mu    sync.Mutex
		sizes []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		size := r.URL.Query().Get("page[size]")
		mu.Lock()
		sizes = append(sizes, size)
		mu.Unlock()
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
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(sizes, ","); got != "1000,500,250" {
		t.Errorf("page sizes asked: %s; want 1000,500,250", got)
	}
}

// pessimisticSeed has two organizations holding objects of the same name,
// a type with four fields and an archived asset.
const pessimisticSeed = `
organization_types: [Customer, Vendor]
organizations:
  - name: Acme
    type: Customer
    configurations: [{name: fw-01}]
  - name: Globex
    type: Vendor
    configurations: [{name: fw-01}]
flexible_asset_types:
  - name: Note
    fields:
      - {name: Title, kind: Text, use_for_title: true, show_in_list: true}
      - {name: Body, kind: Text}
      - {name: Owner, kind: Text}
      - {name: Site, kind: Text}
flexible_assets:
  - {organization: Acme, type: Note, traits: {Title: live}}
  - {organization: Acme, type: Note, archived: true, traits: {Title: archived}}
`

// bothProfiles runs f against a seeded sandbox in each profile.
func bothProfiles(t *testing.T, f func(t *testing.T, sb *sandboxtest.Sandbox, c *client.Client, p sandbox.Profile)) {
	for _, p := range sandbox.Profiles() {
		t.Run(p.String(), func(t *testing.T) {
			sb, c := start(t, func(o *sandbox.Options) { o.Profile = p })
			sb.Seed(t, pessimisticSeed)
			f(t, sb, c, p)
		})
	}
}

func orgByName(t *testing.T, c *client.Client, name string) client.Organization {
	t.Helper()
	orgs := must[[]client.Organization](t, "listing organizations")(c.Organizations.List(context.Background(), &client.OrganizationListOptions{Names: []string{name}}))
	if len(orgs) != 1 {
		t.Fatalf("%d organizations named %s", len(orgs), name)
	}
	return orgs[0]
}

// P2: a scoped list never returns rows outside its scope, whatever the
// server does with the filter.
func TestScopedListsAreVerified(t *testing.T) {
	bothProfiles(t, func(t *testing.T, sb *sandboxtest.Sandbox, c *client.Client, _ sandbox.Profile) {
		ctx := context.Background()
		acme := orgByName(t, c, "Acme")
		cfgs := must[[]client.TagTarget](t, "listing configurations")(c.Configurations.List(ctx, &client.TagTargetListOptions{OrganizationID: acme.ID, Names: []string{"fw-01"}}))
		if len(cfgs) != 1 || cfgs[0].OrganizationID != acme.ID {
			t.Errorf("Acme's fw-01: %+v; want exactly Acme's one", cfgs)
		}
		orgs := must[[]client.Organization](t, "listing by type")(c.Organizations.List(ctx, &client.OrganizationListOptions{OrganizationTypeID: acme.OrganizationTypeID}))
		if len(orgs) != 1 || orgs[0].ID != acme.ID {
			t.Errorf("organizations of Acme's type: %+v; want Acme only", orgs)
		}
	})
}

// P4 and P5: the type index may hold linkage without included fields,
// and types may not state enabled.
func TestTypeFieldsWithoutIncluded(t *testing.T) {
	bothProfiles(t, func(t *testing.T, sb *sandboxtest.Sandbox, c *client.Client, p sandbox.Profile) {
		ctx := context.Background()
		types := must[[]client.FlexibleAssetType](t, "listing types")(c.FlexibleAssetTypes.List(ctx))
		if len(types) != 1 || len(types[0].Fields) != 4 {
			t.Fatalf("types %+v; want Note with its 4 fields", types)
		}
		reads := c.Stats().NestedFieldReads
		if (reads == 1) != (p == sandbox.ProfilePessimistic) || reads > 1 {
			t.Errorf("%d nested field reads in profile %s", reads, p)
		}
		if types[0].EnabledStated != (p == sandbox.ProfileDefault) {
			t.Errorf("EnabledStated = %v in profile %s", types[0].EnabledStated, p)
		}
		if p == sandbox.ProfileDefault && !types[0].Enabled {
			t.Error("an enabled type read as disabled")
		}
	})
}

// P7: bulk-created objects are returned in the order they were asked for.
func TestBulkCreatesPairedByAttributes(t *testing.T) {
	bothProfiles(t, func(t *testing.T, sb *sandboxtest.Sandbox, c *client.Client, _ sandbox.Profile) {
		ctx := context.Background()
		acme := orgByName(t, c, "Acme")
		typ := must[[]client.FlexibleAssetType](t, "listing types")(c.FlexibleAssetTypes.List(ctx))[0]
		var ws []client.FlexibleAssetWrite
		for _, title := range []string{"one", "two", "three"} {
			ws = append(ws, client.FlexibleAssetWrite{OrganizationID: acme.ID, FlexibleAssetTypeID: typ.ID,
				Traits: map[string]any{"title": title, "body": "body of " + title}})
		}
		got := must[[]client.FlexibleAsset](t, "creating assets")(c.FlexibleAssets.CreateInOrganization(ctx, acme.ID, ws))
		for i, a := range got {
			if a.Name != ws[i].Traits["title"] {
				t.Errorf("created[%d] is %q; want %q", i, a.Name, ws[i].Traits["title"])
			}
		}
		fws := []client.FlexibleAssetFieldWrite{{Name: ptr("Alpha"), Kind: ptr("Text")}, {Name: ptr("Beta"), Kind: ptr("Text")}}
		fs := must[[]client.FlexibleAssetField](t, "creating fields")(c.FlexibleAssetFields.Create(ctx, typ.ID, fws))
		if len(fs) != 2 || fs[0].Name != "Alpha" || fs[1].Name != "Beta" {
			t.Errorf("created fields %q, %q; want Alpha, Beta", fs[0].Name, fs[1].Name)
		}
	})
}

// P3: a swap and a rotation of field orders, validated item by item.
func TestReorderFieldsItemByItem(t *testing.T) {
	bothProfiles(t, func(t *testing.T, sb *sandboxtest.Sandbox, c *client.Client, _ sandbox.Profile) {
		ctx := context.Background()
		typ := must[[]client.FlexibleAssetType](t, "listing types")(c.FlexibleAssetTypes.List(ctx))[0]
		f := typ.Fields // orders 1..4: Title, Body, Owner, Site
		moves := []client.FieldOrder{
			{ID: f[0].ID, Order: f[1].Order}, {ID: f[1].ID, Order: f[0].Order}, // swap
			{ID: f[2].ID, Order: f[3].Order}, {ID: f[3].ID, Order: 9}, // chain
		}
		if err := c.FlexibleAssetFields.Reorder(ctx, typ.ID, moves); err != nil {
			t.Fatalf("Reorder: %v", err)
		}
		live := must[[]client.FlexibleAssetField](t, "listing fields")(c.FlexibleAssetFields.List(ctx, typ.ID))
		got := map[int64]int64{}
		for _, l := range live {
			got[l.ID] = l.Order
		}
		for _, m := range moves {
			if got[m.ID] != m.Order {
				t.Errorf("field %d has order %d; want %d", m.ID, got[m.ID], m.Order)
			}
		}
	})
}

// P6: an organization created with a parent gets it, whether or not the
// API takes parent-id on create.
func TestOrganizationParentOnCreate(t *testing.T) {
	bothProfiles(t, func(t *testing.T, sb *sandboxtest.Sandbox, c *client.Client, p sandbox.Profile) {
		ctx := context.Background()
		acme := orgByName(t, c, "Acme")
		o := must[client.Organization](t, "creating")(c.Organizations.Create(ctx, client.OrganizationWrite{Name: ptr("Acme East"), ParentID: &acme.ID}))
		if o.ParentID != acme.ID {
			t.Errorf("parent %d; want %d", o.ParentID, acme.ID)
		}
		if again := orgByName(t, c, "Acme East"); again.ParentID != acme.ID {
			t.Errorf("read back: parent %d; want %d", again.ParentID, acme.ID)
		}
		if n := c.Stats().ParentPatches; (n == 1) != (p == sandbox.ProfilePessimistic) {
			t.Errorf("%d parent PATCHes in profile %s", n, p)
		}
	})
}

// A server that never sets a parent gets a clear error, not a silent loss.
func TestOrganizationParentRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/vnd.api+json")
		w.WriteHeader(200)
		w.Write([]byte(`{"data":{"id":"7","type":"organizations","attributes":{"name":"Child","parent-id":null}}}`))
	}))
	defer srv.Close()
	c, err := client.New(client.Config{BaseURL: srv.URL, APIKey: "ITG.x"}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Organizations.Create(context.Background(), client.OrganizationWrite{Name: ptr("Child"), ParentID: ptr(int64(3))})
	var pe *client.ParentNotSetError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), "web interface") {
		t.Errorf("err = %v; want a ParentNotSetError saying what to do", err)
	}
}

// P9: archived assets are listed even when the index needs a filter.
func TestArchivedAssetsListed(t *testing.T) {
	bothProfiles(t, func(t *testing.T, sb *sandboxtest.Sandbox, c *client.Client, _ sandbox.Profile) {
		ctx := context.Background()
		typ := must[[]client.FlexibleAssetType](t, "listing types")(c.FlexibleAssetTypes.List(ctx))[0]
		got := must[[]client.FlexibleAsset](t, "listing assets")(c.FlexibleAssets.List(ctx, typ.ID, nil))
		if len(got) != 2 || !got[1].Archived || got[1].Name != "archived" {
			t.Errorf("assets %+v; want the live one and the archived one", got)
		}
	})
}

// P12: a gateway 403 reads as a key problem with advice.
func TestGatewayForbidden(t *testing.T) {
	sb, _ := start(t, pessimistic())
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: "ITG.wrong"}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Organizations.List(context.Background(), nil)
	if !errors.Is(err, client.ErrUnauthorized) || !strings.Contains(err.Error(), "403 Forbidden") || !strings.Contains(err.Error(), "bound to a region") {
		t.Errorf("err = %v; want a 403 naming the key and its region", err)
	}
	if strings.Contains(err.Error(), "ITG.wrong") {
		t.Error("the error shows the key")
	}
}
