package apply

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// BenchmarkPlan plans an account of 50 organizations, 10 types and N
// assets with no changes, as glue-sync plan does (load the repository,
// read the account from the in-process sandbox, compute the plan), and
// reports allocations and bytes allocated per asset, in total and for
// loading the repository alone. Allocations per asset should stay flat
// as N grows (BENCHMARKS.md; TestPlanAllocationsPerAsset guards them in
// CI). The sandbox serves the pages in the same process, so ns/op and
// the totals include its share; load-* do not.
//
//	go test ./internal/apply -run '^$' -bench BenchmarkPlan -benchtime 3x
func BenchmarkPlan(b *testing.B) {
	for _, n := range []int{2000, 20000} {
		b.Run(fmt.Sprintf("assets=%d", n), func(b *testing.B) {
			r := scale{orgs: 50, types: 10, assets: n}.start(b)
			ctx := context.Background()
			var load, total memDelta
			b.ReportAllocs()
			for b.Loop() {
				m0 := readMem()
				ds, diags := spec.LoadDir(ctx, r.dir)
				if diags.HasErrors() {
					b.Fatal(diags)
				}
				m1 := readMem()
				live, err := reconcile.ReadLive(ctx, reconcile.ClientAPI(r.c), reconcile.ScopeOf(ds, nil))
				if err != nil {
					b.Fatal(err)
				}
				if p := reconcile.Compute(ds, live, reconcile.Options{SourceDir: r.dir}); p.HasChanges() || p.HasErrors() {
					b.Fatalf("plan of an equal account: %+v", p.Count())
				}
				m2 := readMem()
				load.add(m0, m1)
				total.add(m0, m2)
			}
			per := float64(load.runs * n)
			b.ReportMetric(float64(load.allocs)/per, "load-allocs/asset")
			b.ReportMetric(float64(load.bytes)/per, "load-B/asset")
			b.ReportMetric(float64(total.allocs)/per, "allocs/asset")
			b.ReportMetric(float64(total.bytes)/per, "B/asset")
		})
	}
}

type memDelta struct{ allocs, bytes, runs int }

func (d *memDelta) add(a, b runtime.MemStats) {
	d.allocs += int(b.Mallocs - a.Mallocs)
	d.bytes += int(b.TotalAlloc - a.TotalAlloc)
	d.runs++
}

func readMem() runtime.MemStats {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m
}
