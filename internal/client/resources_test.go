package client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestOrganizationsDecodeDocumentedQuirks(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, fixture(t, "organizations_page.json")) })
	got, err := c.Organizations.List(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Organization{
		{ID: 7, Name: "Acme", Primary: true, AncestorIDs: []int64{}},
		{
			ID: 574989297464115201, Name: "Kub, Reynolds and Gibson", ShortName: "KRG",
			OrganizationTypeID: 2, OrganizationTypeName: "Client", OrganizationStatusID: 3, OrganizationStatusName: "Active",
			ParentID: 1, AncestorIDs: []int64{1, 6},
			CreatedAt: time.Date(2017, 10, 22, 0, 3, 48, 0, time.UTC), UpdatedAt: time.Date(2018, 1, 2, 3, 4, 5, 0, time.UTC),
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestFlexibleAssetTypeWithIncludedFields(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /flexible_asset_types/33", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("include") != "flexible_asset_fields" {
			t.Errorf("include = %q, want flexible_asset_fields", r.URL.Query().Get("include"))
		}
		reply(w, 200, fixture(t, "fat_show_include.json"))
	})
	got, err := c.FlexibleAssetTypes.Get(context.Background(), 33)
	if err != nil {
		t.Fatal(err)
	}
	ts := time.Date(2017, 10, 22, 0, 3, 48, 0, time.UTC)
	want := FlexibleAssetType{
		ID: 33, Name: "API Email Example", Icon: "envelope", ShowInMenu: true, CreatedAt: ts, UpdatedAt: ts,
		Fields: []FlexibleAssetField{
			{ID: 420, FlexibleAssetTypeID: 33, Order: 1, Name: "Domains", Kind: "Tag", Hint: "Tag accepted domains", TagType: "Domains",
				Required: true, ShowInList: true, NameKey: "domains", CreatedAt: ts, UpdatedAt: ts},
			{ID: 421, FlexibleAssetTypeID: 33, Order: 2, Name: "Type", Kind: "Select", Required: true, ShowInList: true, UseForTitle: true,
				DefaultValue: "Office 365\r\nExchange 2016", NameKey: "type"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Office 365", "Exchange 2016"}, got.Fields[1].Options()); diff != "" {
		t.Errorf("Options() (-want +got):\n%s", diff)
	}
}

func TestFlexibleAssetsDecodeTraits(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /flexible_assets", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("filter[flexible-asset-type-id]") != "33" || q.Get("filter[organization-id]") != "2" {
			t.Errorf("query %q lacks the type and organization filters", r.URL.RawQuery)
		}
		reply(w, 200, fixture(t, "flexible_assets_page.json"))
	})
	got, err := c.FlexibleAssets.List(context.Background(), 33, &FlexibleAssetListOptions{OrganizationID: 2})
	if err != nil || len(got) != 1 {
		t.Fatalf("got %d assets, %v", len(got), err)
	}
	a := got[0]
	if a.ID != 1001 || a.OrganizationID != 2 || a.FlexibleAssetTypeID != 33 || a.Name != "Office 365" {
		t.Errorf("asset = %+v", a)
	}
	if s, ok := a.Traits.String("type"); !ok || s != "Office 365" {
		t.Errorf(`trait "type" = %q, %v; a trait key can be literally "type"`, s, ok)
	}
	if string(a.Traits.Value("number-of-seats")) != "25.50" {
		t.Errorf("number trait = %s, want the exact JSON 25.50", a.Traits.Value("number-of-seats"))
	}
	ws := a.Traits.WriteShape()
	wantIDs := map[string][]int64{"domains": {789}, "email-servers": {9007199254740993, 676}}
	for k, want := range wantIDs {
		if diff := cmp.Diff(want, ws[k]); diff != "" {
			t.Errorf("WriteShape()[%q] (-want +got):\n%s", k, diff)
		}
	}
	if string(ws["webmail-url"].(json.RawMessage)) != `"https://portal.office.com/"` {
		t.Errorf("scalar trait changed by WriteShape: %v", ws["webmail-url"])
	}
}

// TestReadTraitsSentBackAsRead: traits read and sent back whole
// (WriteShape, then an update) make the request body they made as a map:
// keys in order, Tag traits as id lists, every other value as the API
// wrote it (compacted, 25.50 kept as written, HTML not escaped).
func TestReadTraitsSentBackAsRead(t *testing.T) {
	c, mux := setup(t)
	page := strings.Replace(fixture(t, "flexible_assets_page.json"), `"webmail-url"`, `"notes": [ "<b>a & b</b>" , null ],"webmail-url"`, 1)
	mux.HandleFunc("GET /flexible_assets", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, page) })
	var body string
	mux.HandleFunc("PATCH /flexible_assets/1001", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		reply(w, 200, `{"data":{"id":"1001","type":"flexible-assets","attributes":{}}}`)
	})
	got, err := c.FlexibleAssets.List(context.Background(), 33, &FlexibleAssetListOptions{OrganizationID: 2})
	if err != nil || len(got) != 1 {
		t.Fatalf("got %d assets, %v", len(got), err)
	}
	if _, err := c.FlexibleAssets.Update(context.Background(), 1001, FlexibleAssetWrite{Traits: got[0].Traits.WriteShape()}); err != nil {
		t.Fatal(err)
	}
	want := `{"data":{"type":"flexible-assets","attributes":{"traits":{"domains":[789],"email-servers":[9007199254740993,676],` +
		`"notes":["<b>a & b</b>",null],"number-of-seats":25.50,"type":"Office 365","webmail-url":"https://portal.office.com/"}}}}`
	if strings.TrimSpace(body) != want {
		t.Errorf("PATCH body\n got %s\nwant %s", body, want)
	}
}

func TestTagTargetsAndPasswordsNeverKeepSecrets(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /passwords", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("filter[organization_id]") != "2" || q.Get(`filter[name]`) != `Admin\, root` {
			t.Errorf("query %q", r.URL.RawQuery)
		}
		reply(w, 200, `{"data":[{"id":"8","type":"passwords","attributes":{"organization-id":2,"organization-name":"Acme","name":"Admin, root","username":"root","password":"hunter2"}}],"meta":{"total-pages":1}}`)
	})
	got, err := c.Passwords.List(context.Background(), &TagTargetListOptions{OrganizationID: 2, Names: []string{"Admin, root"}})
	if err != nil || len(got) != 1 {
		t.Fatalf("got %v, %v", got, err)
	}
	p := got[0]
	if p.ID != 8 || p.OrganizationID != 2 || p.Name != "Admin, root" || string(p.Attributes["username"]) != `"root"` {
		t.Errorf("password = %+v", p)
	}
	if _, ok := p.Attributes["password"]; ok {
		t.Error("the password value was kept")
	}
}
