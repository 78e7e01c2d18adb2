package guard_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestCreatedSince: creates whose object exists are found, by kind; an
// object the plan renames or deletes first is not a conflict.
func TestCreatedSince(t *testing.T) {
	sb, err := demo.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sb.Close() })
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	orgs, err := c.Organizations.List(ctx, &client.OrganizationListOptions{Names: []string{"Contoso Ltd"}})
	if err != nil || len(orgs) != 1 {
		t.Fatalf("demo: Contoso Ltd: %v, %v", orgs, err)
	}
	types, err := c.FlexibleAssetTypes.List(ctx, "Backup Job")
	if err != nil || len(types) != 1 {
		t.Fatalf("demo: Backup Job: %v, %v", types, err)
	}
	contoso, backup := orgs[0].ID, types[0].ID
	assets, err := c.FlexibleAssets.List(ctx, backup, &client.FlexibleAssetListOptions{OrganizationID: contoso})
	if err != nil || len(assets) == 0 {
		t.Fatalf("demo: Contoso's backup jobs: %v, %v", assets, err)
	}
	job := assets[0]
	refs := map[string]plan.Ref{"organization-id": {ID: contoso}, "flexible-asset-type-id": {ID: backup}}
	creates := []plan.Change{
		{ID: "organization/Contoso Ltd", Action: plan.Create, Kind: plan.KindOrganization, Name: "Contoso Ltd"},
		{ID: "flexible-asset-type/Backup Job", Action: plan.Create, Kind: plan.KindAssetType, Name: "Backup Job"},
		{ID: "flexible-asset-field/Backup Job/Schedule", Action: plan.Create, Kind: plan.KindField, AssetType: "Backup Job", Name: "Schedule",
			Write: &plan.Write{Refs: map[string]plan.Ref{"flexible-asset-type-id": {ID: backup}}}},
		{ID: "flexible-asset/x", Action: plan.Create, Kind: plan.KindAsset, Organization: "Contoso Ltd", AssetType: "Backup Job", Name: job.Name,
			Write: &plan.Write{Refs: refs}},
		{ID: "organization/Brand New", Action: plan.Create, Kind: plan.KindOrganization, Name: "Brand New"},
	}
	found, err := guard.CreatedSince(ctx, guard.ClientAPI(c), &plan.Plan{Changes: creates})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`field "Schedule" of "Backup Job"`, `flexible asset "` + job.Name + `" in "Contoso Ltd"`,
		`flexible asset type "Backup Job"`, `organization "Contoso Ltd"`}
	if len(found) != len(want) {
		t.Fatalf("found %q; want %d entries like %q", found, len(want), want)
	}
	for i, w := range want {
		if !strings.HasPrefix(found[i].String(), w) {
			t.Errorf("found[%d] = %q; want it to start with %q", i, found[i], w)
		}
	}
	// The same creates, in a plan that first renames the organization and
	// deletes the asset: no conflict left for those two.
	rename := plan.Change{ID: "organization/Contoso Group", Action: plan.Update, Kind: plan.KindOrganization, Name: "Contoso Group",
		LiveID: contoso, Diffs: []plan.Diff{{Path: "name", Before: json.RawMessage(`"Contoso Ltd"`), After: json.RawMessage(`"Contoso Group"`)}}}
	del := plan.Change{ID: "flexible-asset/old", Action: plan.Delete, Kind: plan.KindAsset, LiveID: job.ID}
	found, err = guard.CreatedSince(ctx, guard.ClientAPI(c), &plan.Plan{Changes: append([]plan.Change{rename, del}, creates...)})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 2 || !strings.HasPrefix(found[0].String(), `field "Schedule"`) || !strings.HasPrefix(found[1].String(), `flexible asset type "Backup Job"`) {
		t.Errorf("with the rename and the delete, found %q; want only the field and the type", found)
	}
}
