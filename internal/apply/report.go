package apply

import (
	"fmt"
	"io"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/textsafe"
)

// Status is what became of one change.
type Status string

// The statuses, as they appear in reports.
const (
	// Applied: the write succeeded.
	Applied Status = "applied"
	// Failed: the write was attempted and failed (or could not be built,
	// e.g. a secret's environment variable is not set).
	Failed Status = "failed"
	// Skipped: a change it depends on did not succeed; nothing was sent.
	Skipped Status = "skipped"
	// Stale: the live object changed since the plan; nothing was sent.
	Stale Status = "stale"
	// NotAttempted: the run was interrupted before reaching the change.
	NotAttempted Status = "not attempted"
)

// Result is the outcome of one change.
type Result struct {
	// ID, Action and Kind are the change's (see plan.Change).
	ID     string
	Action plan.Action
	Kind   plan.Kind
	Status Status
	// LiveID is the object's id: the new id for a create that succeeded.
	LiveID int64
	// Message says why the change failed, was skipped or went stale.
	Message string
}

// Report is the outcome of an apply: one Result per change that does
// something (no-ops are counted in Unchanged, not listed), in plan order.
type Report struct {
	Results []Result
	// Unchanged is the number of no-op changes in the plan.
	Unchanged int
	// Interrupted is set when the run was cancelled (Ctrl-C): the change
	// in flight finished or failed, and the rest were not attempted.
	Interrupted bool
	// Sweep is what the duplicate sweep after the last change did or
	// found (see Apply); empty when it found nothing.
	Sweep []SweepNote
}

// Counts are a report's results by status.
type Counts struct {
	Applied, Failed, Skipped, Stale, NotAttempted int
}

// Counts tallies the results by status.
func (r *Report) Counts() Counts {
	var c Counts
	for _, res := range r.Results {
		switch res.Status {
		case Applied:
			c.Applied++
		case Failed:
			c.Failed++
		case Skipped:
			c.Skipped++
		case Stale:
			c.Stale++
		case NotAttempted:
			c.NotAttempted++
		}
	}
	return c
}

// OK reports whether every change was applied.
func (r *Report) OK() bool {
	c := r.Counts()
	return c.Failed+c.Skipped+c.Stale+c.NotAttempted == 0
}

// String is the one-line summary, e.g.
// "3 applied, 1 failed, 1 skipped, 0 stale, 0 not attempted".
func (c Counts) String() string {
	return fmt.Sprintf("%d applied, %d failed, %d skipped, %d stale, %d not attempted",
		c.Applied, c.Failed, c.Skipped, c.Stale, c.NotAttempted)
}

// WriteText writes the report for people: every change that was not
// applied with its reason, then the summary line. Applied changes were
// already shown as progress, so they are only counted.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	for _, s := range []Status{Failed, Stale, Skipped, NotAttempted} {
		var lines []string
		for _, res := range r.Results {
			if res.Status != s {
				continue
			}
			line := fmt.Sprintf("  %s %s %s", res.Action.Symbol(), res.Kind, address(res.ID))
			if res.Message != "" {
				line += ": " + res.Message
			}
			lines = append(lines, textsafe.Line(line))
		}
		if len(lines) == 0 {
			continue
		}
		fmt.Fprintf(&b, "%s (%d):\n%s\n", statusHeading[s], len(lines), strings.Join(lines, "\n"))
	}
	if len(r.Sweep) > 0 {
		fmt.Fprintf(&b, "Duplicates from another apply running at the same time (%d):\n", len(r.Sweep))
		for _, n := range r.Sweep {
			fmt.Fprintf(&b, "  %s\n", textsafe.Line(n.Message))
		}
	}
	if r.Interrupted {
		fmt.Fprintf(&b, "Apply interrupted: %s.\n", r.Counts())
	} else {
		fmt.Fprintf(&b, "Apply complete: %s.\n", r.Counts())
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing the apply report: %w", err)
	}
	return nil
}

var statusHeading = map[Status]string{
	Failed:       "Failed",
	Stale:        "Refused as stale (changed since the plan; re-run plan)",
	Skipped:      "Skipped (a change they depend on did not succeed)",
	NotAttempted: "Not attempted (interrupted)",
}

// address drops the kind prefix from a change id ("organization/Acme" ->
// "Acme"), since the kind is printed beside it.
func address(id string) string {
	if _, rest, ok := strings.Cut(id, "/"); ok {
		return rest
	}
	return id
}
