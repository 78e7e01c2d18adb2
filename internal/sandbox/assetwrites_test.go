package sandbox_test

import (
	"strings"
	"testing"
)

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
