package spec

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
)

// FuzzLoad feeds arbitrary bytes to the loader, as a document file next to
// the valid base or as the repository configuration. Whatever the input,
// Load must return (never panic), report positioned and sorted
// diagnostics, and return a state whenever it reports no error.
func FuzzLoad(f *testing.F) {
	paths, _ := filepath.Glob("testdata/broken/*.yaml")
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data, false)
		}
	}
	f.Add([]byte("version: 1\nmanage: {organizations: all}\n"), true)
	base, err := os.ReadFile("testdata/base/base.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, asConfig bool) {
		name := "case.yaml"
		if asConfig {
			name = ConfigFile
		}
		fsys := fstest.MapFS{"base.yaml": {Data: base}, name: {Data: data}}
		ds, diags := Load(context.Background(), fsys, ".")
		if !diags.HasErrors() && ds == nil {
			t.Fatalf("no errors but no state")
		}
		if !slices.IsSortedFunc(diags, func(a, b Diagnostic) int { return comparePos(a.Pos, b.Pos) }) {
			t.Fatalf("diagnostics not sorted:\n%s", diags)
		}
		if !diags.HasErrors() {
			checkConsistent(t, ds)
		}
		for _, d := range diags {
			if d.Pos.File == "" || d.Pos.Line < 0 || d.Pos.Col < 0 || d.Message == "" {
				t.Fatalf("badly positioned diagnostic %+v", d)
			}
			if d.Pos.File != "base.yaml" && d.Pos.File != name && d.Pos.File != "." {
				t.Fatalf("diagnostic names an unknown file: %+v", d)
			}
		}
	})
}

// checkConsistent asserts what a state loaded without errors promises the
// reconciler: every reference resolves and every asset can be matched.
func checkConsistent(t *testing.T, ds *DesiredState) {
	t.Helper()
	for _, a := range ds.Assets {
		typ := ds.AssetType(a.Type)
		if ds.Organization(a.Organization) == nil || typ == nil {
			t.Fatalf("asset at %s: organization or type not declared", a.Pos)
		}
		if a.Identity == "" && a.ID == nil {
			t.Fatalf("asset at %s has neither identity nor id", a.Pos)
		}
		for _, tv := range a.Traits {
			key := tv.Key
			f := typ.Field(key)
			if f == nil || f.Name != tv.Field() || f.Kind != tv.Kind() {
				t.Fatalf("trait %q at %s does not match its field", key, tv.Pos())
			}
			for _, r := range tv.Tags() {
				if ds.Organization(r.Organization) == nil {
					t.Fatalf("tag %+v names an undeclared organization", r)
				}
				if r.Kind == TagKindAsset && ds.Asset(r.Organization, r.AssetType, r.Name) == nil {
					t.Fatalf("tag %+v does not resolve", r)
				}
			}
			if tv.Kind() == KindPassword && !tv.Null && tv.Secret() == nil {
				t.Fatalf("password trait at %s without a secret source", tv.Pos())
			}
		}
	}
	for _, o := range ds.Organizations {
		if o.Parent != nil && *o.Parent != "" && ds.Organization(*o.Parent) == nil {
			t.Fatalf("organization %q: parent not declared", o.Name)
		}
	}
}
