package sandbox_test

import "testing"

// Organization types Customer=1, Vendor=5; statuses Active=6, Inactive=7.
func TestOrganizationTypesAndStatuses(t *testing.T) {
	for _, route := range []struct {
		path, typ, first, second, firstID, secondID string
	}{
		{"/organization_types", "organization-types", "Customer", "Vendor", "1", "5"},
		{"/organization_statuses", "organization-statuses", "Active", "Inactive", "6", "7"},
	} {
		t.Run(route.path, func(t *testing.T) {
			p := route.path
			runCases(t, []apiCase{
				{name: "list", method: "GET", path: p, status: 200, check: all(wantIDs(route.firstID, route.secondID),
					wantValues(map[string]string{"data.0.type": route.typ, "data.0.attributes.name": route.first, "meta.total-count": "2"}))},
				{name: "filter name", method: "GET", path: p + "?filter[name]=" + route.second, status: 200, check: wantIDs(route.secondID)},
				{name: "filter name exact", method: "GET", path: p + "?filter[name]=" + route.second[:3], status: 200, check: wantIDs()},
				{name: "filter id", method: "GET", path: p + "?filter[id]=" + route.firstID, status: 200, check: wantIDs(route.firstID)},
				{name: "sort -name", method: "GET", path: p + "?sort=-name", status: 200, check: wantIDs(route.secondID, route.firstID)},
				{name: "sort -id", method: "GET", path: p + "?sort=-id", status: 200, check: wantIDs(route.secondID, route.firstID)},
				{name: "sort created_at", method: "GET", path: p + "?sort=created_at", status: 200, check: wantIDs(route.firstID, route.secondID)},
				{name: "sort updated_at", method: "GET", path: p + "?sort=-updated_at,-id", status: 200, check: wantIDs(route.secondID, route.firstID)},
				{name: "sort not whitelisted", method: "GET", path: p + "?sort=colour", status: 400},
				{name: "show", method: "GET", path: p + "/" + route.firstID, status: 200, check: wantValues(map[string]string{"data.attributes.name": route.first})},
				{name: "show an id of another kind", method: "GET", path: p + "/2", status: 404},
				{name: "create", method: "POST", path: p, status: 201, body: obj(route.typ, map[string]any{"name": "Prospect"}),
					check: func(t *testing.T, a *api, r reply) {
						wantValues(map[string]string{"data.attributes.name": "Prospect", "data.type": route.typ})(t, a, r)
						a.do("GET", p+"/"+r.str("data.id"), nil).must(t, 200)
					}},
				{name: "create duplicate", method: "POST", path: p, status: 422, body: obj(route.typ, map[string]any{"name": route.first}), check: wantPointers("/data/attributes/name")},
				{name: "create blank", method: "POST", path: p, status: 422, body: obj(route.typ, map[string]any{}), check: wantPointers("/data/attributes/name")},
				{name: "rename", method: "PATCH", path: p + "/" + route.firstID, status: 200, body: obj(route.typ, map[string]any{"name": "Renamed", "created_at": "ignored"}),
					check: func(t *testing.T, a *api, r reply) {
						if got := a.do("GET", "/organizations/2", nil).str("data.attributes.organization-" + map[string]string{"organization-types": "type", "organization-statuses": "status"}[route.typ] + "-name"); got != "Renamed" {
							t.Errorf("organization shows %q; want the new name", got)
						}
					}},
				{name: "rename to a taken name", method: "PATCH", path: p + "/" + route.firstID, status: 422, body: obj(route.typ, map[string]any{"name": route.second})},
				{name: "no delete", method: "DELETE", path: p + "/" + route.firstID, status: 405},
			})
		})
	}
}
