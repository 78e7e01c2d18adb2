package export_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/export"
	"github.com/glue-sync/glue-sync/internal/reconcile"
)

// bigAccount has orgs organizations with perOrg assets each; every asset
// tags a configuration of its organization and the previous asset (a
// chain, the worst case for the cycle check).
func bigAccount(orgs, perOrg int) *reconcile.Live {
	fields := []client.FlexibleAssetField{
		{ID: 1, Name: "Name", Kind: "Text", NameKey: "name", UseForTitle: true, ShowInList: true},
		{ID: 2, Name: "Notes", Kind: "Textbox", NameKey: "notes"},
		{ID: 3, Name: "Seats", Kind: "Number", NameKey: "seats"},
		{ID: 4, Name: "Server", Kind: "Tag", NameKey: "server", TagType: "Configurations"},
		{ID: 5, Name: "Depends On", Kind: "Tag", NameKey: "depends-on", TagType: "FlexibleAssetType: 1"},
	}
	l := &reconcile.Live{AssetTypes: []client.FlexibleAssetType{{ID: 1, Name: "App", Fields: fields}},
		Assets: map[int64][]client.FlexibleAsset{}, TagTargets: map[string]map[int64][]client.TagTarget{"Configurations": {}}}
	id := int64(1000)
	for o := 1; o <= orgs; o++ {
		org := int64(o)
		l.Organizations = append(l.Organizations, client.Organization{ID: org, Name: fmt.Sprintf("Org %03d", o)})
		l.TagTargets["Configurations"][org] = []client.TagTarget{{ID: 100000 + org, OrganizationID: org, Name: "srv"}}
		for i := 0; i < perOrg; i++ {
			id++
			tr := map[string]json.RawMessage{
				"name":   json.RawMessage(fmt.Sprintf(`"app %d"`, i)),
				"notes":  json.RawMessage(`"line one\nline two"`),
				"seats":  json.RawMessage(`25`),
				"server": json.RawMessage(fmt.Sprintf(`[%d]`, 100000+org)),
			}
			if i > 0 {
				tr["depends-on"] = json.RawMessage(fmt.Sprintf(`[%d]`, id-1))
			}
			l.Assets[1] = append(l.Assets[1], client.FlexibleAsset{ID: id, OrganizationID: org, FlexibleAssetTypeID: 1, Traits: client.TraitsOf(tr)})
		}
	}
	return l
}

func BenchmarkBuild(b *testing.B) {
	for _, size := range []struct{ orgs, perOrg int }{{10, 100}, {10, 1000}} {
		live := bigAccount(size.orgs, size.perOrg)
		b.Run(fmt.Sprintf("assets=%d", size.orgs*size.perOrg), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				res, err := export.Build(live, export.Options{})
				if err != nil || res.Assets != size.orgs*size.perOrg {
					b.Fatalf("%v, %d assets", err, res.Assets)
				}
			}
		})
	}
}
