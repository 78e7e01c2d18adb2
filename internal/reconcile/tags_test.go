package reconcile

import (
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

func TestTagProblems(t *testing.T) {
	servers := func(d *spec.DesiredState) *spec.TagRef { return &d.Assets[1].Traits.Get("Servers").Tags()[0] }
	tests := []struct {
		name, msg, hint string
		change          func(d *spec.DesiredState, l *Live)
	}{
		{"unknown name", `no configuration of organization "Acme" is called "mail-1"`, `did you mean "mail-01"?`,
			func(d *spec.DesiredState, l *Live) { servers(d).Name = "mail-1" }},
		{"ambiguous name", `2 configurations of organization "Acme" are called "mail-01" (ids 457, 459)`, "unique",
			func(d *spec.DesiredState, l *Live) {
				l.TagTargets["Configurations"][10] = append(l.TagTargets["Configurations"][10], client.TagTarget{ID: 459, Name: "mail-01"})
			}},
		{"kind glue-sync cannot look up", "cannot look up Documents by name", "",
			func(d *spec.DesiredState, l *Live) { servers(d).Kind = "Documents" }},
		{"organization not created yet", `organization "Beta" does not exist in the account yet`, "",
			func(d *spec.DesiredState, l *Live) {
				d.Organizations = append(d.Organizations, &spec.Organization{Pos: pos(90), Name: "Beta"})
				servers(d).Organization = "Beta"
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, l := fixture()
			tt.change(d, l)
			p := compute(t, d, l, opts())
			if !hasDiag(p, "repo.yaml:48:1", tt.msg, tt.hint) {
				t.Errorf("diagnostics = %+v; want an error at the tag (repo.yaml:48:1) containing %q", p.Diagnostics, tt.msg)
			}
			for _, c := range p.Changes {
				if c.ID == webID && c.Action != plan.NoOp {
					t.Errorf("the asset with a broken tag was planned (%s)", c.Action)
				}
			}
		})
	}
}

func TestTagToOrganizationAndToNewAsset(t *testing.T) {
	d, l := fixture()
	// db-01 becomes a new asset (another identity), so Web's Related tag
	// points at a create.
	d.Assets[0].Traits.Get("Host").Text, d.Assets[0].Identity = "db-02", "db-02"
	d.Assets[1].Traits.Get("Related").Tags()[0].Name = "db-02"
	p := compute(t, d, l, opts())
	noErrors(t, p)
	web := changeByID(t, p, webID)
	newID := "flexible-asset/Acme/Server/db-02"
	if got := web.Write.Tags["related"]; len(got) != 1 || got[0].Change != newID {
		t.Errorf("related tag = %+v; want the change creating db-02", got)
	}
	if indexOfChange(p, newID) > indexOfChange(p, webID) {
		t.Errorf("the tagged asset is created after the asset tagging it")
	}
	if len(p.Unmanaged) != 1 || p.Unmanaged[0].Address != "Acme/Server/db-01" {
		t.Errorf("unmanaged = %+v; want the old db-01 reported", p.Unmanaged)
	}
}

func TestTagCycleIsReported(t *testing.T) {
	d, l := fixture()
	l.Assets = map[int64][]client.FlexibleAsset{} // both assets are new
	// db-01 cannot tag Web (its type has no Tag field), so build a cycle
	// between two Service assets.
	other := &spec.Asset{Pos: pos(95), Organization: "Acme", Type: "Service", MatchFields: []string{"Title"}, Identity: "Api",
		Traits: traitsOf(map[string]spec.TraitParts{"Title": {Key: "Title", Field: "Title", Kind: spec.KindText, Text: "Api"}})}
	d.Assets = append(d.Assets, other)
	d.AssetTypes[1].Fields[11].TagTarget.AssetType = "Service"
	d.Assets[1].Traits.Get("Related").Tags()[0] = spec.TagRef{Pos: pos(51), Kind: spec.TagKindAsset, AssetType: "Service", Name: "Api", Organization: "Acme"}
	other.Traits.Set(spec.NewTraitValue(spec.TraitParts{Key: "Related", Field: "Related", Kind: spec.KindTag,
		Tags: []spec.TagRef{{Pos: pos(96), Kind: spec.TagKindAsset, AssetType: "Service", Name: "Web", Organization: "Acme"}}}))
	l.AssetTypes[1].Fields[11].TagType = "FlexibleAssetType: 200"
	p := compute(t, d, l, opts())
	found := false
	for _, dg := range p.Diagnostics {
		if dg.Severity == plan.SeverityError && contains(dg.Message, "dependency cycle between 2 changes") &&
			contains(dg.Message, webID) && contains(dg.Message, "flexible-asset/Acme/Service/Api") {
			found = true
		}
	}
	if !found {
		t.Errorf("diagnostics = %+v; want the cycle between Web and Api reported", p.Diagnostics)
	}
	if indexOfChange(p, webID) < 0 || indexOfChange(p, "flexible-asset/Acme/Service/Api") < 0 {
		t.Errorf("the changes in the cycle must stay in the plan (shown, never applied)")
	}
}
