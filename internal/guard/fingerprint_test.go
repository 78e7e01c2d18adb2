package guard

import (
	"testing"

	"github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// other is a value of attribute a that differs from v.
func other(rule attrs.Rule, v attrs.Value) attrs.Value {
	switch rule {
	case attrs.Bool:
		return attrs.Value{Bool: !v.Bool}
	case attrs.Int, attrs.Ref:
		return attrs.Value{Int: v.Int + 1}
	}
	return attrs.Value{Str: v.Str + " changed"}
}

// everyAttribute checks, for each attribute of table, that changing it
// changes the fingerprint, and that for a Text attribute trailing
// whitespace and CRLF line ends do not.
func everyAttribute[T, W any](t *testing.T, table attrs.Table[T, W], base T, hash func(T) string) {
	t.Helper()
	want := hash(base)
	for _, a := range table {
		changed := base
		a.Put(&changed, other(a.Rule, a.Get(&base)))
		if hash(changed) == want {
			t.Errorf("changing %s (%s) leaves the fingerprint as it was: the stale check would miss it", a.API, a.Rule)
		}
		if a.Rule == attrs.Text {
			spaced := base
			a.Put(&spaced, attrs.Value{Str: a.Get(&base).Str + " \r\n"})
			if hash(spaced) != want {
				t.Errorf("trailing whitespace in %s changes the fingerprint; the comparison ignores it", a.API)
			}
		}
	}
}

// TestFingerprintCoversEveryAttribute: every attribute of the attribute
// tables is part of its object's fingerprint, so one added to a table can
// never silently weaken the stale check.
func TestFingerprintCoversEveryAttribute(t *testing.T) {
	everyAttribute(t, attrs.Organization, client.Organization{ID: 1, Name: "Acme", ShortName: "AC", Description: "d", Alert: "a",
		QuickNotes: "q", OrganizationTypeID: 2, OrganizationStatusID: 3, ParentID: 4},
		func(o client.Organization) string { return Organization(o).Guard.Hash })
	everyAttribute(t, attrs.AssetType, client.FlexibleAssetType{ID: 1, Name: "Wiki", Description: "d", Icon: "book", Enabled: true},
		func(ty client.FlexibleAssetType) string { return AssetType(ty).Guard.Hash })
	everyAttribute(t, attrs.Field, client.FlexibleAssetField{ID: 1, Name: "Seats", Kind: "Number", Hint: "h", Decimals: 2,
		DefaultValue: "1", TagType: "", Required: true, Order: 3, NameKey: "seats"},
		func(f client.FlexibleAssetField) string { return Field(f).Guard.Hash })
}

// TestFieldOrderFingerprint: moving a field changes a reorder's guard;
// the type's own attributes do not.
func TestFieldOrderFingerprint(t *testing.T) {
	ty := client.FlexibleAssetType{ID: 1, Name: "Wiki", Fields: []client.FlexibleAssetField{{ID: 10, Order: 1}, {ID: 11, Order: 2}}}
	want := FieldOrder(ty)
	renamed := ty
	renamed.Name = "Pages"
	if got := FieldOrder(renamed); got != want {
		t.Errorf("renaming the type changed the field-order guard")
	}
	moved := ty
	moved.Fields = []client.FlexibleAssetField{{ID: 10, Order: 2}, {ID: 11, Order: 1}}
	if got := FieldOrder(moved); got == want {
		t.Errorf("swapping two fields left the field-order guard as it was")
	}
	if got := AssetType(ty).Order; got != want || AssetType(ty).Kind != plan.KindAssetType {
		t.Errorf("AssetType(t).Order = %+v; want FieldOrder(t) %+v", got, want)
	}
}
