package sandbox_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRoundTripEveryKind sends back, on PATCH, every attribute GET returned,
// read-only ones included, with snake_case keys, a snake_case type and a
// string data.id, as existing clients do (section 15 of the API notes): the
// real API ignores read-only attributes, so the object must come back
// unchanged (updated-at aside).
func TestRoundTripEveryKind(t *testing.T) {
	for _, tc := range []struct{ path, typ string }{
		{"/organizations/3", "organizations"}, // has a parent: parent-id "2", ancestor-ids "[2]"
		{"/organizations/2", "organizations"},
		{"/organization_types", "organization_types"},       // the first one listed
		{"/organization_statuses", "organization_statuses"}, // the first one listed
		{"/flexible_asset_types/33", "flexible_asset_types"},
		{"/flexible_asset_types/33/relationships/flexible_asset_fields/792", "flexible_asset_fields"}, // Tag
		{"/flexible_asset_types/33/relationships/flexible_asset_fields/793", "flexible_asset_fields"}, // Select, title
		{"/flexible_asset_fields/797", "flexible_asset_fields"},                                       // Text
	} {
		t.Run(tc.path, func(t *testing.T) {
			a := testAccount(t)
			if !strings.Contains(strings.TrimPrefix(tc.path, "/"), "/") {
				tc.path += "/" + a.do("GET", tc.path, nil).must(t, 200).str("data.0.id")
			}
			got := a.do("GET", tc.path, nil).must(t, 200)
			before := got.get("data.attributes").(map[string]any)
			attrs := map[string]any{}
			for k, v := range before {
				attrs[strings.ReplaceAll(k, "-", "_")] = v
			}
			body := map[string]any{"data": map[string]any{"type": tc.typ, "id": got.str("data.id"), "attributes": attrs}}
			a.do("PATCH", tc.path, body).must(t, 200)
			after := a.do("GET", tc.path, nil).must(t, 200).get("data.attributes").(map[string]any)
			delete(before, "updated-at")
			delete(after, "updated-at")
			if diff := cmp.Diff(before, after); diff != "" {
				t.Errorf("round trip changed %s (-want +got):\n%s", tc.path, diff)
			}
		})
	}
}
