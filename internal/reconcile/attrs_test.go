package reconcile

import (
	"testing"

	"github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// everyCompared checks that each Text and Bool attribute of table is
// compared: the repository object sets it (to something the live zero
// object does not hold) and the diff comes under its YAML name, sending
// its API name.
func everyCompared[T, W any](t *testing.T, table attrs.Table[T, W], want desired) {
	t.Helper()
	var live T
	d := newAttrDiffs(false)
	compareTable(d, table, &live, want)
	paths := map[string]bool{}
	for _, df := range d.diffs {
		paths[df.Path] = true
	}
	for _, a := range table {
		if a.YAML == "" || (a.Rule != attrs.Text && a.Rule != attrs.Bool) {
			continue
		}
		if !paths[a.YAML] {
			t.Errorf("attribute %s (%s): no diff under %q; reconcile does not compare it", a.API, a.Rule, a.YAML)
		}
		if _, ok := d.attrs[a.API]; !ok && !a.ReadOnly {
			t.Errorf("attribute %s: the write does not send it", a.API)
		}
	}
}

// TestEveryAttributeIsCompared: an attribute added to a table is compared
// only once reconcile reads it from the repository: this fails until it
// does.
func TestEveryAttributeIsCompared(t *testing.T) {
	s, yes := func(v string) *string { return &v }, true
	everyCompared(t, attrs.Organization, orgDesired(&spec.Organization{Name: "Acme", ShortName: s("AC"), Description: s("d"),
		Alert: s("a"), QuickNotes: s("q")}))
	everyCompared(t, attrs.AssetType, typeDesired(&spec.AssetType{Name: "Wiki", Description: s("d"), Icon: s("book"),
		Enabled: &yes, ShowInMenu: &yes}))
	everyCompared(t, attrs.Field, fieldDesired(&spec.Field{Name: "Seats", Hint: s("h"), Required: &yes, UseForTitle: &yes,
		ShowInList: &yes, Expiration: &yes}))
}

// TestDiffPathsAreRepositorySpelling: a plan names an attribute as the
// user wrote it (quickNotes, showInMenu), never the API's or snake_case.
func TestDiffPathsAreRepositorySpelling(t *testing.T) {
	notes, menu := "call first", true
	d := newAttrDiffs(false)
	compareTable(d, attrs.Organization, &client.Organization{Name: "Acme"}, desired{text: map[string]*string{"quickNotes": &notes}})
	compareTable(d, attrs.AssetType, &client.FlexibleAssetType{}, desired{bools: map[string]*bool{"showInMenu": &menu}})
	var got []string
	for _, df := range d.diffs {
		got = append(got, df.Path)
	}
	if len(got) != 2 || got[0] != "quickNotes" || got[1] != "showInMenu" {
		t.Errorf("diff paths %q; want [quickNotes showInMenu]", got)
	}
	if string(d.attrs["quick-notes"]) != `"call first"` || string(d.attrs["show-in-menu"]) != "true" {
		t.Errorf("attributes sent %s; want quick-notes and show-in-menu", mustJSON(d.attrs))
	}
}
