package sandbox_test

import "testing"

// In the test account, the fields of type 33 are 792-797 (domains, type,
// email-servers, location, inbound-delivery, webmail-url, orders 1-6) and
// those of type 40 are 798-812 (hostname ... mail-system, orders 1-15).
func TestFlexibleAssetFields(t *testing.T) {
	nested := "/flexible_asset_types/33/relationships/flexible_asset_fields"
	field := func(attrs map[string]any) map[string]any { return obj("flexible_asset_fields", attrs) }
	runCases(t, []apiCase{
		{name: "nested list", method: "GET", path: nested, status: 200, check: all(wantIDs("792", "793", "794", "795", "796", "797"),
			wantValues(map[string]string{"data.0.type": "flexible-asset-fields", "data.0.attributes.kind": "Tag", "data.0.attributes.tag-type": "Domains",
				"data.0.attributes.required": "true", "data.0.attributes.flexible-asset-type-id": "33", "data.3.attributes.default-value": "Cloud\nOn-Premises",
				"data.5.attributes.hint": "<nil>", "data.5.attributes.decimals": "<nil>", "data.1.attributes.use-for-title": "true"}))},
		{name: "nested list filter id", method: "GET", path: nested + "?filter[id]=795,797", status: 200, check: wantIDs("795", "797")},
		{name: "nested list sort -created_at", method: "GET", path: nested + "?sort=-created_at,-id", status: 200, check: wantIDs("797", "796", "795", "794", "793", "792")},
		{name: "nested list sort updated_at", method: "GET", path: nested + "?sort=updated_at", status: 200, check: wantIDs("792", "793", "794", "795", "796", "797")},
		{name: "nested list sort not whitelisted", method: "GET", path: nested + "?sort=name", status: 400},
		{name: "nested list of an unknown type", method: "GET", path: "/flexible_asset_types/34/relationships/flexible_asset_fields", status: 404},
		{name: "no non-nested index", method: "GET", path: "/flexible_asset_fields", status: 405},
		{name: "show", method: "GET", path: "/flexible_asset_fields/794", status: 200,
			check: wantValues(map[string]string{"data.attributes.name-key": "email-servers", "data.relationships.flexible-asset-type.data.id": "33",
				"data.relationships.flexible-asset-type.data.type": "flexible-asset-types"})},
		{name: "show nested", method: "GET", path: nested + "/797", status: 200, check: wantValues(map[string]string{"data.attributes.name": "Webmail URL"})},
		{name: "show nested under the wrong type", method: "GET", path: "/flexible_asset_types/40/relationships/flexible_asset_fields/797", status: 404},
		{name: "create", method: "POST", path: "/flexible_asset_fields", status: 201,
			body:  field(map[string]any{"flexible_asset_type_id": "33", "name": "Spam Filter", "kind": "Text"}),
			check: wantValues(map[string]string{"data.attributes.name-key": "spam-filter", "data.attributes.order": "7", "data.attributes.flexible-asset-type-id": "33"})},
		{name: "create needs the type", method: "POST", path: "/flexible_asset_fields", status: 422,
			body: field(map[string]any{"name": "X", "kind": "Text"}), check: wantPointers("/data/attributes/flexible-asset-type-id")},
		{name: "create with an unknown type", method: "POST", path: "/flexible_asset_fields", status: 422,
			body: field(map[string]any{"flexible_asset_type_id": 34, "name": "X", "kind": "Text"})},
		{name: "bulk create only nested", method: "POST", path: "/flexible_asset_fields", status: 400,
			body: many("flexible_asset_fields", map[string]any{"flexible_asset_type_id": 33, "name": "X", "kind": "Text"}), check: wantText("nested")},
		{name: "nested bulk create", method: "POST", path: nested, status: 201,
			body:  many("flexible_asset_fields", map[string]any{"name": "MX Record", "kind": "Text", "order": 10}, map[string]any{"name": "Seats", "kind": "Number", "decimals": 0}),
			check: wantValues(map[string]string{"data.0.attributes.name-key": "mx-record", "data.1.attributes.order": "11", "data.1.attributes.name-key": "seats"})},
		{name: "nested bulk create is all-or-nothing", method: "POST", path: nested, status: 422,
			body:  many("flexible_asset_fields", map[string]any{"name": "Fine", "kind": "Text"}, map[string]any{"name": "Bad", "kind": "Gauge"}),
			check: wantPointers("/data/1/attributes/kind")},
		{name: "name-key by parameterize", method: "POST", path: nested, status: 201,
			body: field(map[string]any{"name": "  SSL/TLS -- Cert (Expiry)!", "kind": "Date"}), check: wantValues(map[string]string{"data.attributes.name-key": "ssl-tls-cert-expiry"})},
		{name: "name-key collision gets -2", method: "POST", path: nested, status: 201,
			body: field(map[string]any{"name": "Webmail-URL", "kind": "Text"}), check: wantValues(map[string]string{"data.attributes.name-key": "webmail-url-2"})},
		{name: "name-key collision inside one request", method: "POST", path: nested, status: 201,
			body:  many("flexible_asset_fields", map[string]any{"name": "A B", "kind": "Text"}, map[string]any{"name": "A-B", "kind": "Text"}, map[string]any{"name": "a b!", "kind": "Text"}),
			check: wantValues(map[string]string{"data.0.attributes.name-key": "a-b", "data.1.attributes.name-key": "a-b-2", "data.2.attributes.name-key": "a-b-3"})},
		{name: "duplicate name", method: "POST", path: nested, status: 422,
			body: field(map[string]any{"name": "Location", "kind": "Text"}), check: all(wantPointers("/data/attributes/name"), wantText("already been taken"))},
		{name: "duplicate order", method: "POST", path: nested, status: 422,
			body: field(map[string]any{"name": "New", "kind": "Text", "order": 3}), check: all(wantPointers("/data/attributes/order"), wantText(`"Email Servers"`))},
		{name: "unknown kind", method: "POST", path: nested, status: 422, body: field(map[string]any{"name": "New", "kind": "Gauge"}), check: wantPointers("/data/attributes/kind")},
		{name: "no kind", method: "POST", path: nested, status: 422, body: field(map[string]any{"name": "New"}), check: wantPointers("/data/attributes/kind")},
		{name: "select needs options", method: "POST", path: nested, status: 422,
			body: field(map[string]any{"name": "Tier", "kind": "Select"}), check: wantPointers("/data/attributes/default-value")},
		{name: "select options blank", method: "POST", path: nested, status: 422,
			body: field(map[string]any{"name": "Tier", "kind": "Select", "default_value": "\r\n \n"}), check: wantPointers("/data/attributes/default-value")},
		{name: "number needs decimals", method: "POST", path: nested, status: 422,
			body: field(map[string]any{"name": "Seats", "kind": "Number"}), check: wantPointers("/data/attributes/decimals")},
		{name: "percent needs decimals", method: "POST", path: nested, status: 422,
			body: field(map[string]any{"name": "Uptime", "kind": "Percent"}), check: wantPointers("/data/attributes/decimals")},
		{name: "negative decimals", method: "POST", path: nested, status: 422,
			body: field(map[string]any{"name": "Seats", "kind": "Number", "decimals": -1}), check: wantPointers("/data/attributes/decimals")},
		{name: "decimals not a number", method: "POST", path: nested, status: 422,
			body: field(map[string]any{"name": "Seats", "kind": "Number", "decimals": true}), check: wantPointers("/data/attributes/decimals")},
		{name: "tag needs a tag type", method: "POST", path: nested, status: 422,
			body: field(map[string]any{"name": "Who", "kind": "Tag"}), check: wantPointers("/data/attributes/tag-type")},
		{name: "unknown tag type", method: "POST", path: nested, status: 422,
			body: field(map[string]any{"name": "Who", "kind": "Tag", "tag_type": "People"}), check: wantPointers("/data/attributes/tag-type")},
		{name: "asset type tag without the space", method: "POST", path: nested, status: 422,
			body: field(map[string]any{"name": "Who", "kind": "Tag", "tag_type": "FlexibleAssetType:40"}), check: wantText("space after the colon")},
		{name: "asset type tag to an unknown type", method: "POST", path: nested, status: 422,
			body: field(map[string]any{"name": "Who", "kind": "Tag", "tag_type": "FlexibleAssetType: 41"}), check: wantText("names no flexible asset type")},
		{name: "asset type tag", method: "POST", path: nested, status: 201,
			body: field(map[string]any{"name": "Servers", "kind": "Tag", "tag_type": "FlexibleAssetType: 40"}), check: wantValues(map[string]string{"data.attributes.tag-type": "FlexibleAssetType: 40"})},
		{name: "header is never required", method: "POST", path: nested, status: 201,
			body: field(map[string]any{"name": "Part 2", "kind": "Header", "required": true}), check: wantValues(map[string]string{"data.attributes.required": "false"})},
		{name: "use-for-title only on text, select and date", method: "POST", path: nested, status: 201,
			body:  many("flexible_asset_fields", map[string]any{"name": "Seats", "kind": "Number", "decimals": 0, "use_for_title": true}, map[string]any{"name": "Since", "kind": "Date", "use_for_title": "1"}),
			check: wantValues(map[string]string{"data.0.attributes.use-for-title": "false", "data.1.attributes.use-for-title": "true"})},
		{name: "booleans as 1 and 0", method: "POST", path: nested, status: 201,
			body: field(map[string]any{"name": "Flag", "kind": "Checkbox", "show_in_list": 1, "expiration": "0"}), check: wantValues(map[string]string{"data.attributes.show-in-list": "true"})},
		{name: "bad boolean", method: "POST", path: nested, status: 422,
			body: field(map[string]any{"name": "Flag", "kind": "Checkbox", "required": "yes"}), check: wantPointers("/data/attributes/required")},
	})
}

// TestTitleFollowsFieldChanges checks that asset names are rebuilt when a
// field becomes a title field.
func TestTitleFollowsFieldChanges(t *testing.T) {
	a := testAccount(t)
	a.do("PATCH", "/flexible_asset_fields/795", obj("flexible_asset_fields", map[string]any{"use_for_title": true})).must(t, 200)
	if got := a.do("GET", "/flexible_assets/100", nil).str("data.attributes.name"); got != "Office 365 Cloud" {
		t.Errorf("name = %q; want the title fields joined by a space in field order", got)
	}
}
