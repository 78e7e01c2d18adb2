package apply

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestFieldUpdatesGoInBulk updates three fields of a type (two hints and
// a rename) in one bulk PATCH /flexible_asset_fields (one PATCH each
// before), and creates an asset whose trait names the renamed field: the
// bulk response holds no name-keys, so apply reads the type's fields once
// for the new key, and the value lands in the renamed field.
func TestFieldUpdatesGoInBulk(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t)
	acme := liveOrg(t, c, "Acme")
	str := func(s string) *string { return &s }
	yes := true
	ty, err := c.FlexibleAssetTypes.Create(ctx, client.FlexibleAssetTypeWrite{Name: str("Runbook"), Icon: str("book"), Fields: []client.FlexibleAssetFieldWrite{
		{Name: str("Name"), Kind: str("Text"), Required: &yes, UseForTitle: &yes, ShowInList: &yes},
		{Name: str("Owner"), Kind: str("Text")},
		{Name: str("Steps"), Kind: str("Text")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	fields, err := c.FlexibleAssetFields.List(ctx, ty.ID)
	if err != nil || len(fields) != 3 {
		t.Fatalf("fields of the new type: %d, %v", len(fields), err)
	}
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{
		{ID: "flexible-asset-type/Runbook", Action: plan.NoOp, Kind: plan.KindAssetType, Name: "Runbook", AssetType: "Runbook", LiveID: ty.ID},
		{ID: "organization/Acme", Action: plan.NoOp, Kind: plan.KindOrganization, Name: "Acme", LiveID: acme.ID},
	}}
	attrs := map[string]map[string]json.RawMessage{
		"Name":  {"hint": raw(`"what it restarts"`)},
		"Owner": {"hint": raw(`"who to call"`)},
		"Steps": {"name": raw(`"Procedure"`)},
	}
	for _, f := range fields {
		p.Changes = append(p.Changes, plan.Change{ID: "flexible-asset-field/Runbook/" + f.Name, Action: plan.Update, Kind: plan.KindField,
			AssetType: "Runbook", Name: f.Name, LiveID: f.ID, Guard: guardOf(guard.Field(f)), DependsOn: []string{"flexible-asset-type/Runbook"},
			Write: &plan.Write{Attributes: attrs[f.Name]}})
	}
	p.Changes = append(p.Changes, plan.Change{ID: "flexible-asset/Acme/Runbook/Restart", Action: plan.Create, Kind: plan.KindAsset,
		Organization: "Acme", AssetType: "Runbook", Name: "Restart",
		DependsOn: []string{"organization/Acme", "flexible-asset-type/Runbook", "flexible-asset-field/Runbook/Steps"},
		Write: &plan.Write{SendTraits: true, Traits: map[string]json.RawMessage{"name": raw(`"Restart"`), "procedure": raw(`"turn it off and on"`)},
			FieldKeys: map[string]plan.FieldRef{"procedure": {Change: "flexible-asset-field/Runbook/Steps"}}}})
	c.ResetStats()
	rep, err := Apply(ctx, ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("apply: %s: %+v", rep.Counts(), rep.Results)
	}
	if n := requests(c, http.MethodPatch); n != 1 {
		t.Errorf("%d PATCH requests for 3 field updates; want 1 bulk PATCH", n)
	}
	after, err := c.FlexibleAssetFields.List(ctx, ty.ID)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, f := range after {
		keys[f.Name] = f.NameKey
		switch f.Name {
		case "Name", "Owner":
			if want := string(attrs[f.Name]["hint"]); `"`+f.Hint+`"` != want {
				t.Errorf("field %s: hint %q after apply; want %s", f.Name, f.Hint, want)
			}
		case "Steps":
			t.Errorf("field Steps was not renamed")
		}
	}
	as, err := c.FlexibleAssets.List(ctx, ty.ID, nil)
	if err != nil || len(as) != 1 {
		t.Fatalf("assets of Runbook: %d, %v", len(as), err)
	}
	if got := string(as[0].Traits.Value(keys["Procedure"])); got != `"turn it off and on"` {
		t.Errorf("the renamed field (key %q) holds %s; want the asset's value (traits %v)", keys["Procedure"], got, as[0].Traits)
	}
}
