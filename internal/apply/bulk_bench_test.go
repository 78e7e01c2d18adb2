package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// BenchmarkApplyBulk applies 3,500 asset deletes and 50 organization
// updates against the in-process sandbox, in bulk and, for comparison in
// the same run, one object per request (the code before bulk deletes and
// organization updates: "per-object"). It reports the requests and the
// seconds they take at IT Glue's rate (the client's budget of 2,700 per
// 300 s after a burst of 100), which is what bounds an apply; ns/op is
// the local cost. Seeding is not timed. .ci/bench runs it.
func BenchmarkApplyBulk(b *testing.B) {
	for _, sc := range []struct {
		name string
		make func(b *testing.B, c *client.Client) *plan.Plan
	}{
		{"3500-asset-deletes", func(b *testing.B, c *client.Client) *plan.Plan {
			acme, wiki := liveOrg(b, c, "Acme"), liveType(b, c, "Wiki")
			p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: noOps(acme, wiki)}
			for _, a := range wikiPages(b, c, acme, wiki, "Page", 3500) {
				p.Changes = append(p.Changes, wikiDelete("Acme", a))
			}
			return p
		}},
		{"50-organization-updates", func(b *testing.B, c *client.Client) *plan.Plan {
			p := &plan.Plan{FormatVersion: plan.FormatVersion}
			for k := range 50 {
				name := fmt.Sprintf("Client %d", k)
				o, err := c.Organizations.Create(context.Background(), client.OrganizationWrite{Name: &name})
				if err != nil {
					b.Fatal(err)
				}
				p.Changes = append(p.Changes, plan.Change{ID: "organization/" + name, Action: plan.Update, Kind: plan.KindOrganization,
					Organization: name, Name: name, LiveID: o.ID, Guard: guardOf(guard.Organization(o)),
					Write: &plan.Write{Attributes: map[string]json.RawMessage{"description": raw(`"new"`)}}})
			}
			return p
		}},
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
					c, _ := start(b)
					p := sc.make(b, c)
					c.ResetStats()
					b.StartTimer()
					run := newRunner(ClientAPI(c), p, Options{})
					run.perObject = mode.perObject
					if rep := runPlan(context.Background(), run); !rep.OK() {
						b.Fatalf("apply: %s", rep.Counts())
					}
					reqs = c.Stats().Requests
				}
				b.ReportMetric(float64(reqs), "requests")
				b.ReportMetric(max(0, float64(reqs-client.DefaultBurst))*client.DefaultRateWindow.Seconds()/client.DefaultRateRequests, "s-at-rate-limit")
			})
		}
	}
}
