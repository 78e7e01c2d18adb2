package spec

import (
	"context"
	"testing"
	"testing/fstest"
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
			if tv := a.Traits["Size"]; tv == nil || tv.Text != "3" || tv.Kind != KindNumber {
				t.Errorf("trait Size = %+v; want the Number 3", tv)
			}
		})
	}
}
