package sandbox_test

import (
	"encoding/json"
	"testing"
)

// fieldDef is a field in a type-create body.
func fieldDef(attrs map[string]any) map[string]any {
	return map[string]any{"type": "flexible_asset_fields", "attributes": attrs}
}

func typeBody(attrs map[string]any, fields ...map[string]any) map[string]any {
	fs := []any{}
	for _, f := range fields {
		fs = append(fs, fieldDef(f))
	}
	return map[string]any{"data": map[string]any{"type": "flexible-asset-types", "attributes": attrs,
		"relationships": map[string]any{"flexible-asset-fields": map[string]any{"data": fs}}}}
}

func TestFlexibleAssetTypes(t *testing.T) {
	text := map[string]any{"name": "Name", "kind": "Text", "show-in-list": true}
	runCases(t, []apiCase{
		{name: "list", method: "GET", path: "/flexible_asset_types", status: 200, check: all(wantIDs("33", "40"), wantValues(map[string]string{
			"data.0.type": "flexible-asset-types", "data.0.attributes.name": "API Email Example", "data.0.attributes.icon": "envelope",
			"data.0.attributes.enabled": "true", "data.1.attributes.enabled": "false", "data.0.attributes.show-in-menu": "true",
			"data.0.relationships.flexible-asset-fields.data.0.type": "flexible-asset-fields",
		}), func(t *testing.T, _ *api, r reply) {
			if n := len(r.get("data.0.relationships.flexible-asset-fields.data").([]any)); n != 6 {
				t.Errorf("relationship lists %d fields; want 6", n)
			}
			if r.get("included") != nil {
				t.Errorf("included without include=")
			}
		})},
		{name: "filter name", method: "GET", path: "/flexible_asset_types?filter[name]=Server", status: 200, check: wantIDs("40")},
		{name: "filter id", method: "GET", path: "/flexible_asset_types?filter[id]=33,40", status: 200, check: wantIDs("33", "40")},
		{name: "filter icon", method: "GET", path: "/flexible_asset_types?filter[icon]=envelope", status: 200, check: wantIDs("33")},
		{name: "filter enabled", method: "GET", path: "/flexible_asset_types?filter[enabled]=0", status: 200, check: wantIDs("40")},
		{name: "filter enabled true", method: "GET", path: "/flexible_asset_types?filter[enabled]=true", status: 200, check: wantIDs("33")},
		{name: "sort -id", method: "GET", path: "/flexible_asset_types?sort=-id", status: 200, check: wantIDs("40", "33")},
		{name: "sort name", method: "GET", path: "/flexible_asset_types?sort=-name", status: 200, check: wantIDs("40", "33")},
		{name: "sort created_at", method: "GET", path: "/flexible_asset_types?sort=created_at", status: 200, check: wantIDs("33", "40")},
		{name: "sort updated_at", method: "GET", path: "/flexible_asset_types?sort=updated_at", status: 200, check: wantIDs("33", "40")},
		{name: "sort not whitelisted", method: "GET", path: "/flexible_asset_types?sort=icon", status: 400},
		{name: "list with include", method: "GET", path: "/flexible_asset_types?filter[id]=33&include=flexible_asset_fields", status: 200,
			check: func(t *testing.T, _ *api, r reply) {
				inc, _ := r.get("included").([]any)
				if len(inc) != 6 {
					t.Fatalf("included has %d fields; want 6", len(inc))
				}
				if _, ok := r.get("included.0.id").(json.Number); !ok {
					t.Errorf("included[].id = %#v; the documented example has a number", r.get("included.0.id"))
				}
			}},
		{name: "show with include", method: "GET", path: "/flexible_asset_types/33?include=flexible_asset_fields", status: 200,
			check: wantValues(map[string]string{"included.0.attributes.name": "Domains", "included.0.attributes.name-key": "domains",
				"included.1.attributes.default-value": "Office 365\nExchange 2016\nExchange 2013\nPOP/IMAP", "included.5.attributes.name-key": "webmail-url",
				"included.0.type": "flexible-asset-fields", "included.0.relationships.flexible-asset-type.data.id": "33"})},
		{name: "show with include in kebab-case among others", method: "GET", path: "/flexible_asset_types/33?include=attachments,flexible-asset-fields", status: 200,
			check: wantValues(map[string]string{"included.5.attributes.name-key": "webmail-url"})},
		{name: "a name that merely contains the include is not it", method: "GET", path: "/flexible_asset_types/33?include=flexible_asset_fields_x", status: 200,
			check: func(t *testing.T, _ *api, r reply) {
				if r.get("included") != nil {
					t.Errorf("included for include=flexible_asset_fields_x")
				}
			}},
		{name: "unimplemented includes are ignored", method: "GET", path: "/flexible_asset_types?include=remote_asset_field", status: 200,
			check: func(t *testing.T, _ *api, r reply) {
				if r.get("included") != nil {
					t.Errorf("included for an include the sandbox does not implement")
				}
			}},
		{name: "show unknown", method: "GET", path: "/flexible_asset_types/34", status: 404},
		{name: "create", method: "POST", path: "/flexible_asset_types", status: 201,
			body: typeBody(map[string]any{"name": "Printer", "icon": "print", "show_in_menu": "0"}, text,
				map[string]any{"name": "Toner", "kind": "Select", "default_value": "Black\nColour"}),
			check: func(t *testing.T, a *api, r reply) {
				wantValues(map[string]string{"data.attributes.name": "Printer", "data.attributes.show-in-menu": "false", "data.attributes.enabled": "true"})(t, a, r)
				got := a.do("GET", "/flexible_asset_types/"+r.str("data.id")+"?include=flexible_asset_fields", nil)
				wantValues(map[string]string{"included.0.attributes.order": "1", "included.1.attributes.order": "2", "included.1.attributes.name-key": "toner"})(t, a, got)
			}},
		{name: "create needs fields", method: "POST", path: "/flexible_asset_types", status: 422,
			body: typeBody(map[string]any{"name": "Empty"}), check: wantText("at least one field")},
		{name: "create needs a show-in-list field", method: "POST", path: "/flexible_asset_types", status: 422,
			body:  typeBody(map[string]any{"name": "Hidden"}, map[string]any{"name": "A", "kind": "Text"}),
			check: all(wantText("show-in-list"), wantPointers("/data/relationships/flexible-asset-fields"))},
		{name: "create with a bad field", method: "POST", path: "/flexible_asset_types", status: 422,
			body:  typeBody(map[string]any{"name": "Bad"}, text, map[string]any{"name": "N", "kind": "Number"}),
			check: wantPointers("/data/relationships/flexible-asset-fields/data/1/attributes/decimals")},
		{name: "create duplicate name", method: "POST", path: "/flexible_asset_types", status: 422,
			body: typeBody(map[string]any{"name": "Server"}, text), check: wantPointers("/data/attributes/name")},
		{name: "create without a name", method: "POST", path: "/flexible_asset_types", status: 422,
			body: typeBody(map[string]any{}, text), check: wantPointers("/data/attributes/name")},
		{name: "update attributes", method: "PATCH", path: "/flexible_asset_types/40", status: 200,
			body:  obj("flexible_asset_types", map[string]any{"name": "Servers", "enabled": true, "description": "Boxes", "created_at": "ignored"}),
			check: wantValues(map[string]string{"data.attributes.name": "Servers", "data.attributes.enabled": "true", "data.attributes.description": "Boxes"})},
		{name: "update with relationships", method: "PATCH", path: "/flexible_asset_types/40", status: 422,
			body: typeBody(map[string]any{"name": "Servers"}, text), check: all(wantPointers("/data/relationships"), wantText("flexible_asset_fields"))},
		{name: "update to a taken name", method: "PATCH", path: "/flexible_asset_types/40", status: 422,
			body: obj("flexible_asset_types", map[string]any{"name": "API Email Example"})},
		{name: "update with a bad boolean", method: "PATCH", path: "/flexible_asset_types/40", status: 422,
			body: obj("flexible_asset_types", map[string]any{"enabled": "True"}), check: wantPointers("/data/attributes/enabled")},
		{name: "no delete", method: "DELETE", path: "/flexible_asset_types/40", status: 405},
	})
}
