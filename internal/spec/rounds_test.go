package spec

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"unsafe"

	"github.com/google/go-cmp/cmp"
)

// TestTypeDeclaredInAnyFileAndSpelling: assets are converted file by file
// once every type is known (readFiles), so every way of writing kind:
// FlexibleAssetType must be seen before the assets that use the type,
// whichever file comes first. A type missed that way would leave its
// assets without traits or identity, silently.
func TestTypeDeclaredInAnyFileAndSpelling(t *testing.T) {
	tests := []struct{ name, kind string }{
		{"plain", "FlexibleAssetType"},
		{"single quotes", "'FlexibleAssetType'"},
		{"double quotes", `"FlexibleAssetType"`},
		{"hex escape", `"\x46lexibleAssetType"`},
		{"unicode escape", `"Flexible\u0041ssetType"`},
		{"escaped line break", "\"Flexible\\\n  AssetType\""},
		{"block scalar", ">-\n  FlexibleAssetType"},
		{"tagged", "!!str FlexibleAssetType"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := baseFS(t)
			// a.yaml comes before z.yaml, which declares the type.
			fsys["a.yaml"] = &fstest.MapFile{Data: []byte("kind: FlexibleAsset\norganization: Contoso\ntype: Late\n" +
				"traits:\n  Title: first\n  Size: 3\n")}
			fsys["z.yaml"] = &fstest.MapFile{Data: []byte("kind: " + tt.kind + "\nname: Late\nfields:\n" +
				"  - {name: Title, kind: Text, useForTitle: true, showInList: true}\n  - {name: Size, kind: Number}\n")}
			ds, diags := Load(context.Background(), fsys, ".")
			if len(diags) != 0 {
				t.Fatalf("diagnostics:\n%s", diags)
			}
			a := findAsset(t, ds, "Contoso", "Late", "first")
			if tv := a.Traits.Get("Size"); tv == nil || tv.Text != "3" || tv.Kind() != KindNumber {
				t.Errorf("trait Size = %+v; want the Number 3", tv)
			}
		})
	}
}

// TestCountsOnlyGivesTheSameDiagnosticsAndCounts: CountsOnly (glue-sync
// validate) drops trait values as it goes, but every check must still
// report what a full load reports, for every broken document of the
// corpus (checked in TestBrokenCorpus, beside the full load it makes
// anyway) and for the example repository.
func TestCountsOnlyGivesTheSameDiagnosticsAndCounts(t *testing.T) {
	fsys := fstest.MapFS{}
	root := "../../examples/repo"
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	full, want := Load(context.Background(), fsys, ".")
	checkCountsOnly(t, fsys, full, want)
}

// checkCountsOnly loads fsys with CountsOnly and compares the diagnostics
// and counts with those of its full load (full, want).
func checkCountsOnly(t *testing.T, fsys fstest.MapFS, full *DesiredState, want Diagnostics) {
	t.Helper()
	lean, got := Load(context.Background(), fsys, ".", CountsOnly())
	if diff := cmp.Diff(want.String(), got.String()); diff != "" {
		t.Errorf("diagnostics with CountsOnly differ (-full +lean):\n%s", diff)
	}
	if (full == nil) != (lean == nil) {
		t.Fatalf("full state %v, lean state %v", full != nil, lean != nil)
	}
	if full != nil && (len(full.Assets) != len(lean.Assets) || len(full.Organizations) != len(lean.Organizations) ||
		len(full.AssetTypes) != len(lean.AssetTypes) || full.Files != lean.Files || full.MarkdownFiles != lean.MarkdownFiles) {
		t.Errorf("counts differ: full %d/%d/%d/%d/%d, lean %d/%d/%d/%d/%d", len(full.Assets), len(full.Organizations),
			len(full.AssetTypes), full.Files, full.MarkdownFiles, len(lean.Assets), len(lean.Organizations), len(lean.AssetTypes),
			lean.Files, lean.MarkdownFiles)
	}
}

// TestTraitValueSize guards the size of the value held for every stated
// trait of every asset (memory per asset, BENCHMARKS.md): a field added in
// the wrong place can push it into the next size class.
func TestTraitValueSize(t *testing.T) {
	if got := unsafe.Sizeof(TraitValue{}); got > 80 {
		t.Errorf("TraitValue is %d bytes; keep it at 80 or less (rare shapes behind the one pointer, the field's name and kind read from its definition, the bools beside the int32s)", got)
	}
}
