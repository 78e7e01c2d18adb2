package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// FailedOptions describe a plan that could not be made.
type FailedOptions struct {
	// Marker, Hidden and Title are as in MarkdownOptions.
	Marker string
	Hidden []string
	Title  string
	// Error says why the plan failed (one line or more; escaped).
	Error string
	// Diagnostics are the problems found, with positions and hints.
	Diagnostics []plan.Diagnostic
	// RunURL, when set, links the run's log (http(s) only).
	RunURL string
	// MaxBytes caps the comment (default DefaultMaxBytes).
	MaxBytes int
}

// MarkdownFailed writes the comment for a plan that failed (invalid files,
// an unreachable API, a refused key): the marker, a heading saying the
// plan failed, the error and the diagnostics. Posted in place of the last
// plan, it keeps a stale green plan from being merged on.
func MarkdownFailed(w io.Writer, opts FailedOptions) error {
	d, err := newMDDoc(&plan.Plan{Diagnostics: opts.Diagnostics}, MarkdownOptions{Marker: opts.Marker, Hidden: opts.Hidden,
		Title: opts.Title, MaxBytes: opts.MaxBytes, FullPlanURL: opts.RunURL})
	if err != nil {
		return fmt.Errorf("rendering the failed plan: %w", err)
	}
	var b strings.Builder
	b.WriteString("<!-- " + d.opts.Marker + " -->\n")
	for _, h := range d.opts.Hidden {
		b.WriteString("<!-- " + h + " -->\n")
	}
	b.WriteString("### " + mdText(d.opts.Title) + ": plan failed\n\n")
	b.WriteString("> [!CAUTION]\n> **No plan could be made, so this pull request has no reviewed plan.** Fix the problem below and push again; the previous plan no longer applies.\n\n")
	if opts.Error != "" {
		for _, line := range strings.Split(strings.TrimSpace(opts.Error), "\n") {
			b.WriteString("> " + mdText(line) + "\n")
		}
		b.WriteString("\n")
	}
	if d.fullURL != "" {
		b.WriteString("See [the run's log](" + d.fullURL + ") for details.\n\n")
	}
	ps := []part{{head: b.String()}}
	if len(d.diags) > 0 {
		ps = append(ps, d.diagnosticsPart())
	}
	s, ok := fitParts(ps, d.max)
	if !ok {
		return fmt.Errorf("rendering the failed plan: the error does not fit in %d bytes", d.max)
	}
	if _, err := io.WriteString(w, s); err != nil {
		return fmt.Errorf("writing the failed plan: %w", err)
	}
	return nil
}
