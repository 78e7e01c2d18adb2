package reconcile

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

func TestAssetMatchingProblems(t *testing.T) {
	tests := []struct {
		name, src, msg, hint string
		change               func(d *spec.DesiredState, l *Live)
	}{
		{"two live assets with one identity", "repo.yaml:30:1", `2 live "Server" assets in "Acme" have this identity (ids 1000, 1001)`, "pin the right one with id:",
			func(d *spec.DesiredState, l *Live) {
				l.Assets[100] = append(l.Assets[100], client.FlexibleAsset{ID: 1001, OrganizationID: 10, FlexibleAssetTypeID: 100, Traits: client.TraitsOf(map[string]json.RawMessage{"host": raw(`"db-01"`)})})
			}},
		{"two declared assets match one live asset", "repo.yaml:62:1", `asset "db-01 again" matches live asset 1000, already matched by the asset at repo.yaml:30:1`, "pin each with its own id:",
			func(d *spec.DesiredState, l *Live) {
				d.Assets = append(d.Assets, &spec.Asset{Pos: pos(62), Organization: "Acme", Type: "Server", MatchFields: []string{"Host"}, Identity: "db-01 again", ID: ptr(int64(1000)),
					Traits: traitsOf(map[string]spec.TraitParts{"Host": {Key: "Host", Field: "Host", Kind: spec.KindText, Text: "db-01"}})})
			}},
		{"pinned id of another type", "repo.yaml:30:1", `asset pins id 2000, which is a "Service" asset`, "",
			func(d *spec.DesiredState, l *Live) { d.Assets[0].ID = ptr(int64(2000)) }},
		{"pinned id missing", "repo.yaml:30:1", "asset pins id 4242: no live asset", "",
			func(d *spec.DesiredState, l *Live) { d.Assets[0].ID = ptr(int64(4242)) }},
		{"assets not read", "repo.yaml:30:1", `the assets of type "Server" in organization "Acme" were not read`, "--target",
			func(d *spec.DesiredState, l *Live) { l.AssetsRead = map[int64]AssetRead{200: {All: true}} }},
		{"two declared organizations pin one live", "repo.yaml:60:1", `matches live organization "Acme" (id 10), already matched by "Acme"`, "",
			func(d *spec.DesiredState, l *Live) {
				d.Organizations[0].ID = ptr(int64(10))
				d.Organizations = append(d.Organizations, &spec.Organization{Pos: pos(60), Name: "Acme 2", ID: ptr(int64(10))})
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, l := fixture()
			tt.change(d, l)
			p := compute(t, d, l, opts())
			if !hasDiag(p, tt.src, tt.msg, tt.hint) {
				t.Errorf("diagnostics = %+v; want an error at %s containing %q", p.Diagnostics, tt.src, tt.msg)
			}
		})
	}
}

func TestPinnedAssetKeepsItsIdentityChange(t *testing.T) {
	d, l := fixture()
	d.Assets[0].ID = ptr(int64(1000))
	d.Assets[0].Traits.Get("Host").Text, d.Assets[0].Identity = "db-01b", "db-01b"
	d.Assets[1].Traits.Get("Related").Tags()[0].Name = "db-01b"
	p := compute(t, d, l, opts())
	noErrors(t, p)
	ch := changeByID(t, p, "flexible-asset/Acme/Server/db-01b")
	if ch.Action != plan.Update || ch.LiveID != 1000 {
		t.Fatalf("change = %s of %d; want an update of the pinned asset 1000", ch.Action, ch.LiveID)
	}
	if diff := cmp.Diff([]plan.Diff{{Path: "traits.Host", Before: raw(`"db-01"`), After: raw(`"db-01b"`)}}, ch.Diffs); diff != "" {
		t.Errorf("diffs (-want +got):\n%s", diff)
	}
	if got := changeByID(t, p, webID).Action; got != plan.NoOp {
		t.Errorf("Web = %s; its tag still points at asset 1000, so nothing changes", got)
	}
}

func TestAssetInNewOrganizationDependsOnIt(t *testing.T) {
	d, l := fixture()
	d.Organizations = append(d.Organizations, &spec.Organization{Pos: pos(60), Name: "Beta"})
	d.Assets = append(d.Assets, &spec.Asset{Pos: pos(61), Organization: "Beta", Type: "Server", MatchFields: []string{"Host"}, Identity: "b-01",
		Traits: traitsOf(map[string]spec.TraitParts{"Host": {Key: "Host", Field: "Host", Kind: spec.KindText, Text: "b-01"}})})
	p := compute(t, d, l, opts())
	noErrors(t, p)
	ch := changeByID(t, p, "flexible-asset/Beta/Server/b-01")
	wantRefs := map[string]plan.Ref{"organization-id": {Change: "organization/Beta"}, "flexible-asset-type-id": {ID: 100}}
	if diff := cmp.Diff(wantRefs, ch.Write.Refs); diff != "" {
		t.Errorf("refs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"organization/Beta"}, ch.DependsOn); diff != "" {
		t.Errorf("depends on (-want +got):\n%s", diff)
	}
	if !ch.Write.SendTraits || string(ch.Write.Traits["host"]) != `"b-01"` {
		t.Errorf("write = %+v; want the traits sent", ch.Write)
	}
}

func TestUnmanagedTypesAreReportedWhenManagingAll(t *testing.T) {
	d, l := fixture()
	l.AssetTypes = append(l.AssetTypes, client.FlexibleAssetType{ID: 300, Name: "Legacy"})
	d.Config.Manage.AssetTypes = spec.Scope{All: true}
	p := compute(t, d, l, opts())
	want := []plan.Unmanaged{{Kind: plan.KindAssetType, Address: "Legacy", LiveID: 300}}
	if diff := cmp.Diff(want, p.Unmanaged); diff != "" {
		t.Errorf("unmanaged (-want +got):\n%s", diff)
	}
}

func TestMatchingOnANewFieldWarns(t *testing.T) {
	d, l := fixture()
	d.AssetTypes[0].Fields = append(d.AssetTypes[0].Fields, &spec.Field{Pos: pos(7), Name: "Serial", Kind: spec.KindText})
	d.Assets[0].MatchFields = []string{"Serial"}
	d.Assets[0].Traits.Set(spec.NewTraitValue(spec.TraitParts{Key: "Serial", Field: "Serial", Kind: spec.KindText, Text: "S1"}))
	p := compute(t, d, l, opts())
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != plan.SeverityWarning || p.Diagnostics[0].Source() != "repo.yaml:7:1" ||
		!contains(p.Diagnostics[0].Message, "planned as new") {
		t.Errorf("diagnostics = %+v; want one warning at the Serial field", p.Diagnostics)
	}
	if got := changeByID(t, p, dbID).Action; got != plan.Create {
		t.Errorf("db-01 = %s; want create", got)
	}
}

func TestDuplicateIdentityPrefersTheActiveAsset(t *testing.T) {
	d, l := fixture()
	l.Assets[100] = append(l.Assets[100], client.FlexibleAsset{ID: 999, OrganizationID: 10, FlexibleAssetTypeID: 100, Archived: true,
		Name: "db-01", Traits: client.TraitsOf(map[string]json.RawMessage{"host": raw(`"db-01"`)})})
	p := compute(t, d, l, opts())
	noErrors(t, p)
	if ch := changeByID(t, p, dbID); ch.Action != plan.NoOp || ch.LiveID != 1000 {
		t.Errorf("db-01 = %s of %d; want the active asset 1000 matched", ch.Action, ch.LiveID)
	}
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != plan.SeverityWarning || !contains(p.Diagnostics[0].Message, "not archived (id 1000)") {
		t.Errorf("diagnostics = %+v; want a warning naming the matched asset", p.Diagnostics)
	}
	want := []plan.Unmanaged{{Kind: plan.KindAsset, Address: "Acme/Server/db-01", LiveID: 999}}
	if diff := cmp.Diff(want, p.Unmanaged); diff != "" {
		t.Errorf("unmanaged (-want +got):\n%s", diff)
	}
}

func TestCollidingAssetAddressesGetDistinctIDs(t *testing.T) {
	d, l := fixture()
	// Organization "A/B" with type "C" and organization "A" with type "B/C"
	// give the same "A/B/C/x" address.
	d.Organizations = append(d.Organizations, &spec.Organization{Pos: pos(60), Name: "A/B"}, &spec.Organization{Pos: pos(61), Name: "A"})
	d.AssetTypes = append(d.AssetTypes,
		&spec.AssetType{Pos: pos(62), Name: "C", Fields: []*spec.Field{{Name: "T", Kind: spec.KindText, UseForTitle: ptr(true)}}},
		&spec.AssetType{Pos: pos(63), Name: "B/C", Fields: []*spec.Field{{Name: "T", Kind: spec.KindText, UseForTitle: ptr(true)}}})
	for _, oc := range [][2]string{{"A/B", "C"}, {"A", "B/C"}} {
		d.Assets = append(d.Assets, &spec.Asset{Pos: pos(64), Organization: oc[0], Type: oc[1], MatchFields: []string{"T"}, Identity: "x",
			Traits: traitsOf(map[string]spec.TraitParts{"T": {Key: "T", Field: "T", Kind: spec.KindText, Text: "x"}})})
	}
	p := compute(t, d, l, opts())
	noErrors(t, p)
	first, second := changeByID(t, p, "flexible-asset/A/B/C/x"), changeByID(t, p, "flexible-asset/A/B/C/x#2")
	if first.Organization != "A/B" || second.Organization != "A" {
		t.Errorf("ids given to %q and %q; want the first declared asset to keep the plain id", first.Organization, second.Organization)
	}
}
