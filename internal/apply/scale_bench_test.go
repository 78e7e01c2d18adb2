package apply

import (
	"testing"
)

// BenchmarkMSPScale plans and applies an account of 200 organizations, 25
// types and 20,000 assets against the in-process sandbox: a plan with no
// changes, applies of 2,000 (10%) and of all 20,000 assets updated, and
// an apply of 1,000 creates (25 in each of 40 organizations, listed by type
// so one organization's creates are far apart in the plan). Apply runs in bulk and, for comparison in
// the same run, one object per request ("per-object": one GET per guard,
// one PATCH per update). It reports the requests, which bound how long the
// run takes against IT Glue's 3,000 requests per 5 minutes; ns/op and
// allocs are the local cost. Seeding and planning are not timed for the
// apply cases.
func BenchmarkMSPScale(b *testing.B) {
	const orgs, types, assets = 200, 25, 20000
	b.Run("plan-no-changes", func(b *testing.B) {
		s := scale{orgs: orgs, types: types, assets: assets}
		b.ReportAllocs()
		var reqs int64
		for b.Loop() {
			b.StopTimer()
			r := s.start(b)
			b.StartTimer()
			if p := r.plan(b); p.HasChanges() {
				b.Fatalf("plan of an equal account has changes: %+v", p.Count())
			}
			reqs = r.c.Stats().Requests
		}
		b.ReportMetric(float64(reqs), "requests")
	})
	for _, sc := range []struct {
		name string
		s    scale
		n    int
	}{
		{"apply-10pct-updates", scale{orgs: orgs, types: types, assets: assets, updateEvery: 10}, assets / 10},
		{"apply-100pct-updates", scale{orgs: orgs, types: types, assets: assets, updateEvery: 1}, assets},
		{"apply-1000-creates", scale{orgs: orgs, types: types, assets: assets, creates: 1000}, 1000},
	} {
		for _, mode := range []struct {
			name      string
			perObject bool
		}{{"bulk", false}, {"per-object", true}} {
			b.Run(sc.name+"/"+mode.name, func(b *testing.B) {
				b.ReportAllocs()
				var reqs int64
				for b.Loop() {
					b.StopTimer()
					r := sc.s.start(b)
					p := r.plan(b)
					if c := p.Count(); c.Create+c.Update != sc.n {
						b.Fatalf("plan counts %+v; want %d changes", c, sc.n)
					}
					r.c.ResetStats()
					b.StartTimer()
					r.apply(b, p, mode.perObject)
					reqs = r.c.Stats().Requests
				}
				b.ReportMetric(float64(reqs), "requests")
				b.ReportMetric(float64(reqs)/float64(sc.n), "requests/change")
			})
		}
	}
}
