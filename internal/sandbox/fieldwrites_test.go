package sandbox_test

import "testing"

// TestFlexibleAssetFieldsUpdateDelete covers PATCH (single, nested, bulk)
// and DELETE of fields; ids are those of the test account (see
// TestFlexibleAssetFields).
func TestFlexibleAssetFieldsUpdateDelete(t *testing.T) {
	nested := "/flexible_asset_types/33/relationships/flexible_asset_fields"
	field := func(attrs map[string]any) map[string]any { return obj("flexible_asset_fields", attrs) }
	runCases(t, []apiCase{
		{name: "update keeps unsent attributes", method: "PATCH", path: "/flexible_asset_fields/797", status: 200,
			body:  field(map[string]any{"hint": "Where users log in"}),
			check: wantValues(map[string]string{"data.attributes.hint": "Where users log in", "data.attributes.name": "Webmail URL", "data.attributes.show-in-list": "true"})},
		{name: "rename keeps the name-key", method: "PATCH", path: nested + "/797", status: 200,
			body:  field(map[string]any{"name": "Web Mail Address", "name_key": "ignored", "created_at": "ignored"}),
			check: wantValues(map[string]string{"data.attributes.name": "Web Mail Address", "data.attributes.name-key": "webmail-url"})},
		{name: "rename to a taken name", method: "PATCH", path: "/flexible_asset_fields/797", status: 422, body: field(map[string]any{"name": "Type"})},
		{name: "single reorder onto a taken order", method: "PATCH", path: "/flexible_asset_fields/797", status: 422, body: field(map[string]any{"order": 1})},
		{name: "kind change of a used field", method: "PATCH", path: "/flexible_asset_fields/795", status: 422,
			body: field(map[string]any{"kind": "Text"}), check: all(wantPointers("/data/attributes/kind"), wantText("assets already hold values"))},
		{name: "kind change of an unused field", method: "PATCH", path: "/flexible_asset_fields/797", status: 200,
			body: field(map[string]any{"kind": "Textbox"}), check: wantValues(map[string]string{"data.attributes.kind": "Textbox"})},
		{name: "update under the wrong type", method: "PATCH", path: "/flexible_asset_types/40/relationships/flexible_asset_fields/797", status: 404, body: field(map[string]any{"hint": "x"})},
		{name: "bulk update swaps orders", method: "PATCH", path: "/flexible_asset_fields", status: 200,
			body: many("flexible_asset_fields", map[string]any{"id": 792, "order": 2}, map[string]any{"id": "793", "order": 1}),
			check: func(t *testing.T, a *api, r reply) {
				wantValues(map[string]string{"data.0.attributes.order": "2", "data.1.attributes.order": "1"})(t, a, r)
				wantValues(map[string]string{"data.0.attributes.order": "2", "data.1.attributes.order": "1"})(t, a, a.do("GET", nested+"?filter[id]=792,793", nil))
				l := a.do("GET", "/flexible_asset_types/33/relationships/flexible_asset_fields/792", nil)
				wantValues(map[string]string{"data.attributes.order": "2"})(t, a, l)
			}},
		{name: "bulk update is all-or-nothing", method: "PATCH", path: "/flexible_asset_fields", status: 422,
			body: many("flexible_asset_fields", map[string]any{"id": 792, "hint": "x"}, map[string]any{"id": 793, "order": 3}), check: wantPointers("/data/1/attributes/order")},
		{name: "bulk update needs a data array", method: "PATCH", path: "/flexible_asset_fields", status: 400, body: field(map[string]any{"id": 792})},
		{name: "bulk update unknown id", method: "PATCH", path: "/flexible_asset_fields", status: 422, body: many("flexible_asset_fields", map[string]any{"id": 9999})},
		{name: "delete erases the data", method: "DELETE", path: "/flexible_asset_fields/795", status: 204,
			check: func(t *testing.T, a *api, r reply) {
				if len(r.raw) != 0 {
					t.Errorf("204 with a body: %s", r.raw)
				}
				got := a.do("GET", "/flexible_assets/100", nil).must(t, 200)
				if got.get("data.attributes.traits.location") != nil {
					t.Errorf("asset still holds the deleted field's value")
				}
				a.do("GET", "/flexible_asset_fields/795", nil).must(t, 404)
			}},
		{name: "delete a title field renames assets", method: "DELETE", path: "/flexible_asset_fields/793", status: 204,
			check: func(t *testing.T, a *api, _ reply) {
				if got := a.do("GET", "/flexible_assets/100", nil).str("data.attributes.name"); got != "" {
					t.Errorf("name = %q; want empty once no title field is left", got)
				}
			}},
		{name: "delete nested", method: "DELETE", path: nested + "/797", status: 204},
		{name: "delete the last show-in-list field", method: "DELETE", path: "/flexible_asset_fields/798", status: 422, check: wantText("show-in-list")},
		{name: "delete unknown", method: "DELETE", path: "/flexible_asset_fields/9999", status: 404},
	})
}
