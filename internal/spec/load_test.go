package spec

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestLoadTraitValues(t *testing.T) {
	fsys := baseFS(t)
	fsys["x/y.yml"] = &fstest.MapFile{Data: []byte(`kind: FlexibleAsset
organization: Contoso
type: Server
traits:
  Hostname: "2024"
  Notes: null
  Installed: 2024-03-31
  Cores: 8
  Load: 7.50
  Virtual: false
  Phone: "0800 123 456"
`)}
	ds, diags := Load(context.Background(), fsys, ".")
	if len(diags) != 0 {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	a := findAsset(t, ds, "Contoso", "Server", "2024")
	got := map[string]TraitParts{}
	for _, v := range a.Traits {
		got[v.Key] = TraitParts{Null: v.Null, Text: v.Text, Bool: v.Bool}
	}
	want := map[string]TraitParts{
		"Hostname": {Text: "2024"}, "Notes": {Null: true}, "Installed": {Text: "2024-03-31"},
		"Cores": {Text: "8"}, "Load": {Text: "7.50"}, "Virtual": {Bool: false}, "Phone": {Text: "0800 123 456"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("trait values (-want +got):\n%s", diff)
	}
	if tv := a.Traits.Get("Cores"); tv.Pos() != (Pos{File: "x/y.yml", Line: 8, Col: 3}) || tv.ValuePos() != (Pos{File: "x/y.yml", Line: 8, Col: 10}) {
		t.Errorf("Cores positions = %v / %v; want x/y.yml:8:3 / x/y.yml:8:10", tv.Pos(), tv.ValuePos())
	}
}

func TestLoadSkipsAndRoot(t *testing.T) {
	base := baseFS(t)["base.yaml"]
	fsys := fstest.MapFS{
		"repo/base.yaml":         base,
		"repo/.github/ci.yaml":   {Data: []byte("not: [valid")},
		"repo/.hidden.yaml":      {Data: []byte("not: [valid")},
		"repo/notes.json":        {Data: []byte("{")},
		"repo/README.md":         {Data: []byte("# hi")},
		"repo/deep/er/org.yaml":  {Data: []byte("kind: Organization\nname: Deep\n")},
		"repo/deep/er/bad.yaml":  {Data: []byte("kind: Organization\nname: Deep\n")},
		"elsewhere/ignored.yaml": {Data: []byte("not: [valid")},
	}
	ds, diags := Load(context.Background(), fsys, "repo")
	want := "repo/deep/er/org.yaml:2:7: organization \"Deep\" is already declared at repo/deep/er/bad.yaml:1:1\n"
	if diff := cmp.Diff(want, diags.String()); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if ds.Files != 3 {
		t.Errorf("Files = %d; want 3 (hidden, .json and other files skipped)", ds.Files)
	}
}

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ds, diags := Load(ctx, baseFS(t), ".")
	if ds != nil || !strings.Contains(diags.String(), "loading stopped: context canceled") {
		t.Errorf("got %v, %q; want nil state and a cancellation error", ds, diags)
	}
}

func TestDiagnosticsSorted(t *testing.T) {
	fsys := fstest.MapFS{
		"b.yaml": {Data: []byte("kind: Organization\nname: B\nparent: X\n")},
		"a.yaml": {Data: []byte("kind: Organization\nname: A\nparent: Y\nalert: 3\n")},
	}
	_, diags := Load(context.Background(), fsys, ".")
	want := `a.yaml:3:9: parent: unknown organization "Y" (declare it with kind: Organization)
a.yaml:4:8: alert: must be a string, not a number (quote it: "3")
b.yaml:3:9: parent: unknown organization "X" (declare it with kind: Organization)
`
	if diff := cmp.Diff(want, diags.String()); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

// TestPasswordsNeverEchoed checks that no diagnostic repeats what might be
// a password written in the wrong place.
func TestPasswordsNeverEchoed(t *testing.T) {
	const secret = "Tr0ub4dor&3"
	for _, v := range []string{secret, `"` + secret + `"`, "{env: \"" + secret + "\"}", "[" + secret + "]", "{value: " + secret + "}"} {
		fsys := baseFS(t)
		fsys["case.yaml"] = &fstest.MapFile{Data: []byte("kind: FlexibleAsset\norganization: Contoso\ntype: Server\ntraits:\n  Hostname: X\n  Admin Password: " + v + "\n")}
		_, diags := Load(context.Background(), fsys, ".")
		if !diags.HasErrors() {
			t.Errorf("Admin Password: %s accepted", v)
		}
		if strings.Contains(diags.String(), secret) {
			t.Errorf("Admin Password: %s echoed in:\n%s", v, diags)
		}
	}
}

// TestBareDatesAreText pins a documented decision: a bare date where text
// is meant is read as the text written (as YAML 1.2 and the editor schema
// read it), never as a timestamp and never as an error, but with a
// warning at the value asking to quote it. Date traits and the default of
// a Date field are meant to be dates: no warning.
func TestBareDatesAreText(t *testing.T) {
	fsys := baseFS(t)
	fsys["dates.yaml"] = &fstest.MapFile{Data: []byte(`kind: Organization
name: Dated
description: 2024-03-31
quickNotes: "2024-03-31"
---
kind: FlexibleAsset
organization: Contoso
type: Server
traits:
  Hostname: 2024-03-31
  Notes: 2001-12-14t21:59:43.10-05:00
  Installed: 2024-03-31
---
kind: FlexibleAssetType
name: Lease
fields:
  - {name: Ref, kind: Text, useForTitle: true, showInList: true}
  - {name: Start, kind: Date, default: 2024-01-01}
  - {name: Term, kind: Select, options: [2024-01-01, Open]}
`)}
	ds, diags := Load(context.Background(), fsys, ".")
	want := `dates.yaml:3:14: warning: description: the bare date 2024-03-31 is read as the text "2024-03-31" (quote it to make the intent explicit)
dates.yaml:10:13: warning: trait "Hostname": the bare date 2024-03-31 is read as the text "2024-03-31" (quote it to make the intent explicit)
dates.yaml:11:10: warning: trait "Notes": the bare date 2001-12-14t21:59:43.10-05:00 is read as the text "2001-12-14t21:59:43.10-05:00" (quote it to make the intent explicit)
dates.yaml:19:42: warning: field "Term": options[0]: the bare date 2024-01-01 is read as the text "2024-01-01" (quote it to make the intent explicit)
`
	if diff := cmp.Diff(want, diags.String()); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if diags.HasErrors() {
		t.Fatalf("a bare date where text is meant must not fail validation")
	}
	if d := ds.Organization("Dated").Description; d == nil || *d != "2024-03-31" {
		t.Errorf("description = %v; want the text 2024-03-31", d)
	}
	a := findAsset(t, ds, "Contoso", "Server", "2024-03-31")
	if got := a.Traits.Get("Notes").Text; got != "2001-12-14t21:59:43.10-05:00" {
		t.Errorf("Notes = %q; want the timestamp as written", got)
	}
}

// TestBareDateWhereNumberIsMeant: a bare date where a number is expected
// stays an error, without a warning that it was read as text.
func TestBareDateWhereNumberIsMeant(t *testing.T) {
	fsys := baseFS(t)
	fsys["case.yaml"] = &fstest.MapFile{Data: []byte("kind: Organization\nname: Dated\nid: 2024-03-31\n---\n" +
		"kind: FlexibleAsset\norganization: Contoso\ntype: Server\ntraits:\n  Hostname: X\n  Cores: 2024-03-31\n")}
	_, diags := Load(context.Background(), fsys, ".")
	if diags.Errors() != 2 || strings.Contains(diags.String(), "warning") {
		t.Errorf("want two errors and no warning; got:\n%s", diags)
	}
}
