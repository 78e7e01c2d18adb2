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
