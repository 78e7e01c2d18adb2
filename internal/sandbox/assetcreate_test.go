package sandbox_test

import (
	"strings"
	"testing"
)

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
		{name: "text needing JSON escapes reads back exactly", method: "POST", path: "/flexible_assets", status: 201,
			body: server(map[string]any{"notes": "say \"hi\" \\ <b>&</b>\ttab é 日本 \u2028 \x01", "role": "a/b~c"}),
			check: func(t *testing.T, a *api, r reply) {
				id := r.str("data.id")
				wantValues(map[string]string{"data.attributes.traits.notes": "say \"hi\" \\ <b>&</b>\ttab é 日本 \u2028 \x01",
					"data.attributes.traits.role": "a/b~c"})(t, a, a.do("GET", "/flexible_assets/"+id, nil))
			}},
		{name: "NaN and Inf are not numbers", method: "POST", path: "/flexible_assets", status: 422,
			body: server(map[string]any{"cores": "NaN", "load": "Inf"}), check: func(t *testing.T, a *api, r reply) {
				wantPointers(trait("cores"), trait("load"))(t, a, r)
				a.do("GET", "/flexible_assets?filter[flexible_asset_type_id]=40", nil).must(t, 200)
			}},
		{name: "numeric strings are stored as numbers", method: "POST", path: "/flexible_assets", status: 201,
			body: server(map[string]any{"cores": " 12 ", "load": "-0.5e2"}), check: func(t *testing.T, a *api, r reply) {
				if !strings.Contains(string(r.raw), `"cores":12,`) || !strings.Contains(string(r.raw), `"load":-0.5e2`) {
					t.Errorf("numbers not answered as JSON numbers: %s", r.short())
				}
			}},
		{name: "upload needs strict base64", method: "POST", path: "/flexible_assets", status: 422,
			body: server(map[string]any{"runbook": map[string]any{"content": "not base64!", "file_name": "x.txt"}}), check: wantPointers(trait("runbook"))},
		{name: "traits not an object", method: "POST", path: "/flexible_assets", status: 422,
			body: asset(map[string]any{"organization_id": 2, "flexible_asset_type_id": 33, "traits": []any{}}), check: wantPointers("/data/attributes/traits")},
		{name: "name is not writable", method: "POST", path: "/flexible_assets", status: 201,
			body:  asset(map[string]any{"organization_id": 2, "flexible_asset_type_id": 33, "name": "Mine", "traits": map[string]any{"domains": 789, "type": "POP/IMAP"}}),
			check: wantValues(map[string]string{"data.attributes.name": "POP/IMAP"})},
	})
}
