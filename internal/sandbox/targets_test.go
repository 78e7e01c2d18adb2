package sandbox_test

import (
	"strings"
	"testing"
)

func TestTagTargets(t *testing.T) {
	runCases(t, []apiCase{
		{name: "configurations list", method: "GET", path: "/configurations", status: 200, check: all(wantIDs("457", "676"),
			wantValues(map[string]string{"data.0.type": "configurations", "data.0.attributes.hostname": "mail-01.happyfrog.example",
				"data.0.attributes.organization-id": "2", "data.0.attributes.organization-name": "Happy Frog"}))},
		{name: "configurations filter name", method: "GET", path: "/configurations?filter[name]=mail-02", status: 200, check: wantIDs("676")},
		{name: "configurations sort", method: "GET", path: "/configurations?sort=-name", status: 200, check: wantIDs("676", "457")},
		{name: "configurations sort not whitelisted", method: "GET", path: "/configurations?sort=hostname", status: 400},
		{name: "domains filter organization", method: "GET", path: "/domains?filter[organization_id]=3", status: 200, check: wantIDs("791")},
		{name: "domains filter id", method: "GET", path: "/domains?filter[id]=790,791", status: 200, check: wantIDs("790", "791")},
		{name: "domains sort created_at", method: "GET", path: "/domains?sort=-created_at,-id", status: 200, check: wantIDs("791", "790", "789")},
		{name: "domains sort updated_at", method: "GET", path: "/domains?sort=updated_at", status: 200, check: wantIDs("789", "790", "791")},
		{name: "nested domains", method: "GET", path: "/organizations/2/relationships/domains", status: 200, check: wantIDs("789", "790")},
		{name: "nested under unknown organization", method: "GET", path: "/organizations/9/relationships/domains", status: 404},
		{name: "contacts show", method: "GET", path: "/contacts/500", status: 200, check: wantValues(map[string]string{"data.attributes.name": "Ada Lovelace", "data.attributes.first-name": "Ada"})},
		{name: "locations show", method: "GET", path: "/locations/600", status: 200, check: wantValues(map[string]string{"data.attributes.city": "Leeds"})},
		{name: "passwords show has no value", method: "GET", path: "/passwords/700", status: 200, check: func(t *testing.T, a *api, r reply) {
			wantValues(map[string]string{"data.attributes.username": "admin", "data.attributes.resource-type": "<nil>"})(t, a, r)
			if strings.Contains(string(r.raw), "never-read-back") || r.get("data.attributes.password") != nil {
				t.Errorf("the password value is readable: %s", r.short())
			}
		}},
		{name: "show of the wrong kind", method: "GET", path: "/contacts/457", status: 404},
		{name: "create configuration", method: "POST", path: "/configurations", status: 201,
			body: obj("configurations", map[string]any{"organization_id": "4", "name": "fw-01", "hostname": "fw-01.acme.example"}),
			check: func(t *testing.T, a *api, r reply) {
				wantValues(map[string]string{"data.attributes.organization-name": "Acme", "data.attributes.hostname": "fw-01.acme.example"})(t, a, r)
				wantIDs(r.str("data.id"))(t, a, a.do("GET", "/configurations?filter[organization_id]=4", nil))
			}},
		{name: "create contact from first and last name", method: "POST", path: "/organizations/4/relationships/contacts", status: 201,
			body: obj("contacts", map[string]any{"first_name": "Grace", "last_name": "Hopper"}), check: wantValues(map[string]string{"data.attributes.name": "Grace Hopper", "data.attributes.organization-id": "4"})},
		{name: "create password keeps no value", method: "POST", path: "/passwords", status: 201,
			body: obj("passwords", map[string]any{"organization_id": 4, "name": "VPN", "password": "p4ss"}),
			check: func(t *testing.T, a *api, r reply) {
				if strings.Contains(string(r.raw), "p4ss") || strings.Contains(a.snapshot(), "p4ss") {
					t.Errorf("the password value is kept or returned")
				}
			}},
		{name: "create needs an organization", method: "POST", path: "/domains", status: 422, body: obj("domains", map[string]any{"name": "x.example"}),
			check: wantPointers("/data/attributes/organization-id")},
		{name: "create needs a name", method: "POST", path: "/locations", status: 422, body: obj("locations", map[string]any{"organization_id": 2}),
			check: wantPointers("/data/attributes/name")},
		{name: "no update", method: "PATCH", path: "/domains/789", status: 405, body: obj("domains", map[string]any{"name": "x"})},
	})
}

// TestDeletedTagTargetIsDropped checks that a tag whose object is gone is
// left out of the read shape.
func TestDeletedTagTargetIsDropped(t *testing.T) {
	a := testAccount(t)
	a.do("DELETE", "/organizations", many("organizations", map[string]any{"id": 3})).must(t, 200)
	r := a.do("GET", "/flexible_assets/102", nil).must(t, 200)
	if r.get("data.attributes.traits.client") != nil {
		t.Errorf("a tag to a deleted organization is still listed: %s", r.str("data.attributes.traits.client"))
	}
}
