package reconcile

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/reposeed"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

// seedKey is reposeed.Key: how the sandbox's seed format names a table
// attribute. The sandbox shares no code with the client, so this test,
// not a shared table, keeps the two in step.
func seedKey[T, W any](a attrs.Attr[T, W]) string { return reposeed.Key(a) }

// seedValues are the YAML values the seed gives each attribute, by seed
// key ("": set by the test itself).
var seedValues = map[string]string{
	"name": "", "short_name": "AC", "description": "Described", "alert": "Alerted", "quick_notes": "Noted",
	"type": "Customer", "status": "Active", "parent": "Parent Co",
	"icon": "book", "enabled": "true", "show_in_menu": "true",
	"kind": "", "hint": "Hinted", "decimals": "2", "default_value": `"5"`, "tag_type": "Configurations",
	"required": "true", "use_for_title": "true", "expiration": "true", "show_in_list": "true", "order": "",
}

// TestSeedFormatCoversEveryTableAttribute: every writable attribute of
// the attribute tables can be written in a sandbox seed under its seed
// key (the seed format refuses unknown keys) and reads back through the
// client as set, so the sandbox, the client and the tables agree.
func TestSeedFormatCoversEveryTableAttribute(t *testing.T) {
	line := func(keys []string, fixed map[string]string) string {
		var parts []string
		for k, v := range fixed {
			parts = append(parts, k+": "+v)
		}
		for _, k := range keys {
			v, ok := seedValues[k]
			if !ok {
				t.Fatalf("seed key %q has no test value: add one to seedValues", k)
			}
			if v != "" {
				parts = append(parts, k+": "+v)
			}
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	var orgKeys, typeKeys, fieldKeys []string
	for _, a := range attrs.Organization {
		if !a.ReadOnly {
			orgKeys = append(orgKeys, seedKey(a))
		}
	}
	for _, a := range attrs.AssetType {
		if !a.ReadOnly {
			typeKeys = append(typeKeys, seedKey(a))
		}
	}
	for _, a := range attrs.Field {
		if !a.ReadOnly {
			fieldKeys = append(fieldKeys, seedKey(a))
		}
	}
	pick := func(keys []string, keep ...string) []string {
		var out []string
		for _, k := range keys {
			for _, w := range keep {
				if k == w {
					out = append(out, k)
				}
			}
		}
		return out
	}
	// Each field kind takes only some attributes: a Number field its
	// decimals and default, a Tag field its tag type, a Date field
	// use_for_title and expiration; together they hold every one.
	seed := fmt.Sprintf(`organization_types: [Customer]
organization_statuses: [Active]
organizations:
  - {name: Parent Co}
  - %s
flexible_asset_types:
  - %s
`, line(orgKeys, map[string]string{"name": "Acme"}),
		strings.TrimSuffix(line(typeKeys, map[string]string{"name": "Wiki"}), "}")+", fields: ["+
			line(pick(fieldKeys, "hint", "decimals", "default_value", "required", "show_in_list"), map[string]string{"name": "Seats", "kind": "Number", "order": "1"})+", "+
			line(pick(fieldKeys, "tag_type"), map[string]string{"name": "Servers", "kind": "Tag", "order": "2"})+", "+
			line(pick(fieldKeys, "use_for_title", "expiration"), map[string]string{"name": "Since", "kind": "Date", "order": "3"})+"]}")
	sb := sandboxtest.Start(t)
	sb.Seed(t, seed)
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	orgs, err := c.Organizations.List(ctx, &client.OrganizationListOptions{Names: []string{"Acme"}})
	if err != nil || len(orgs) != 1 {
		t.Fatalf("Acme: %v, %v", orgs, err)
	}
	types, err := c.FlexibleAssetTypes.List(ctx, "Wiki")
	if err != nil || len(types) != 1 || len(types[0].Fields) != 3 {
		t.Fatalf("Wiki with 3 fields: %+v, %v", types, err)
	}
	var zero attrs.Value
	for _, a := range attrs.Organization {
		if v := a.Get(&orgs[0]); v == zero {
			t.Errorf("organization %s: seeded as %s, read back empty", a.API, seedKey(a))
		}
	}
	for _, a := range attrs.AssetType {
		if v := a.Get(&types[0]); v == zero {
			t.Errorf("flexible asset type %s: seeded as %s, read back empty", a.API, seedKey(a))
		}
	}
	for _, a := range attrs.Field {
		found := false
		for i := range types[0].Fields {
			found = found || a.Get(&types[0].Fields[i]) != zero
		}
		if !found {
			t.Errorf("field %s: seeded as %s, read back empty on every field", a.API, seedKey(a))
		}
	}
}
