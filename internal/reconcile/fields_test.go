package reconcile

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

func TestFieldChanges(t *testing.T) {
	svc := func(d *spec.DesiredState) *spec.AssetType { return d.AssetTypes[1] }
	tests := []struct {
		name   string
		change func(d *spec.DesiredState, l *Live)
		id     string
		diffs  []plan.Diff
		attrs  map[string]string
	}{
		{"hint edited", func(d *spec.DesiredState, l *Live) { svc(d).Fields[1].Hint = ptr("Free text") },
			"flexible-asset-field/Service/Notes", []plan.Diff{{Path: "hint", Before: raw(`"Anything else"`), After: raw(`"Free text"`)}},
			map[string]string{"hint": `"Free text"`}},
		{"select option added", func(d *spec.DesiredState, l *Live) { svc(d).Fields[2].Options = []string{"Gold", "Silver", "Bronze"} },
			"flexible-asset-field/Service/Tier", []plan.Diff{{Path: "options", Before: raw(`["Gold","Silver"]`), After: raw(`["Gold","Silver","Bronze"]`)}},
			map[string]string{"default-value": `"Gold\nSilver\nBronze"`}},
		{"renamed through previously", func(d *spec.DesiredState, l *Live) {
			f := svc(d).Fields[4]
			f.Name, f.Previously = "Licences", []string{"Seats"}
			tp := d.Assets[1].Traits.Get("Seats").Parts()
			tp.Field = "Licences"
			d.Assets[1].Traits.Set(spec.NewTraitValue(tp))
		}, "flexible-asset-field/Service/Licences", []plan.Diff{{Path: "name", Before: raw(`"Seats"`), After: raw(`"Licences"`)}},
			map[string]string{"name": `"Licences"`}},
		{"tag type changed", func(d *spec.DesiredState, l *Live) {
			svc(d).Fields[7].TagTarget = &spec.TagTarget{Kind: "Contacts"}
			d.Assets[1].Traits.Delete("Servers")
		}, "flexible-asset-field/Service/Servers", []plan.Diff{{Path: "tagType", Before: raw(`"Configurations"`), After: raw(`"Contacts"`)}},
			map[string]string{"tag-type": `"Contacts"`}},
		{"kind change on a field without data", func(d *spec.DesiredState, l *Live) {
			svc(d).Fields[1].Kind = spec.KindText
			d.Assets[1].Traits.Delete("Notes")
			l.Assets[200][0].Traits = l.Assets[200][0].Traits.Without("notes")
		}, "flexible-asset-field/Service/Notes", []plan.Diff{{Path: "kind", Before: raw(`"Textbox"`), After: raw(`"Text"`)}},
			map[string]string{"kind": `"Text"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, l := fixture()
			tt.change(d, l)
			p := compute(t, d, l, opts())
			noErrors(t, p)
			ch := changeByID(t, p, tt.id)
			if ch.Action != plan.Update || ch.Kind != plan.KindField || ch.LiveID == 0 || ch.Guard == nil {
				t.Fatalf("change = %+v; want a guarded field update", ch)
			}
			if diff := cmp.Diff(tt.diffs, ch.Diffs); diff != "" {
				t.Errorf("diffs (-want +got):\n%s", diff)
			}
			got := map[string]string{}
			for k, v := range ch.Write.Attributes {
				got[k] = string(v)
			}
			if diff := cmp.Diff(tt.attrs, got); diff != "" {
				t.Errorf("attributes (-want +got):\n%s", diff)
			}
			if n := p.Count().Total(); n != 1 {
				t.Errorf("changes = %v; want only the field update", changeIDs(p))
			}
		})
	}
}

func TestKindChangeOnFieldWithDataIsRefused(t *testing.T) {
	d, l := fixture()
	d.AssetTypes[1].Fields[1].Kind = spec.KindText
	d.Assets[1].Traits.Delete("Notes")
	p := compute(t, d, l, opts())
	if !hasDiag(p, "repo.yaml:11:1", "changing its kind from Textbox to Text is refused: 1 live assets hold values", "previously") {
		t.Errorf("diagnostics = %+v; want the kind change refused at the field", p.Diagnostics)
	}
	for _, c := range p.Changes {
		if c.Kind == plan.KindField {
			t.Errorf("planned %s %s; a refused kind change must not be attempted", c.Action, c.ID)
		}
	}
}

func TestFieldReorderMovesInOneChange(t *testing.T) {
	d, l := fixture()
	f := d.AssetTypes[1].Fields
	f[0], f[1] = f[1], f[0] // Notes before Title
	f = append(f[:3], append([]*spec.Field{{Pos: pos(25), Name: "Owner", Kind: spec.KindText}}, f[3:]...)...)
	d.AssetTypes[1].Fields = f
	p := compute(t, d, l, opts())
	noErrors(t, p)
	re := changeByID(t, p, "flexible-asset-field/Service/(order)")
	want := []plan.FieldOrder{{Field: 302, Name: "Notes", Order: 1}, {Field: 301, Name: "Title", Order: 2},
		{Field: 304, Name: "Since", Order: 5}, {Field: 305, Name: "Seats", Order: 6}, {Field: 306, Name: "Uptime", Order: 7},
		{Field: 307, Name: "Managed", Order: 8}, {Field: 308, Name: "Servers", Order: 9}, {Field: 309, Name: "Section", Order: 10},
		{Field: 310, Name: "Diagram", Order: 11}, {Field: 311, Name: "Admin Password", Order: 12}, {Field: 312, Name: "Related", Order: 13}}
	if diff := cmp.Diff(want, re.Write.Orders); diff != "" {
		t.Errorf("orders (-want +got):\n%s", diff)
	}
	owner := changeByID(t, p, "flexible-asset-field/Service/Owner")
	if string(owner.Write.Attributes["order"]) != "4" || !contains(mustJSON(owner.DependsOn), re.ID) {
		t.Errorf("Owner create = order %s, depends on %v; want order 4 after the reorder", owner.Write.Attributes["order"], owner.DependsOn)
	}
	if indexOfChange(p, re.ID) > indexOfChange(p, owner.ID) {
		t.Errorf("the field create comes before the reorder")
	}
	// No two fields share an order after the reorder and the create.
	final := map[int64]int64{}
	for _, lf := range l.AssetTypes[1].Fields {
		final[lf.ID] = lf.Order
	}
	for _, o := range re.Write.Orders {
		final[o.Field] = o.Order
	}
	seen := map[int64]bool{4: true}
	for id, o := range final {
		if seen[o] {
			t.Errorf("field %d ends at order %d, which another field has", id, o)
		}
		seen[o] = true
	}
}

func TestNewFieldAtTheEndMovesNothing(t *testing.T) {
	d, l := fixture()
	d.AssetTypes[1].Fields = append(d.AssetTypes[1].Fields, &spec.Field{Pos: pos(26), Name: "Owner", Kind: spec.KindText})
	p := compute(t, d, l, opts())
	noErrors(t, p)
	if got := changeIDs(p); len(got) != 1 || got[0] != "create flexible-asset-field/Service/Owner" {
		t.Errorf("changes = %v; want only the field create", got)
	}
	if o := changeByID(t, p, "flexible-asset-field/Service/Owner").Write.Attributes["order"]; string(o) != "13" {
		t.Errorf("order = %s; want 13, after the highest live order", o)
	}
}

func TestUndeclaredFieldIsReportedOrPruned(t *testing.T) {
	d, l := fixture()
	d.AssetTypes[1].Fields = d.AssetTypes[1].Fields[:11] // Related is no longer declared
	d.Assets[1].Traits.Delete("Related")
	p := compute(t, d, l, opts())
	noErrors(t, p)
	if diff := cmp.Diff([]plan.Unmanaged{{Kind: plan.KindField, Address: "Service/Related", LiveID: 312}}, p.Unmanaged); diff != "" {
		t.Errorf("unmanaged (-want +got):\n%s", diff)
	}
	d.Config.Prune.Fields.Enabled = true
	p = compute(t, d, l, opts())
	noErrors(t, p)
	del := changeByID(t, p, "flexible-asset-field/Service/Related")
	if del.Action != plan.Delete || del.LiveID != 312 || !contains(del.Reason, "values of 1 live assets") {
		t.Errorf("delete = %+v; want field 312 deleted, saying 1 asset loses its value", del)
	}
}

func TestRenameWinsOverNewFieldWithTheOldName(t *testing.T) {
	d, l := fixture()
	f := d.AssetTypes[1].Fields
	seats := f[4]
	seats.Name, seats.Previously = "Licences", []string{"Seats"}
	tp := d.Assets[1].Traits.Get("Seats").Parts()
	tp.Field = "Licences"
	d.Assets[1].Traits.Set(spec.NewTraitValue(tp))
	// A new field called Seats, declared before the renamed one.
	d.AssetTypes[1].Fields = append(f[:4], append([]*spec.Field{{Pos: pos(30), Name: "Seats", Kind: spec.KindText}}, f[4:]...)...)
	p := compute(t, d, l, opts())
	noErrors(t, p)
	rename := changeByID(t, p, "flexible-asset-field/Service/Licences")
	if rename.Action != plan.Update || rename.LiveID != 305 {
		t.Errorf("Licences = %s of %d; want the rename of live field 305", rename.Action, rename.LiveID)
	}
	created := changeByID(t, p, "flexible-asset-field/Service/Seats")
	if created.Action != plan.Create {
		t.Errorf("Seats = %s; want a new field", created.Action)
	}
	if indexOfChange(p, rename.ID) > indexOfChange(p, created.ID) {
		t.Errorf("the new field is created before the old one is renamed away from its name")
	}
	if got := changeByID(t, p, webID).Action; got != plan.NoOp {
		t.Errorf("Web = %s; its values stay in the renamed field", got)
	}
}

func TestKindChangeWithoutAFullReadWarns(t *testing.T) {
	d, l := fixture()
	d.AssetTypes[1].Fields[1].Kind = spec.KindText
	d.Assets[1].Traits.Delete("Notes")
	l.Assets[200][0].Traits = l.Assets[200][0].Traits.Without("notes")
	l.AssetsRead = map[int64]AssetRead{100: {All: true}, 200: {Organizations: []int64{10}}}
	p := compute(t, d, l, opts())
	noErrors(t, p)
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != plan.SeverityWarning || !contains(p.Diagnostics[0].Message, "without reading every asset") {
		t.Errorf("diagnostics = %+v; want a warning that other organizations' data was not checked", p.Diagnostics)
	}
	if ch := changeByID(t, p, "flexible-asset-field/Service/Notes"); ch.Action != plan.Update {
		t.Errorf("Notes = %s; want the kind change planned", ch.Action)
	}
}
