package reconcile

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// largeAccount builds a repository and an account of orgs organizations,
// types types and assets assets (spread evenly), equal except that every
// tenth asset has one trait changed in the account.
func largeAccount(orgs, types, assets int) (*spec.DesiredState, *Live) {
	return largeAccountDrift(orgs, types, assets, 10)
}

// largeAccountDrift is largeAccount with one asset in every drift changed
// (0: none).
func largeAccountDrift(orgs, types, assets, drift int) (*spec.DesiredState, *Live) {
	d := &spec.DesiredState{}
	l := &Live{Assets: map[int64][]client.FlexibleAsset{}, TagTargets: map[string]map[int64][]client.TagTarget{"Configurations": {}},
		OrganizationTypes: []client.NamedRecord{{ID: 1, Name: "Customer"}}, OrganizationStatuses: []client.NamedRecord{{ID: 1, Name: "Active"}}}
	for o := range orgs {
		name := fmt.Sprintf("Org %03d", o)
		id := int64(10000 + o)
		d.Organizations = append(d.Organizations, &spec.Organization{Pos: pos(o + 1), Name: name, Type: ptr("Customer"), Description: ptr("d " + name)})
		l.Organizations = append(l.Organizations, client.Organization{ID: id, Name: name, OrganizationTypeID: 1, OrganizationTypeName: "Customer", Description: "d " + name})
		for c := range 5 {
			l.TagTargets["Configurations"][id] = append(l.TagTargets["Configurations"][id], client.TagTarget{ID: id*10 + int64(c), OrganizationID: id, Name: fmt.Sprintf("srv-%d", c)})
		}
	}
	kinds := []struct{ name, kind, key string }{{"Title", "Text", "title"}, {"Tier", "Select", "tier"}, {"Seats", "Number", "seats"},
		{"Since", "Date", "since"}, {"Managed", "Checkbox", "managed"}, {"Notes", "Textbox", "notes"}, {"Servers", "Tag", "servers"}}
	for ty := range types {
		name := fmt.Sprintf("Type %02d", ty)
		tid := int64(100 + ty)
		st := &spec.AssetType{Pos: pos(1000 + ty), Name: name, Icon: ptr("star")}
		lt := client.FlexibleAssetType{ID: tid, Name: name, Icon: "star"}
		for i, k := range kinds {
			f := &spec.Field{Pos: pos(2000 + i), Name: k.name, Kind: k.kind}
			lf := client.FlexibleAssetField{ID: tid*100 + int64(i), Order: int64(i + 1), Name: k.name, Kind: k.kind, NameKey: k.key}
			switch k.kind {
			case "Text":
				f.UseForTitle, lf.UseForTitle = ptr(true), true
			case "Select":
				f.Options, lf.DefaultValue = []string{"Gold", "Silver"}, "Gold\r\nSilver"
			case "Tag":
				f.TagTarget, lf.TagType = &spec.TagTarget{Kind: "Configurations"}, "Configurations"
			}
			st.Fields = append(st.Fields, f)
			lt.Fields = append(lt.Fields, lf)
		}
		d.AssetTypes = append(d.AssetTypes, st)
		l.AssetTypes = append(l.AssetTypes, lt)
	}
	for i := range assets {
		o, ty := i%orgs, (i/orgs)%types
		org, typ := d.Organizations[o].Name, d.AssetTypes[ty].Name
		title := fmt.Sprintf("asset-%05d", i)
		a := &spec.Asset{Pos: pos(i + 10), Organization: org, Type: typ, MatchFields: []string{"Title"}, Identity: title,
			Traits: traitsOf(map[string]spec.TraitParts{
				"Title":   {Field: "Title", Kind: "Text", Text: title},
				"Tier":    {Field: "Tier", Kind: "Select", Text: "Gold"},
				"Seats":   {Field: "Seats", Kind: "Number", Text: "25"},
				"Since":   {Field: "Since", Kind: "Date", Text: "2024-03-31"},
				"Managed": {Field: "Managed", Kind: "Checkbox", Bool: true},
				"Servers": {Field: "Servers", Kind: "Tag", Tags: []spec.TagRef{{Kind: "Configurations", Name: "srv-1", Organization: org}}},
			})}
		d.Assets = append(d.Assets, a)
		oid := int64(10000 + o)
		seats := "25"
		if drift > 0 && i%drift == 0 {
			seats = "26"
		}
		l.Assets[int64(100+ty)] = append(l.Assets[int64(100+ty)], client.FlexibleAsset{ID: int64(1000000 + i), OrganizationID: oid,
			FlexibleAssetTypeID: int64(100 + ty), Name: title, Traits: client.TraitsOf(map[string]json.RawMessage{
				"title": raw(`"` + title + `"`), "tier": raw(`"Gold"`), "seats": raw(seats), "since": raw(`"2024-03-31"`),
				"managed": raw(`true`), "notes": raw(`"kept"`),
				"servers": raw(fmt.Sprintf(`{"type":"Configurations","values":[{"id":%d,"name":"srv-1"}]}`, oid*10+1))})})
	}
	return d, l
}

func TestLargeAccountPlansOnlyTheDrift(t *testing.T) {
	d, l := largeAccount(20, 5, 2000)
	p := Compute(d, l, Options{})
	noErrors(t, p)
	if c := p.Count(); c.Update != 200 || c.Create != 0 || c.Delete != 0 {
		t.Errorf("counts = %+v; want 200 updates (every tenth asset)", c)
	}
}

// BenchmarkCompute plans 200 organizations, 25 types and 20,000 assets
// with no drift, one asset in ten changed, every asset changed, and no
// drift with every asset pinned by id.
func BenchmarkCompute(b *testing.B) {
	for _, bc := range []struct {
		name           string
		drift, updates int
		pinned         bool
	}{{"equal", 0, 0, false}, {"drift10pct", 10, 2000, false}, {"drift100pct", 1, 20000, false}, {"equal-all-pinned", 0, 0, true}} {
		b.Run(bc.name, func(b *testing.B) {
			d, l := largeAccountDrift(200, 25, 20000, bc.drift)
			if bc.pinned { // a repository exported with ids pins every asset
				for i, a := range d.Assets {
					a.ID = ptr(int64(1000000 + i))
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				p := Compute(d, l, Options{})
				if p.Count().Update != bc.updates {
					b.Fatalf("counts = %+v; want %d updates", p.Count(), bc.updates)
				}
			}
		})
	}
}
