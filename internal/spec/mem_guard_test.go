package spec

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
	"weak"

	"gopkg.in/yaml.v3"
)

// TestLoadMemoryPerAsset guards what a loaded asset costs (BENCHMARKS.md,
// issue 10): the heap the state keeps once Load returns, with and without
// CountsOnly (glue-sync validate), and the allocations Load makes, per
// asset of the benchmark repository (an asset of eight traits and one of
// three, with tags and a password, in turn). The budgets sit a little
// above what was measured (1,059 and 552 bytes kept; 8.05 and 7.65 kB
// allocated, 8.44 and 8.03 kB under -race; before the cuts of issue 10,
// 1,467 bytes kept and 9.07 kB allocated without CountsOnly): a change
// that makes TraitValue bigger again, keeps YAML or a per-asset buffer
// alive, or allocates per trait again fails here.
func TestLoadMemoryPerAsset(t *testing.T) {
	// The figures are slopes: what a load of 2n assets costs above a load
	// of n, over n. What every load pays once (the schema's validation,
	// the file list, maps' first buckets) cancels out, so that a small
	// repository measures the same per-asset cost as a large one and the
	// guard stays cheap under -race.
	const n = 600
	small, large := t.TempDir(), t.TempDir()
	writeBenchRepo(t, small, n, 10)
	writeBenchRepo(t, large, 2*n, 20)
	LoadDir(context.Background(), small) // the schema, compiled once per process

	tests := []struct {
		name string
		opts []LoadOption
		// kept is the live heap per asset after the load; allocated
		// the bytes allocated per asset during it.
		kept, allocated float64
	}{
		{"plan", nil, 1150, 8800},
		{"validate (CountsOnly)", []LoadOption{CountsOnly()}, 600, 8400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			measure := func(dir string, want int) (kept, allocated float64) {
				var before, after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				ds, diags := LoadDir(context.Background(), dir, tt.opts...)
				runtime.GC()
				runtime.ReadMemStats(&after)
				if len(diags) != 0 || len(ds.Assets) != want+2 {
					t.Fatalf("loaded %d assets with diagnostics:\n%s", len(ds.Assets), diags)
				}
				runtime.KeepAlive(ds)
				return float64(after.HeapAlloc) - float64(before.HeapAlloc), float64(after.TotalAlloc - before.TotalAlloc)
			}
			k1, a1 := measure(small, n)
			k2, a2 := measure(large, 2*n)
			kept, allocated := (k2-k1)/n, (a2-a1)/n
			t.Logf("%.0f bytes kept, %.0f bytes allocated per asset", kept, allocated)
			if kept > tt.kept {
				t.Errorf("the loaded state keeps %.0f bytes per asset; want at most %.0f", kept, tt.kept)
			}
			if allocated > tt.allocated {
				t.Errorf("Load allocates %.0f bytes per asset; want at most %.0f", allocated, tt.allocated)
			}
		})
	}
}

// TestConvertedDocumentsDie: in the second round (files that declare no
// type) a document's YAML tree is garbage once its asset is converted,
// so that at most one document's tree per file is alive, not the whole
// file's (issue 10: validate's peak memory). Weak pointers to every
// document of a file of 60 assets are checked after a collection at the
// last one.
func TestConvertedDocumentsDie(t *testing.T) {
	var sb strings.Builder
	const n = 60
	for i := range n {
		fmt.Fprintf(&sb, "---\nkind: FlexibleAsset\norganization: Contoso\ntype: Server\ntraits:\n  Hostname: SRV-%03d\n  Cores: %d\n", i, i+1)
	}
	fsys := baseFS(t)
	fsys["assets.yaml"] = &fstest.MapFile{Data: []byte(sb.String())}
	var docs []weak.Pointer[yaml.Node]
	alive := -1
	watch := func(l *loader) {
		l.afterDocument = func(file string, doc *yaml.Node) {
			if file != "assets.yaml" {
				return
			}
			docs = append(docs, weak.Make(doc))
			if len(docs) == n {
				runtime.GC()
				alive = 0
				for _, w := range docs[:n-1] {
					if w.Value() != nil {
						alive++
					}
				}
			}
		}
	}
	ds, diags := Load(context.Background(), fsys, ".", watch)
	if diags.HasErrors() {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	if got := len(ds.AssetsOf("Contoso", "Server")); got != n+1 { // and base.yaml's
		t.Fatalf("loaded %d servers; want %d", got, n+1)
	}
	if alive != 0 {
		t.Errorf("%d of the file's %d earlier documents are still alive at its last one; want none (alive = -1: the last was never seen)", alive, n-1)
	}
}
