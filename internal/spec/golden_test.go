package spec

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// baseFS returns the shared context of the broken-document corpus.
func baseFS(t testing.TB) fstest.MapFS {
	t.Helper()
	base, err := os.ReadFile("testdata/base/base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return fstest.MapFS{"base.yaml": {Data: base}}
}

func TestBaseIsValid(t *testing.T) {
	ds, diags := Load(context.Background(), baseFS(t), ".")
	if len(diags) != 0 {
		t.Fatalf("testdata/base/base.yaml must load cleanly; got:\n%s", diags)
	}
	if len(ds.Organizations) != 2 || len(ds.AssetTypes) != 3 || len(ds.Assets) != 2 {
		t.Errorf("base has %d orgs, %d types, %d assets; want 2, 3, 2", len(ds.Organizations), len(ds.AssetTypes), len(ds.Assets))
	}
}

// TestBrokenCorpus loads each testdata/broken/NAME.yaml next to the base
// (as case.yaml, or as glue-sync.yaml when NAME starts with "config-") and
// compares every diagnostic, with its exact position, to NAME.golden.
func TestBrokenCorpus(t *testing.T) {
	cases, err := filepath.Glob("testdata/broken/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 40 {
		t.Fatalf("corpus has %d documents; want at least 40", len(cases))
	}
	for _, path := range cases {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fsys := baseFS(t)
			target := "case.yaml"
			if strings.HasPrefix(name, "config-") {
				target = ConfigFile
			}
			fsys[target] = &fstest.MapFile{Data: data}
			ds, diags := Load(context.Background(), fsys, ".")
			if !diags.HasErrors() {
				t.Errorf("no error reported for a broken document")
			}
			// CountsOnly reports the same, counts the same
			// (TestCountsOnlyGivesTheSameDiagnosticsAndCounts), with the
			// document as case.yaml whatever its name.
			if target == "case.yaml" {
				checkCountsOnly(t, fsys, ds, diags)
			} else {
				cfs := fstest.MapFS{"base.yaml": fsys["base.yaml"], "case.yaml": {Data: data}}
				full, want := Load(context.Background(), cfs, ".")
				checkCountsOnly(t, cfs, full, want)
			}
			got := diags.String()
			golden := strings.TrimSuffix(path, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("diagnostics differ (-want +got):\n%s", diff)
			}
		})
	}
}
