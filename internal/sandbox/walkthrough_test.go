package sandbox_test

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// emailTypeBody is the getting-started article's "API Email Example" type,
// sent the way IT Glue's own scripts send it: snake_case keys and types.
var emailTypeBody = map[string]any{"data": map[string]any{
	"type": "flexible_asset_types",
	"attributes": map[string]any{
		"name": "API Email Example", "description": "Email systems", "icon": "envelope", "enabled": true,
	},
	"relationships": map[string]any{"flexible_asset_fields": map[string]any{"data": []any{
		map[string]any{"type": "flexible_asset_fields", "attributes": map[string]any{
			"order": 1, "name": "Domains", "kind": "Tag", "tag_type": "Domains",
			"hint": "Tag accepted domains for this email system", "required": true, "show_in_list": true}},
		map[string]any{"type": "flexible_asset_fields", "attributes": map[string]any{
			"order": 2, "name": "Type", "kind": "Select", "hint": "Select the email platform",
			"default_value": "Office 365\nExchange 2016\nExchange 2013\nPOP/IMAP",
			"required":      true, "use_for_title": true, "show_in_list": true}},
		map[string]any{"type": "flexible_asset_fields", "attributes": map[string]any{
			"order": 3, "name": "Email Servers", "kind": "Tag", "tag_type": "Configurations",
			"hint": "Tag server(s) participating in email delivery", "show_in_list": true}},
		map[string]any{"type": "flexible_asset_fields", "attributes": map[string]any{
			"order": 4, "name": "Location", "kind": "Select", "hint": "Where is the email hosted",
			"default_value": "Cloud\r\nOn-Premises"}},
		map[string]any{"type": "flexible_asset_fields", "attributes": map[string]any{
			"order": 5, "name": "Inbound Delivery", "kind": "Select", "hint": "How is inbound email delivered",
			"default_value": "Office 365\nGoogle\nProofpoint\nMimecast\nReflexion", "show_in_list": true}},
		map[string]any{"type": "flexible_asset_fields", "attributes": map[string]any{
			"order": 6, "name": "Webmail URL", "kind": "Text", "show_in_list": true}},
	}}},
}}

// TestWalkthrough replays the getting-started article request by request.
func TestWalkthrough(t *testing.T) {
	a := newAPI(t)
	seed, err := os.ReadFile("testdata/seed-example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a.sb.Seed(t, string(seed))

	// 1. Find the organization's id, newest first.
	orgs := a.do("GET", "/organizations?sort=-id", nil).must(t, 200)
	var names []string
	for i := range orgs.list() {
		names = append(names, orgs.str("data."+itoa(i)+".attributes.name"))
	}
	if diff := cmp.Diff([]string{"Kub, Reynolds and Gibson", "Happy Frog Consulting"}, names); diff != "" {
		t.Fatalf("organizations newest first (-want +got):\n%s", diff)
	}
	orgID := orgs.str("data.1.id")
	if orgID != "2" {
		t.Fatalf("Happy Frog's id = %s; want the seeded 2", orgID)
	}

	// 2. Create the type with its six fields.
	created := a.do("POST", "/flexible_asset_types", emailTypeBody).must(t, 201)
	typeID := created.str("data.id")

	// 3. Find the type newest first, then read its fields' name-keys.
	types := a.do("GET", "/flexible_asset_types?sort=-id", nil).must(t, 200)
	if got := types.str("data.0.attributes.name"); got != "API Email Example" {
		t.Fatalf("newest type = %q; want API Email Example", got)
	}
	shown := a.do("GET", "/flexible_asset_types/"+typeID+"?include=flexible_asset_fields", nil).must(t, 200)
	keys := map[string]string{}
	for i := range shown.doc["included"].([]any) {
		p := "included." + itoa(i) + ".attributes."
		keys[shown.str(p+"name")] = shown.str(p + "name-key")
	}
	want := map[string]string{"Domains": "domains", "Type": "type", "Email Servers": "email-servers",
		"Location": "location", "Inbound Delivery": "inbound-delivery", "Webmail URL": "webmail-url"}
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Fatalf("name-keys (-want +got):\n%s", diff)
	}

	// 4. POST the asset with the article's traits: the stray select key is a 422 naming it.
	traits := map[string]any{"domains": 789, "type": "Office 365", "email-servers": 457, "location": "Cloud",
		"webmail-url": "https://portal.office.com/", "select": "Office 365"}
	body := obj("flexible-assets", map[string]any{"organization-id": 2, "flexible-asset-type-id": typeID, "traits": traits})
	bad := a.do("POST", "/flexible_assets", body).must(t, 422)
	if diff := cmp.Diff([]string{"/data/attributes/traits/select"}, bad.errorPointers()); diff != "" {
		t.Errorf("error pointers (-want +got):\n%s", diff)
	}
	if !contains(bad.errorText(), `"select"`) {
		t.Errorf("error text %q does not name the select key", bad.errorText())
	}
	before := a.do("GET", "/flexible_assets?filter[flexible_asset_type_id]="+typeID, nil).must(t, 200)
	if n := len(before.list()); n != 0 {
		t.Fatalf("the failed POST stored %d assets", n)
	}

	delete(traits, "select")
	got := a.do("POST", "/flexible_assets", body).must(t, 201)
	if name := got.str("data.attributes.name"); name != "Office 365" {
		t.Errorf("asset name = %q; want the use-for-title value Office 365", name)
	}
	for path, want := range map[string]string{
		"data.attributes.traits.domains.type":                    "Domains",
		"data.attributes.traits.domains.values.0.id":             "789",
		"data.attributes.traits.domains.values.0.name":           "happyfrog.example",
		"data.attributes.traits.email-servers.type":              "Configurations",
		"data.attributes.traits.email-servers.values.0.name":     "mail-01",
		"data.attributes.traits.email-servers.values.0.hostname": "mail-01.happyfrog.example",
		"data.attributes.traits.webmail-url":                     "https://portal.office.com/",
		"data.attributes.organization-name":                      "Happy Frog Consulting",
		"data.attributes.flexible-asset-type-name":               "API Email Example",
	} {
		if g := got.str(path); g != want {
			t.Errorf("%s = %q; want %q", path, g, want)
		}
	}
}
