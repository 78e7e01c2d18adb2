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

func TestFlexibleAssetsCreate(t *testing.T) {
	trait := func(k string) string { return "/data/attributes/traits/" + k }
	runCases(t, []apiCase{
		{name: "create", method: "POST", path: "/flexible_assets", status: 201,
			body: email(2, map[string]any{"domains": []any{"789", 790}, "type": "Exchange 2016", "email-servers": "457", "webmail_url": "https://mail.example/", "location": "On-Premises"}),
			check: func(t *testing.T, a *api, r reply) {
				wantValues(map[string]string{"data.attributes.name": "Exchange 2016", "data.attributes.traits.domains.values.1.name": "frog.example",
					"data.attributes.traits.email-servers.values.0.id": "457", "data.attributes.traits.webmail-url": "https://mail.example/"})(t, a, r)
				wantIDs("100", "101", r.str("data.id"))(t, a, a.do("GET", "/flexible_assets?filter[flexible_asset_type_id]=33", nil))
			}},
		{name: "create every kind", method: "POST", path: "/flexible_assets", status: 201,
			body: server(map[string]any{"role": "mail", "cores": 16, "load": "42.5", "monitored": false, "installed": "2018-10-31", "notes": "line 1\nline 2",
				"admin-password": "hunter2", "runbook": map[string]any{"content": "aGVsbG8=", "file_name": "runbook.txt"}, "owner": 500, "site": 600, "vault": 700,
				"client": 3, "mail-system": []any{100}}),
			check: wantValues(map[string]string{"data.attributes.name": "srv-01 mail", "data.attributes.traits.cores": "16", "data.attributes.traits.load": "42.5",
				"data.attributes.traits.monitored": "false", "data.attributes.traits.installed": "2018-10-31", "data.attributes.traits.notes": "line 1\nline 2",
				"data.attributes.traits.runbook.0.file-name": "runbook.txt", "data.attributes.traits.owner.type": "Contacts",
				"data.attributes.traits.owner.values.0.name": "Ada Lovelace", "data.attributes.traits.site.values.0.city": "Leeds",
				"data.attributes.traits.vault.type": "Passwords", "data.attributes.traits.client.type": "Organizations",
				"data.attributes.traits.client.values.0.name": "Kub, Reynolds and Gibson", "data.attributes.traits.mail-system.values.0.id": "100"})},
		{name: "nested single create", method: "POST", path: "/organizations/3/relationships/flexible_assets", status: 201,
			body: email(nil, map[string]any{"domains": 791, "type": "Office 365"}), check: wantValues(map[string]string{"data.attributes.organization-id": "3"})},
		{name: "nested bulk create", method: "POST", path: "/organizations/2/relationships/flexible_assets", status: 201,
			body: many("flexible_assets", map[string]any{"flexible_asset_type_id": 33, "traits": map[string]any{"domains": 789, "type": "Office 365"}},
				map[string]any{"flexible_asset_type_id": "33", "traits": map[string]any{"domains": 790, "type": "POP/IMAP"}}),
			check: func(t *testing.T, a *api, r reply) {
				wantValues(map[string]string{"data.0.attributes.name": "Office 365", "data.1.attributes.name": "POP/IMAP"})(t, a, r)
				if n := len(a.do("GET", "/flexible_assets?filter[flexible_asset_type_id]=33", nil).list()); n != 4 {
					t.Errorf("%d assets after a bulk create of 2 on 2; want 4", n)
				}
			}},
		{name: "nested bulk create is all-or-nothing", method: "POST", path: "/organizations/2/relationships/flexible_assets", status: 422,
			body: many("flexible_assets", map[string]any{"flexible_asset_type_id": 33, "traits": map[string]any{"domains": 789, "type": "Office 365"}},
				map[string]any{"flexible_asset_type_id": 33, "traits": map[string]any{"domains": 789, "type": "Lotus Notes"}}),
			check: wantPointers("/data/1/attributes/traits/type")},
		{name: "nested create under an unknown organization", method: "POST", path: "/organizations/99/relationships/flexible_assets", status: 404,
			body: email(nil, map[string]any{"domains": 789, "type": "Office 365"})},
		{name: "bulk create only nested", method: "POST", path: "/flexible_assets", status: 400,
			body: many("flexible_assets", map[string]any{"organization_id": 2, "flexible_asset_type_id": 33, "traits": map[string]any{}}), check: wantText("nested")},
		{name: "organization and type required", method: "POST", path: "/flexible_assets", status: 422, body: asset(map[string]any{"traits": map[string]any{}}),
			check: wantPointers("/data/attributes/organization-id", "/data/attributes/flexible-asset-type-id")},
		{name: "traits required", method: "POST", path: "/flexible_assets", status: 422, body: asset(map[string]any{"organization_id": 2, "flexible_asset_type_id": 33}),
			check: wantPointers("/data/attributes/traits")},
		{name: "unknown organization", method: "POST", path: "/flexible_assets", status: 422, body: email(98, map[string]any{"domains": 789, "type": "Office 365"}),
			check: wantPointers("/data/attributes/organization-id")},
		{name: "organization id not a number", method: "POST", path: "/flexible_assets", status: 422, body: email("two", map[string]any{"domains": 789, "type": "Office 365"}),
			check: wantPointers("/data/attributes/organization-id")},
		{name: "unknown trait key", method: "POST", path: "/flexible_assets", status: 422, body: email(2, map[string]any{"domains": 789, "type": "Office 365", "select": "x"}),
			check: all(wantPointers(trait("select")), wantText("invalid trait keys", `"select"`))},
		{name: "required trait missing", method: "POST", path: "/flexible_assets", status: 422, body: email(2, map[string]any{"type": "Office 365"}),
			check: all(wantPointers(trait("domains")), wantText("Domains can't be blank"))},
		{name: "required trait null", method: "POST", path: "/flexible_assets", status: 422, body: email(2, map[string]any{"domains": nil, "type": ""}),
			check: wantPointers(trait("domains"), trait("type"))},
		{name: "select value not an option", method: "POST", path: "/flexible_assets", status: 422, body: email(2, map[string]any{"domains": 789, "type": "Lotus Notes"}),
			check: all(wantPointers(trait("type")), wantText(`"Lotus Notes" is not an option`))},
		{name: "tag id that does not exist", method: "POST", path: "/flexible_assets", status: 422, body: email(2, map[string]any{"domains": 999999, "type": "Office 365"}),
			check: wantPointers(trait("domains"))},
		{name: "tag id of the wrong type", method: "POST", path: "/flexible_assets", status: 422, body: email(2, map[string]any{"domains": []any{789, 457}, "type": "Office 365"}),
			check: all(wantPointers(trait("domains")+"/1"), wantText("no Domains with id 457"))},
		{name: "tag id not a number", method: "POST", path: "/flexible_assets", status: 422, body: email(2, map[string]any{"domains": "happyfrog.example", "type": "Office 365"}),
			check: wantPointers(trait("domains"))},
		{name: "tag in the read shape", method: "POST", path: "/flexible_assets", status: 422,
			body:  email(2, map[string]any{"domains": map[string]any{"type": "Domains", "values": []any{map[string]any{"id": 789}}}, "type": "Office 365"}),
			check: wantText("not the {type, values} shape")},
		{name: "asset type tag of another type", method: "POST", path: "/flexible_assets", status: 422, body: server(map[string]any{"mail-system": 102}),
			check: wantPointers(trait("mail-system"))},
		{name: "wrong JSON types", method: "POST", path: "/flexible_assets", status: 422,
			body: server(map[string]any{"role": 5, "cores": "many", "load": true, "monitored": "yes", "installed": "31/10/2018", "notes": []any{"x"},
				"admin-password": true, "runbook": "file.txt", "section": "x", "client": "Acme"}),
			check: wantPointers(trait("admin-password"), trait("client"), trait("cores"), trait("installed"), trait("load"), trait("monitored"),
				trait("notes"), trait("role"), trait("runbook"), trait("section"))},
		{name: "upload needs strict base64", method: "POST", path: "/flexible_assets", status: 422,
			body: server(map[string]any{"runbook": map[string]any{"content": "not base64!", "file_name": "x.txt"}}), check: wantPointers(trait("runbook"))},
		{name: "traits not an object", method: "POST", path: "/flexible_assets", status: 422,
			body: asset(map[string]any{"organization_id": 2, "flexible_asset_type_id": 33, "traits": []any{}}), check: wantPointers("/data/attributes/traits")},
		{name: "name is not writable", method: "POST", path: "/flexible_assets", status: 201,
			body:  asset(map[string]any{"organization_id": 2, "flexible_asset_type_id": 33, "name": "Mine", "traits": map[string]any{"domains": 789, "type": "POP/IMAP"}}),
			check: wantValues(map[string]string{"data.attributes.name": "POP/IMAP"})},
	})
}

func TestFlexibleAssetsUpdate(t *testing.T) {
	runCases(t, []apiCase{
		{name: "patch replaces the whole trait set", method: "PATCH", path: "/flexible_assets/100", status: 200,
			body: asset(map[string]any{"traits": map[string]any{"domains": 790, "type": "Exchange 2013"}}),
			check: func(t *testing.T, a *api, r reply) {
				wantValues(map[string]string{"data.attributes.name": "Exchange 2013", "data.attributes.traits.domains.values.0.id": "790"})(t, a, r)
				traits := a.do("GET", "/flexible_assets/100", nil).get("data.attributes.traits").(map[string]any)
				for _, gone := range []string{"email-servers", "location"} {
					if _, ok := traits[gone]; ok {
						t.Errorf("omitted trait %q survived the PATCH", gone)
					}
				}
			}},
		{name: "patch without traits keeps them", method: "PATCH", path: "/flexible_assets/100", status: 200,
			body: asset(map[string]any{"archived": true}),
			check: func(t *testing.T, a *api, r reply) {
				wantValues(map[string]string{"data.attributes.archived": "true", "data.attributes.traits.location": "Cloud"})(t, a, r)
				wantIDs("100", "101")(t, a, a.do("GET", "/flexible_assets?filter[flexible_asset_type_id]=33", nil))
			}},
		{name: "unarchive", method: "PATCH", path: "/flexible_assets/100", status: 200, setup: func(a *api) {
			a.do("PATCH", "/flexible_assets/100", asset(map[string]any{"archived": true})).must(a.t, 200)
		}, body: asset(map[string]any{"archived": "false"}), check: wantValues(map[string]string{"data.attributes.archived": "false"})},
		{name: "patch validates the whole new set", method: "PATCH", path: "/flexible_assets/100", status: 422,
			body: asset(map[string]any{"traits": map[string]any{"type": "Office 365"}}), check: wantPointers("/data/attributes/traits/domains")},
		{name: "patch null erases a value", method: "PATCH", path: "/flexible_assets/100", status: 200,
			body: asset(map[string]any{"traits": map[string]any{"domains": 789, "type": "Office 365", "location": nil}}),
			check: func(t *testing.T, _ *api, r reply) {
				if r.get("data.attributes.traits.location") != nil {
					t.Errorf("location survived a null")
				}
			}},
		{name: "cannot move to another organization", method: "PATCH", path: "/flexible_assets/100", status: 422,
			body: asset(map[string]any{"organization_id": 3}), check: wantPointers("/data/attributes/organization-id")},
		{name: "cannot change type", method: "PATCH", path: "/flexible_assets/100", status: 422,
			body: asset(map[string]any{"flexible_asset_type_id": 40}), check: wantPointers("/data/attributes/flexible-asset-type-id")},
		{name: "unknown asset", method: "PATCH", path: "/flexible_assets/99", status: 404, body: asset(map[string]any{"archived": true})},
		{name: "bulk update", method: "PATCH", path: "/flexible_assets", status: 200,
			body:  many("flexible_assets", map[string]any{"id": 100, "archived": true}, map[string]any{"id": "101", "traits": map[string]any{"domains": "791", "type": "Office 365"}}),
			check: wantValues(map[string]string{"data.0.attributes.archived": "true", "data.1.attributes.name": "Office 365"})},
		{name: "bulk update is all-or-nothing", method: "PATCH", path: "/flexible_assets", status: 422,
			body:  many("flexible_assets", map[string]any{"id": 100, "archived": true}, map[string]any{"id": 101, "traits": map[string]any{"type": "Office 365"}}),
			check: wantPointers("/data/1/attributes/traits/domains")},
		{name: "bulk update needs an array", method: "PATCH", path: "/flexible_assets", status: 400, body: asset(map[string]any{"id": 100})},
	})
}

// TestRoundTripUpdate sends back everything GET returned, read-only
// attributes and expanded Tag traits turned into string ids included, as
// existing clients do; the asset must come back unchanged.
func TestRoundTripUpdate(t *testing.T) {
	a := testAccount(t)
	for _, id := range []string{"100", "102"} {
		before := a.do("GET", "/flexible_assets/"+id, nil).must(t, 200).get("data.attributes").(map[string]any)
		got := a.do("GET", "/flexible_assets/"+id, nil).must(t, 200)
		attrs := map[string]any{}
		for k, v := range got.get("data.attributes").(map[string]any) {
			attrs[strings.ReplaceAll(k, "-", "_")] = v
		}
		traits := attrs["traits"].(map[string]any)
		for k, v := range traits {
			if m, ok := v.(map[string]any); ok {
				var ids []any
				for _, val := range m["values"].([]any) {
					ids = append(ids, val.(map[string]any)["id"].(interface{ String() string }).String())
				}
				traits[k] = ids
			}
		}
		body := map[string]any{"data": map[string]any{"type": "flexible_assets", "id": id, "attributes": attrs}}
		back := a.do("PATCH", "/flexible_assets/"+id, body).must(t, 200)
		again := a.do("GET", "/flexible_assets/"+id, nil)
		after := again.get("data.attributes").(map[string]any)
		delete(before, "updated-at")
		delete(after, "updated-at")
		if b, a := jsonText(before), jsonText(after); b != a {
			t.Errorf("asset %s changed on a round trip:\nbefore %s\nafter  %s\n(answer %s)", id, b, a, back.short())
		}
	}
}

// TestPasswordTrait checks that a Password trait is written as a string,
// read back as the id of an embedded password, kept when that id is sent
// back, replaced in place by a new string and removed when omitted.
func TestPasswordTrait(t *testing.T) {
	a := testAccount(t)
	pw := a.do("GET", "/flexible_assets/102", nil).str("data.attributes.traits.admin-password")
	keep := asset(map[string]any{"traits": map[string]any{"hostname": "mail-01", "admin-password": pw}})
	if got := a.do("PATCH", "/flexible_assets/102", keep).must(t, 200).str("data.attributes.traits.admin-password"); got != pw {
		t.Errorf("sending the id back gave %s; want the same password %s", got, pw)
	}
	other := asset(map[string]any{"traits": map[string]any{"hostname": "mail-01", "admin-password": 700}})
	a.do("PATCH", "/flexible_assets/102", other).must(t, 422)
	changed := asset(map[string]any{"traits": map[string]any{"hostname": "mail-01", "admin-password": "new secret"}})
	r := a.do("PATCH", "/flexible_assets/102", changed).must(t, 200)
	if got := r.str("data.attributes.traits.admin-password"); got != pw {
		t.Errorf("a new value gave password %s; want the embedded password %s updated in place", got, pw)
	}
	if strings.Contains(string(r.raw), "new secret") {
		t.Errorf("the new password is readable: %s", r.short())
	}
	a.do("PATCH", "/flexible_assets/102", asset(map[string]any{"traits": map[string]any{"hostname": "mail-01"}})).must(t, 200)
	a.do("GET", "/passwords/"+pw, nil).must(t, 404)
}

func TestFlexibleAssetsDelete(t *testing.T) {
	runCases(t, []apiCase{
		{name: "delete", method: "DELETE", path: "/flexible_assets/102", status: 204, check: func(t *testing.T, a *api, r reply) {
			a.do("GET", "/flexible_assets/102", nil).must(t, 404)
			if n := len(a.do("GET", "/passwords?filter[organization_id]=2", nil).list()); n != 1 {
				t.Errorf("%d passwords left; the embedded one must go with its asset", n)
			}
		}},
		{name: "delete unknown", method: "DELETE", path: "/flexible_assets/102000", status: 404},
		{name: "bulk delete by array", method: "DELETE", path: "/flexible_assets", status: 200,
			body: many("flexible_assets", map[string]any{"id": 100}, map[string]any{"id": 101}),
			check: func(t *testing.T, a *api, r reply) {
				wantIDs("100", "101")(t, a, r)
				wantIDs()(t, a, a.do("GET", "/flexible_assets?filter[flexible_asset_type_id]=33", nil))
			}},
		{name: "bulk delete by array is all-or-nothing", method: "DELETE", path: "/flexible_assets", status: 422,
			body: many("flexible_assets", map[string]any{"id": 100}, map[string]any{"id": 4242})},
		{name: "bulk delete by filters", method: "DELETE", path: "/flexible_assets?filter[organization_id]=2&filter[flexible_asset_type_id]=33", status: 200,
			check: func(t *testing.T, a *api, r reply) {
				wantIDs("100")(t, a, r)
				wantIDs("101")(t, a, a.do("GET", "/flexible_assets?filter[flexible_asset_type_id]=33", nil))
			}},
		{name: "bulk delete by filters with name", method: "DELETE", path: "/flexible_assets?filter[organization_id]=2&filter[flexible_asset_type_id]=33&filter[name]=POP/IMAP", status: 200, check: wantIDs()},
		{name: "bulk delete by filters with archived", method: "DELETE", path: "/flexible_assets?filter[organization_id]=2,3&filter[flexible_asset_type_id]=33&filter[archived]=false", status: 200, check: wantIDs("100", "101")},
		{name: "bulk delete filters need organization and type", method: "DELETE", path: "/flexible_assets?filter[flexible_asset_type_id]=33", status: 400, check: wantText("organization_id")},
		{name: "bulk delete with both", method: "DELETE", path: "/flexible_assets?filter[organization_id]=2&filter[flexible_asset_type_id]=33", status: 400,
			body: many("flexible_assets", map[string]any{"id": 100})},
		{name: "bulk delete with neither", method: "DELETE", path: "/flexible_assets", status: 400},
	})
}
