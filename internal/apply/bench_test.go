package apply

import (
	"context"
	"fmt"
	"testing"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// BenchmarkApplyCreates applies 500 asset creates in one organization and
// reports the API requests and time per asset.
func BenchmarkApplyCreates(b *testing.B) {
	const n = 500
	for b.Loop() {
		b.StopTimer()
		c, _ := start(b)
		p := &plan.Plan{}
		for i := range n {
			p.Changes = append(p.Changes, wikiCreate("Acme", fmt.Sprintf("Page %d", i), nil))
		}
		b.StartTimer()
		rep, err := Apply(context.Background(), ClientAPI(c), p, Options{})
		if err != nil || rep.Counts().Applied != n {
			b.Fatalf("apply: %v, %v", err, rep.Counts())
		}
		b.ReportMetric(float64(c.Stats().Requests)/n, "requests/asset")
	}
}
