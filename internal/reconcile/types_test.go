package reconcile

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

func TestNewTypeCreatesFieldsNestedAndSelfTagsAfter(t *testing.T) {
	d, l := fixture()
	wiki := &spec.AssetType{Pos: pos(70), Name: "Wiki Page", Icon: ptr("book"), Fields: []*spec.Field{
		{Pos: pos(71), Name: "Title", Kind: spec.KindText, UseForTitle: ptr(true), ShowInList: ptr(true)},
		{Pos: pos(72), Name: "Kind", Kind: spec.KindSelect, Options: []string{"How-to", "Policy"}},
		{Pos: pos(73), Name: "Server", Kind: spec.KindTag, TagTarget: &spec.TagTarget{Kind: spec.TagKindAsset, AssetType: "Server"}},
		{Pos: pos(74), Name: "Related", Kind: spec.KindTag, TagTarget: &spec.TagTarget{Kind: spec.TagKindAsset, AssetType: "Wiki Page"}},
	}}
	d.AssetTypes = append(d.AssetTypes, wiki)
	d.Assets = append(d.Assets, &spec.Asset{Pos: pos(80), Organization: "Acme", Type: "Wiki Page", MatchFields: []string{"Title"}, Identity: "Backups",
		Traits: traitsOf(map[string]spec.TraitParts{"Title": {Key: "Title", Field: "Title", Kind: spec.KindText, Text: "Backups"},
			"Related": {Key: "Related", Field: "Related", Kind: spec.KindTag, Tags: []spec.TagRef{{Kind: spec.TagKindAsset, AssetType: "Wiki Page", Name: "Mail", Organization: "Acme"}}}})},
		&spec.Asset{Pos: pos(85), Organization: "Acme", Type: "Wiki Page", MatchFields: []string{"Title"}, Identity: "Mail",
			Traits: traitsOf(map[string]spec.TraitParts{"Title": {Key: "Title", Field: "Title", Kind: spec.KindText, Text: "Mail"}})})
	p := compute(t, d, l, opts())
	noErrors(t, p)
	create := changeByID(t, p, "flexible-asset-type/Wiki Page")
	if create.Action != plan.Create || len(create.Write.Fields) != 3 {
		t.Fatalf("type create = %s with %d nested fields; want create with Title, Kind, Server", create.Action, len(create.Write.Fields))
	}
	kind := create.Write.Fields[1].Attributes
	if string(kind["default-value"]) != `"How-to\nPolicy"` || string(kind["order"]) != "2" {
		t.Errorf("Select field attributes = %s", mustJSON(kind))
	}
	if diff := cmp.Diff(&plan.Ref{ID: 100}, create.Write.Fields[2].TagType); diff != "" {
		t.Errorf("tag type of Server field (-want +got):\n%s", diff)
	}
	related := changeByID(t, p, "flexible-asset-field/Wiki Page/Related")
	if related.Action != plan.Create || related.Write.TagType == nil || related.Write.TagType.Change != "flexible-asset-type/Wiki Page" {
		t.Fatalf("Related field = %+v; want a separate create tagging the new type", related)
	}
	if diff := cmp.Diff(map[string]plan.Ref{"flexible-asset-type-id": {Change: "flexible-asset-type/Wiki Page"}}, related.Write.Refs); diff != "" {
		t.Errorf("Related field refs (-want +got):\n%s", diff)
	}
	backups := changeByID(t, p, "flexible-asset/Acme/Wiki Page/Backups")
	wantKeys := map[string]plan.FieldRef{"related": {Change: "flexible-asset-field/Wiki Page/Related", Name: "Related"},
		"title": {Change: "flexible-asset-type/Wiki Page", Name: "Title"}}
	if diff := cmp.Diff(wantKeys, backups.Write.FieldKeys); diff != "" {
		t.Errorf("field keys (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string][]plan.Ref{"related": {{Change: "flexible-asset/Acme/Wiki Page/Mail"}}}, backups.Write.Tags); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
	order := []string{"flexible-asset-type/Wiki Page", "flexible-asset-field/Wiki Page/Related",
		"flexible-asset/Acme/Wiki Page/Mail", "flexible-asset/Acme/Wiki Page/Backups"}
	for i := 1; i < len(order); i++ {
		if indexOfChange(p, order[i-1]) > indexOfChange(p, order[i]) {
			t.Errorf("%s comes after %s; want it before", order[i-1], order[i])
		}
	}
	for _, dep := range []string{"flexible-asset-type/Wiki Page", "flexible-asset-field/Wiki Page/Related", "flexible-asset/Acme/Wiki Page/Mail"} {
		if !contains(mustJSON(backups.DependsOn), dep) {
			t.Errorf("Backups depends on %v; want %s among them", backups.DependsOn, dep)
		}
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
