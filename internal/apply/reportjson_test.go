package apply

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/plan"
)

func TestJSONReport(t *testing.T) {
	p := &plan.Plan{Target: plan.Target{BaseURL: "https://api.itglue.com"}, Changes: []plan.Change{
		{ID: "organization/Acme", Action: plan.Update, Kind: plan.KindOrganization, Organization: "Acme", Name: "Acme", LiveID: 1, Source: "o.yaml:1:1"},
		{ID: "organization/Same", Action: plan.NoOp, Kind: plan.KindOrganization, Name: "Same", LiveID: 2},
		{ID: "flexible-asset/Acme/Email/O365", Action: plan.Create, Kind: plan.KindAsset, Organization: "Acme", AssetType: "Email", Name: "O365"},
	}}
	res := func(i int, s Status, id int64, msg string) Result {
		ch := p.Changes[i]
		return Result{ID: ch.ID, Action: ch.Action, Kind: ch.Kind, Status: s, LiveID: id, Message: msg}
	}
	tests := []struct {
		name        string
		rep         *Report
		outcome     string
		wantOutcome string
		wantCounts  JSONCounts
		wantStatus  []Status
	}{
		{"all applied", &Report{Results: []Result{res(0, Applied, 1, ""), res(2, Applied, 9, "")}, Unchanged: 1}, "",
			OutcomeApplied, JSONCounts{Applied: 2, Unchanged: 1}, []Status{Applied, Applied}},
		{"stale only", &Report{Results: []Result{res(0, Stale, 1, "changed"), res(2, Applied, 9, "")}, Unchanged: 1}, "",
			OutcomeStale, JSONCounts{Applied: 1, Stale: 1, Unchanged: 1}, []Status{Stale, Applied}},
		{"failed beats stale", &Report{Results: []Result{res(0, Stale, 1, "changed"), res(2, Failed, 0, "422")}, Unchanged: 1}, "",
			OutcomePartial, JSONCounts{Failed: 1, Stale: 1, Unchanged: 1}, []Status{Stale, Failed}},
		{"cancelled is kept", &Report{Results: []Result{res(0, Applied, 1, ""), res(2, NotAttempted, 0, "interrupted")}, Unchanged: 1}, OutcomeCancelled,
			OutcomeCancelled, JSONCounts{Applied: 1, NotAttempted: 1, Unchanged: 1}, []Status{Applied, NotAttempted}},
		{"nothing attempted", nil, OutcomeRefused,
			OutcomeRefused, JSONCounts{NotAttempted: 2, Unchanged: 1}, []Status{NotAttempted, NotAttempted}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewJSONReport(p, tt.rep, tt.outcome, "")
			var buf bytes.Buffer
			if err := r.WriteJSON(&buf); err != nil {
				t.Fatal(err)
			}
			var got JSONReport
			if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
				t.Fatalf("the report is not JSON: %v\n%s", err, buf.String())
			}
			var statuses []Status
			for _, c := range got.Changes {
				statuses = append(statuses, c.Status)
			}
			if got.Outcome != tt.wantOutcome || got.FormatVersion != ReportFormatVersion {
				t.Errorf("outcome %q, version %q; want %q, %q", got.Outcome, got.FormatVersion, tt.wantOutcome, ReportFormatVersion)
			}
			if diff := cmp.Diff(tt.wantCounts, got.Counts); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantStatus, statuses); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
			if c := got.Changes[1]; c.Organization != "Acme" || c.AssetType != "Email" || c.Name != "O365" {
				t.Errorf("second change = %+v; want the plan's organization, type and name", c)
			}
		})
	}
}
