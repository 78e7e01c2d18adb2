package apply

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// ReportFormatVersion is the version of the JSON apply report written by
// WriteJSON; it follows the plan format's rules (docs/plan-format.md).
const ReportFormatVersion = "1.1"

// The outcomes of a run, as JSONReport.Outcome gives them.
const (
	// OutcomeApplied: every change was applied.
	OutcomeApplied = "applied"
	// OutcomeNothingToDo: the account already matched; nothing was sent.
	OutcomeNothingToDo = "nothing to do"
	// OutcomeStale: some objects changed since the plan and were refused;
	// everything else was applied.
	OutcomeStale = "stale"
	// OutcomePartial: some changes failed, were skipped or not attempted.
	OutcomePartial = "partial"
	// OutcomeRefused: nothing was applied (the plan has errors, or apply
	// could not start); Error says why.
	OutcomeRefused = "refused"
	// OutcomeCancelled: the user declined or interrupted the run.
	OutcomeCancelled = "cancelled"
)

// JSONReport is the machine-readable apply report: one entry per change
// that does something, with what became of it, for CI to consume.
type JSONReport struct {
	FormatVersion string       `json:"format_version"`
	Source        plan.Source  `json:"source"`
	Target        plan.Target  `json:"target"`
	Outcome       string       `json:"outcome"`
	Error         string       `json:"error,omitempty"`
	Counts        JSONCounts   `json:"counts"`
	Changes       []JSONResult `json:"changes"`
	// Diagnostics are the plan's, when it has errors or warnings.
	Diagnostics []plan.Diagnostic `json:"diagnostics,omitempty"`
	// Sweep is what the duplicate sweep did or found (report format 1.1).
	Sweep []JSONSweep `json:"sweep,omitempty"`
}

// JSONSweep is one SweepNote.
type JSONSweep struct {
	ID      string `json:"id,omitempty"`
	Deleted int64  `json:"deleted,omitempty"`
	Kept    int64  `json:"kept,omitempty"`
	Message string `json:"message"`
}

// JSONCounts are the results by status; Unchanged counts no-op changes.
type JSONCounts struct {
	Applied      int `json:"applied"`
	Failed       int `json:"failed"`
	Skipped      int `json:"skipped"`
	Stale        int `json:"stale"`
	NotAttempted int `json:"not_attempted"`
	Unchanged    int `json:"unchanged"`
}

// JSONResult is one change and its status.
type JSONResult struct {
	ID           string      `json:"id"`
	Action       plan.Action `json:"action"`
	Kind         plan.Kind   `json:"kind"`
	Organization string      `json:"organization,omitempty"`
	AssetType    string      `json:"asset_type,omitempty"`
	Name         string      `json:"name"`
	Source       string      `json:"source,omitempty"`
	Status       Status      `json:"status"`
	LiveID       int64       `json:"live_id,omitempty"`
	Message      string      `json:"message,omitempty"`
}

// NewJSONReport builds the JSON report of applying p. rep is nil when
// nothing was attempted: every change is then "not attempted", and
// outcome and why (OutcomeRefused, OutcomeCancelled, OutcomeNothingToDo)
// say what happened. With a report, an empty outcome is derived from its
// counts.
func NewJSONReport(p *plan.Plan, rep *Report, outcome, why string) *JSONReport {
	out := &JSONReport{FormatVersion: ReportFormatVersion, Source: p.Source, Target: p.Target, Outcome: outcome, Error: why,
		Changes: []JSONResult{}, Diagnostics: p.Diagnostics}
	byID := make(map[string]*plan.Change, len(p.Changes))
	for i := range p.Changes {
		byID[p.Changes[i].ID] = &p.Changes[i]
	}
	add := func(ch *plan.Change, res Result) {
		r := JSONResult{ID: res.ID, Action: res.Action, Kind: res.Kind, Status: res.Status, LiveID: res.LiveID, Message: res.Message}
		if ch != nil {
			r.Organization, r.AssetType, r.Name, r.Source = ch.Organization, ch.AssetType, ch.Name, ch.Source
		}
		out.Changes = append(out.Changes, r)
	}
	if rep == nil {
		for i := range p.Changes {
			ch := &p.Changes[i]
			if ch.Action == plan.NoOp {
				out.Counts.Unchanged++
				continue
			}
			out.Counts.NotAttempted++
			add(ch, Result{ID: ch.ID, Action: ch.Action, Kind: ch.Kind, Status: NotAttempted, LiveID: ch.LiveID})
		}
		return out
	}
	for _, res := range rep.Results {
		add(byID[res.ID], res)
	}
	for _, n := range rep.Sweep {
		out.Sweep = append(out.Sweep, JSONSweep(n))
	}
	c := rep.Counts()
	out.Counts = JSONCounts{Applied: c.Applied, Failed: c.Failed, Skipped: c.Skipped, Stale: c.Stale,
		NotAttempted: c.NotAttempted, Unchanged: rep.Unchanged}
	if out.Outcome == "" {
		switch {
		case c.Failed+c.Skipped+c.NotAttempted > 0:
			out.Outcome = OutcomePartial
		case c.Stale > 0:
			out.Outcome = OutcomeStale
		default:
			out.Outcome = OutcomeApplied
		}
	}
	return out
}

// WriteJSON writes r as indented JSON.
func (r *JSONReport) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("writing the apply report as JSON: %w", err)
	}
	return nil
}
