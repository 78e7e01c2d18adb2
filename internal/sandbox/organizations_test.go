package sandbox_test

import (
	"strings"
	"testing"
)

// In the test account, automatic ids skip the pinned ones: organization
// types Customer=1, Vendor=5; statuses Active=6, Inactive=7.
func TestOrganizations(t *testing.T) {
	longNotes := strings.Repeat("n", 300)
	runCases(t, []apiCase{
		{name: "list shape", method: "GET", path: "/organizations", status: 200,
			check: all(wantIDs("2", "3", "4"), wantValues(map[string]string{
				"data.0.type": "organizations", "data.0.attributes.name": "Happy Frog", "data.0.attributes.short-name": "HF",
				"data.0.attributes.organization-type-name": "Customer", "data.0.attributes.organization-status-name": "Active",
				"data.1.attributes.parent-id": "2", "data.1.attributes.ancestor-ids": "[2]", "data.0.attributes.ancestor-ids": "[]",
				"data.0.attributes.parent-id": "<nil>", "data.0.attributes.alert": "<nil>", "data.0.attributes.logo": "",
				"meta.total-count": "3", "meta.current-page": "1", "meta.next-page": "<nil>", "meta.prev-page": "<nil>", "meta.total-pages": "1",
			}), func(t *testing.T, _ *api, r reply) {
				if id, ok := r.get("data.0.id").(string); !ok || id != "2" {
					t.Errorf("data.id = %#v; want the string \"2\"", r.get("data.0.id"))
				}
				if _, ok := r.get("data.0.attributes.organization-type-id").(string); ok {
					t.Errorf("organization-type-id is a string; foreign keys are numbers")
				}
				if _, ok := r.get("data.1.attributes.parent-id").(string); !ok {
					t.Errorf("parent-id is %#v; the API sends it as a string", r.get("data.1.attributes.parent-id"))
				}
			})},
		{name: "filter id", method: "GET", path: "/organizations?filter[id]=4,2", status: 200, check: wantIDs("2", "4")},
		{name: "filter name exact", method: "GET", path: "/organizations?filter[name]=Acme", status: 200, check: wantIDs("4")},
		{name: "filter name is case-sensitive", method: "GET", path: "/organizations?filter[name]=acme", status: 200, check: wantIDs()},
		{name: "filter name alternatives", method: "GET", path: "/organizations?filter[name]=Acme,Happy%20Frog", status: 200, check: wantIDs("2", "4")},
		{name: "filter name escaped comma", method: "GET", path: `/organizations?filter[name]=Kub\,%20Reynolds%20and%20Gibson`, status: 200, check: wantIDs("3")},
		{name: "filter name unescaped comma splits", method: "GET", path: `/organizations?filter[name]=Kub,%20Reynolds%20and%20Gibson`, status: 200, check: wantIDs()},
		{name: "filter type snake", method: "GET", path: "/organizations?filter[organization_type_id]=1", status: 200, check: wantIDs("2", "4")},
		{name: "filter type kebab", method: "GET", path: "/organizations?filter[organization-type-id]=5", status: 200, check: wantIDs("3")},
		{name: "filter status", method: "GET", path: "/organizations?filter[organization_status_id]=7", status: 200, check: wantIDs("3")},
		{name: "filter primary", method: "GET", path: "/organizations?filter[primary]=false", status: 200, check: wantIDs("2", "3", "4")},
		{name: "filter primary is case-sensitive", method: "GET", path: "/organizations?filter[primary]=False", status: 400},
		{name: "filter created_at open range", method: "GET", path: "/organizations?filter[created_at]=2000-01-01,*", status: 200, check: wantIDs("2", "3", "4")},
		{name: "filter updated_at in the past", method: "GET", path: "/organizations?filter[updated_at]=*,2000-01-01", status: 200, check: wantIDs()},
		{name: "filter bad date", method: "GET", path: "/organizations?filter[created_at]=yesterday", status: 400, check: wantText("not a date")},
		{name: "filter bad id", method: "GET", path: "/organizations?filter[id]=x", status: 400, check: wantText("takes ids")},
		{name: "unknown filter", method: "GET", path: "/organizations?filter[colour]=red", status: 400, check: wantText("unknown filter")},
		{name: "exclude id", method: "GET", path: "/organizations?exclude[id]=2", status: 200, check: wantIDs("3", "4")},
		{name: "exclude name", method: "GET", path: `/organizations?exclude[name]=Acme,Kub\,%20Reynolds%20and%20Gibson`, status: 200, check: wantIDs("2")},
		{name: "exclude type", method: "GET", path: "/organizations?exclude[organization_type_id]=1", status: 200, check: wantIDs("3")},
		{name: "exclude status with a filter", method: "GET", path: "/organizations?exclude[organization-status-id]=6&filter[organization_type_id]=5", status: 200, check: wantIDs("3")},
		{name: "exclude unknown", method: "GET", path: "/organizations?exclude[short_name]=HF", status: 400},
		{name: "range unsupported", method: "GET", path: "/organizations?range[my_glue_account_id]=1,2", status: 400},
		{name: "sort name", method: "GET", path: "/organizations?sort=name", status: 200, check: wantIDs("4", "2", "3")},
		{name: "sort -name", method: "GET", path: "/organizations?sort=-name", status: 200, check: wantIDs("3", "2", "4")},
		{name: "sort -id", method: "GET", path: "/organizations?sort=-id", status: 200, check: wantIDs("4", "3", "2")},
		{name: "sort short_name", method: "GET", path: "/organizations?sort=short_name", status: 200, check: wantIDs("4", "2", "3")},
		{name: "sort created_at then -id", method: "GET", path: "/organizations?sort=created_at,-id", status: 200, check: wantIDs("4", "3", "2")},
		{name: "sort updated_at", method: "GET", path: "/organizations?sort=updated_at", status: 200, check: wantIDs("2", "3", "4")},
		{name: "sort organization_type_name", method: "GET", path: "/organizations?sort=-organization_type_name,id", status: 200, check: wantIDs("3", "2", "4")},
		{name: "sort organization_status_name", method: "GET", path: "/organizations?sort=organization_status_name,-id", status: 200, check: wantIDs("4", "2", "3")},
		{name: "sort not whitelisted", method: "GET", path: "/organizations?sort=description", status: 400, check: wantText(`cannot sort by "description"`)},
		{name: "show", method: "GET", path: "/organizations/3", status: 200,
			check: wantValues(map[string]string{"data.id": "3", "data.attributes.name": "Kub, Reynolds and Gibson", "data.attributes.organization-type-name": "Vendor"})},
		{name: "create", method: "POST", path: "/organizations", status: 201,
			body: obj("organizations", map[string]any{"name": "New Org", "organization_type_id": "1", "short_name": "NO", "quick_notes": longNotes, "parent_id": 2}),
			check: func(t *testing.T, a *api, r reply) {
				wantValues(map[string]string{"data.attributes.name": "New Org", "data.attributes.organization-type-name": "Customer",
					"data.attributes.parent-id": "2", "data.attributes.short-name": "NO"})(t, a, r)
				id := r.str("data.id")
				if got := a.do("GET", "/organizations/"+id, nil).str("data.attributes.quick-notes"); got != longNotes {
					t.Errorf("show truncated quick notes to %d characters", len(got))
				}
				idx := a.do("GET", "/organizations?filter[id]="+id, nil)
				if got := idx.str("data.0.attributes.quick-notes"); len(got) != 250 {
					t.Errorf("index quick-notes has %d characters; want 250", len(got))
				}
			}},
		{name: "create needs a name", method: "POST", path: "/organizations", status: 422,
			body: obj("organizations", map[string]any{"description": "x"}), check: wantPointers("/data/attributes/name")},
		{name: "create with unknown type and a bad name", method: "POST", path: "/organizations", status: 422,
			body:  obj("organizations", map[string]any{"name": 5, "organization-type-id": 999}),
			check: wantPointers("/data/attributes/name", "/data/attributes/organization-type-id")},
		{name: "create with a non-numeric id", method: "POST", path: "/organizations", status: 422,
			body: obj("organizations", map[string]any{"name": "x", "organization_status_id": "abc"}), check: wantPointers("/data/attributes/organization-status-id")},
		{name: "update ignores read-only attributes", method: "PATCH", path: "/organizations/4", status: 200,
			body: map[string]any{"data": map[string]any{"type": "organizations", "id": "4", "attributes": map[string]any{
				"id": "4", "name": "Acme Ltd", "created_at": "2001-01-01T00:00:00.000Z", "updated_at": "x", "organization_type_name": "Nope",
				"resource_url": "x", "ancestor_ids": "[9]", "organization_status_id": "7", "alert": "Call first"}}},
			check: wantValues(map[string]string{"data.attributes.name": "Acme Ltd", "data.attributes.organization-status-name": "Inactive",
				"data.attributes.organization-type-name": "Customer", "data.attributes.alert": "Call first", "data.attributes.ancestor-ids": "[]"})},
		{name: "update null clears", method: "PATCH", path: "/organizations/2", status: 200,
			body: obj("organizations", map[string]any{"short-name": nil}), check: wantValues(map[string]string{"data.attributes.short-name": "<nil>", "data.attributes.name": "Happy Frog"})},
		{name: "update cycle refused", method: "PATCH", path: "/organizations/2", status: 422,
			body: obj("organizations", map[string]any{"parent-id": 3}), check: wantPointers("/data/attributes/parent-id")},
		{name: "update unknown", method: "PATCH", path: "/organizations/77", status: 404, body: obj("organizations", map[string]any{"name": "x"})},
		// A body naming another object than the URL is refused, never
		// applied to the URL's object.
		{name: "update data.id differs from the URL", method: "PATCH", path: "/organizations/2", status: 409,
			body:  map[string]any{"data": map[string]any{"type": "organizations", "id": "3", "attributes": map[string]any{"name": "x"}}},
			check: wantPointers("/data/id")},
		{name: "update data.id as in the URL", method: "PATCH", path: "/organizations/2", status: 200,
			body: map[string]any{"data": map[string]any{"type": "organizations", "id": 2, "attributes": map[string]any{"alert": "x"}}}},
		{name: "update blank name", method: "PATCH", path: "/organizations/2", status: 422, body: obj("organizations", map[string]any{"name": " "})},
	})
}
