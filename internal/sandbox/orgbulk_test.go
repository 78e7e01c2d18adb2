package sandbox_test

import "testing"

// TestOrganizationsBulk covers PATCH and DELETE /organizations, by data
// array and by filter; ids are those of the test account.
func TestOrganizationsBulk(t *testing.T) {
	runCases(t, []apiCase{
		{name: "bulk update by array", method: "PATCH", path: "/organizations", status: 200,
			body: many("organizations", map[string]any{"id": 2, "alert": "a"}, map[string]any{"id": "4", "alert": "b"}),
			check: func(t *testing.T, a *api, r reply) {
				wantIDs("2", "4")(t, a, r)
				if got := a.do("GET", "/organizations/4", nil).str("data.attributes.alert"); got != "b" {
					t.Errorf("org 4 alert = %q", got)
				}
			}},
		{name: "bulk update is all-or-nothing", method: "PATCH", path: "/organizations", status: 422,
			body: many("organizations", map[string]any{"id": 2, "alert": "a"}, map[string]any{"id": 999, "alert": "b"}),
			check: all(wantPointers("/data/1/attributes/id"), func(t *testing.T, a *api, _ reply) {
				if got := a.do("GET", "/organizations/2", nil).str("data.attributes.alert"); got == "a" {
					t.Errorf("org 2 changed by a failed bulk update")
				}
			})},
		{name: "bulk update naming an organization twice", method: "PATCH", path: "/organizations", status: 422,
			body:  many("organizations", map[string]any{"id": 2, "alert": "a"}, map[string]any{"id": "2", "alert": "b"}),
			check: all(wantPointers("/data/1/attributes/id"), wantText("appears twice"))},
		{name: "bulk update without ids", method: "PATCH", path: "/organizations", status: 422,
			body: many("organizations", map[string]any{"alert": "a"}), check: wantPointers("/data/0/attributes/id")},
		{name: "bulk update by filter", method: "PATCH", path: "/organizations?filter[organization_type_id]=1", status: 200,
			body: obj("organizations", map[string]any{"description": "customer"}),
			check: func(t *testing.T, a *api, r reply) {
				wantIDs("2", "4")(t, a, r)
				if got := a.do("GET", "/organizations/3", nil).str("data.attributes.description"); got != "<nil>" {
					t.Errorf("org 3 changed: %q", got)
				}
			}},
		{name: "bulk update hash without filter", method: "PATCH", path: "/organizations", status: 400, body: obj("organizations", map[string]any{"alert": "x"})},
		{name: "bulk delete by array", method: "DELETE", path: "/organizations", status: 200,
			body: many("organizations", map[string]any{"id": 3}),
			check: func(t *testing.T, a *api, r reply) {
				wantValues(map[string]string{"data.0.id": "3", "data.0.attributes.name": "Kub, Reynolds and Gibson"})(t, a, r)
				a.do("GET", "/organizations/3", nil).must(t, 404)
				a.do("GET", "/flexible_assets/101", nil).must(t, 404)
				a.do("GET", "/domains/791", nil).must(t, 404)
			}},
		{name: "bulk delete by filter", method: "DELETE", path: "/organizations?filter[name]=Acme", status: 200,
			check: func(t *testing.T, a *api, r reply) {
				wantIDs("4")(t, a, r)
				wantIDs("2", "3")(t, a, a.do("GET", "/organizations", nil))
			}},
		{name: "bulk delete of a parent orphans its children", method: "DELETE", path: "/organizations?filter[id]=2", status: 200,
			check: func(t *testing.T, a *api, r reply) {
				if got := a.do("GET", "/organizations/3", nil).str("data.attributes.parent-id"); got != "<nil>" {
					t.Errorf("child parent-id = %q; want null", got)
				}
			}},
		{name: "bulk delete with both", method: "DELETE", path: "/organizations?filter[id]=2", status: 400, body: many("organizations", map[string]any{"id": 3})},
		{name: "bulk delete with neither", method: "DELETE", path: "/organizations", status: 400},
		{name: "bulk delete unknown id", method: "DELETE", path: "/organizations", status: 422, body: many("organizations", map[string]any{"id": 2}, map[string]any{"id": 12345}),
			check: func(t *testing.T, a *api, _ reply) { a.do("GET", "/organizations/2", nil).must(t, 200) }},
		{name: "bulk delete naming an organization twice", method: "DELETE", path: "/organizations", status: 200,
			body: many("organizations", map[string]any{"id": 4}, map[string]any{"id": "4"}), check: wantIDs("4")},
	})
}
