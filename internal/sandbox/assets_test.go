package sandbox_test

import (
	"strings"
	"testing"
)

// asset builds a flexible asset request body.
func asset(attrs map[string]any) map[string]any { return obj("flexible_assets", attrs) }

// email is a valid create body for the API Email Example type (33).
func email(org any, traits map[string]any) map[string]any {
	return asset(map[string]any{"organization_id": org, "flexible_asset_type_id": 33, "traits": traits})
}

// server is a valid create body for the Server type (40).
func server(traits map[string]any) map[string]any {
	t := map[string]any{"hostname": "srv-01"}
	for k, v := range traits {
		t[k] = v
	}
	return asset(map[string]any{"organization-id": 2, "flexible-asset-type-id": 40, "traits": t})
}

func TestFlexibleAssetsRead(t *testing.T) {
	runCases(t, []apiCase{
		{name: "list needs a type filter", method: "GET", path: "/flexible_assets", status: 422,
			check: wantText("Cannot index flexible assets without providing a flexible asset type ID filter")},
		{name: "list by type snake", method: "GET", path: "/flexible_assets?filter[flexible_asset_type_id]=33", status: 200, check: all(wantIDs("100", "101"),
			wantValues(map[string]string{"data.0.type": "flexible-assets", "data.0.attributes.name": "Office 365", "data.0.attributes.organization-id": "2",
				"data.0.attributes.organization-name": "Happy Frog", "data.0.attributes.flexible-asset-type-name": "API Email Example",
				"data.0.attributes.archived": "false", "data.0.attributes.restricted": "false",
				"data.0.attributes.traits.domains.values.0.id": "789", "data.0.attributes.traits.email-servers.values.1.id": "676",
				"data.0.attributes.traits.location": "Cloud", "data.0.attributes.resource-url": "https://sandbox.itglue.invalid/2/assets/records/100"}),
			func(t *testing.T, _ *api, r reply) {
				if _, ok := r.get("data.0.attributes.traits").(map[string]any)["webmail-url"]; ok {
					t.Errorf("an empty trait is listed; empty traits are left out")
				}
			})},
		{name: "list by type kebab", method: "GET", path: "/flexible_assets?filter[flexible-asset-type-id]=40", status: 200, check: wantIDs("102")},
		{name: "documented includes the sandbox lacks are ignored", method: "GET", path: "/flexible_assets?filter[flexible_asset_type_id]=40&include=attachments,passwords", status: 200,
			check: all(wantIDs("102"), func(t *testing.T, _ *api, r reply) {
				if r.get("included") != nil {
					t.Errorf("included for includes the sandbox does not implement")
				}
			})},
		{name: "filter organization", method: "GET", path: "/flexible_assets?filter[flexible_asset_type_id]=33&filter[organization_id]=3", status: 200, check: wantIDs("101")},
		{name: "filter name", method: "GET", path: "/flexible_assets?filter[flexible_asset_type_id]=33&filter[name]=POP/IMAP", status: 200, check: wantIDs("101")},
		{name: "filter name alternatives", method: "GET", path: "/flexible_assets?filter[flexible_asset_type_id]=33&filter[name]=POP/IMAP,Office%20365", status: 200, check: wantIDs("100", "101")},
		{name: "filter id", method: "GET", path: "/flexible_assets?filter[flexible_asset_type_id]=33&filter[id]=101", status: 200, check: wantIDs("101")},
		{name: "unknown type lists nothing", method: "GET", path: "/flexible_assets?filter[flexible_asset_type_id]=999", status: 200, check: wantIDs()},
		{name: "bad type filter", method: "GET", path: "/flexible_assets?filter[flexible_asset_type_id]=abc", status: 400},
		{name: "no archived filter", method: "GET", path: "/flexible_assets?filter[flexible_asset_type_id]=33&filter[archived]=true", status: 400},
		{name: "sort name", method: "GET", path: "/flexible_assets?filter[flexible_asset_type_id]=33&sort=-name", status: 200, check: wantIDs("101", "100")},
		{name: "sort -id", method: "GET", path: "/flexible_assets?filter[flexible_asset_type_id]=33&sort=-id", status: 200, check: wantIDs("101", "100")},
		{name: "sort created_at", method: "GET", path: "/flexible_assets?filter[flexible_asset_type_id]=33&sort=created_at", status: 200, check: wantIDs("100", "101")},
		{name: "sort updated_at", method: "GET", path: "/flexible_assets?filter[flexible_asset_type_id]=33&sort=-updated_at,-id", status: 200, check: wantIDs("101", "100")},
		{name: "sort not whitelisted", method: "GET", path: "/flexible_assets?filter[flexible_asset_type_id]=33&sort=organization_id", status: 400},
		{name: "show", method: "GET", path: "/flexible_assets/102", status: 200, check: func(t *testing.T, a *api, r reply) {
			wantValues(map[string]string{"data.attributes.name": "mail-01", "data.attributes.traits.cores": "8", "data.attributes.traits.monitored": "true",
				"data.attributes.traits.mail-system.values.0.organization-name": "Happy Frog"})(t, a, r)
			pw := r.str("data.attributes.traits.admin-password")
			if strings.Contains(string(r.raw), "s3cret") {
				t.Fatalf("the password is readable: %s", r.short())
			}
			p := a.do("GET", "/passwords/"+pw, nil).must(t, 200)
			wantValues(map[string]string{"data.attributes.resource-type": "flexible-asset-trait", "data.attributes.resource-id": "102",
				"data.attributes.name": "Admin Password"})(t, a, p)
			if strings.Contains(string(p.raw), "s3cret") {
				t.Errorf("the embedded password shows its value: %s", p.short())
			}
		}},
		{name: "show unknown", method: "GET", path: "/flexible_assets/103", status: 404},
	})
}
