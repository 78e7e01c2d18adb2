package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// DefaultMaxBytes is GitHub's limit on one comment (65,536 characters).
const DefaultMaxBytes = 65536

// MarkdownOptions control the pull-request comment rendering.
type MarkdownOptions struct {
	// Marker is the text of the hidden HTML comment on the first line, by
	// which a bot finds and updates its own comment (default "glue-sync plan").
	Marker string
	// Title is the heading's text (default "glue-sync plan").
	Title string
	// MaxBytes is the most the comment may hold (default DefaultMaxBytes).
	// It counts bytes, which are never fewer than characters.
	MaxBytes int
	// FullPlanURL, when set, is linked from the note on a shortened comment
	// (e.g. the job summary or the plan artifact). It must be http(s).
	FullPlanURL string
	// FullPlanHint, when set, says where the full plan is, as plain text
	// (e.g. "the plan.json artifact of this run"); used without a URL.
	FullPlanHint string
	// MaxUnmanaged caps the unmanaged objects listed (0 means 20, negative none).
	MaxUnmanaged int
	// MaxValueWidth and MaxLines shorten long values as in TextOptions.
	MaxValueWidth, MaxLines int
}

// mdLevel is how much detail the comment carries; Markdown steps down
// until the comment fits.
type mdLevel int

const (
	levelFull   mdLevel = iota // attribute diffs with values
	levelNames                 // changed attribute names only
	levelLines                 // one line per change
	levelCounts                // counts per organization only
)

var levelNotes = [...]string{
	levelNames:  "it shows which attributes change, without their values",
	levelLines:  "it lists one line per change, without attributes",
	levelCounts: "it shows counts per organization only, and long lists are cut short",
}

// Markdown writes p as a sticky pull-request comment: a hidden marker
// line, a heading with the counts, a table of counts, deletions in a
// warning block, one collapsible diff per organization (and one for types
// and fields), then unmanaged objects and diagnostics. If that exceeds
// opts.MaxBytes it steps down (attribute names only, then one line per
// change, then counts per organization) and says so; it only ever drops
// whole elements, never part of a code block or <details>.
func Markdown(w io.Writer, p *plan.Plan, opts MarkdownOptions) error {
	if p == nil {
		return fmt.Errorf("rendering plan as Markdown: no plan")
	}
	d, err := newMDDoc(p, opts)
	if err != nil {
		return fmt.Errorf("rendering plan as Markdown: %w", err)
	}
	out, _, err := d.render()
	if err != nil {
		return fmt.Errorf("rendering plan as Markdown: %w", err)
	}
	if _, err := io.WriteString(w, out); err != nil {
		return fmt.Errorf("writing Markdown plan: %w", err)
	}
	return nil
}

// render tries each level in turn and returns the first that fits.
func (d *mdDoc) render() (string, mdLevel, error) {
	for lvl := levelFull; lvl < levelCounts; lvl++ {
		if parts, ok := d.parts(lvl); ok {
			if s, ok := joinParts(parts, d.max); ok {
				return s, lvl, nil
			}
		}
	}
	parts, _ := d.parts(levelCounts)
	s, ok := fitParts(parts, d.max)
	if !ok {
		return "", levelCounts, fmt.Errorf("the plan does not fit in %d bytes even as counts only; raise the limit", d.max)
	}
	return s, levelCounts, nil
}

// parts lays out the comment at one level. It gives up (false) as soon as
// a level above counts-only has grown past the limit.
func (d *mdDoc) parts(lvl mdLevel) ([]part, bool) {
	var ps []part
	total := 0
	add := func(p part) bool {
		ps = append(ps, p)
		total += p.size()
		return lvl == levelCounts || total <= d.max
	}
	add(part{head: d.header()})
	if d.errs > 0 {
		add(part{head: "> [!CAUTION]\n> **The plan has " + plural(d.errs, "error", "errors") +
			" and cannot be applied.** See Diagnostics below.\n\n"})
	}
	if len(d.deletes) > 0 {
		add(d.deletionsPart())
	}
	if lvl > levelFull {
		add(part{head: d.note(lvl)})
	}
	if lvl < levelCounts {
		for i := range d.sections {
			if !add(part{head: d.sectionDetails(&d.sections[i], lvl)}) {
				return nil, false
			}
		}
	} else if len(d.sections) > 0 {
		add(d.countsPart())
	}
	if len(d.unmanaged) > 0 {
		add(d.unmanagedPart())
	}
	if len(d.diags) > 0 {
		add(d.diagnosticsPart())
	}
	return ps, total <= d.max || lvl == levelCounts
}

// note says what was shortened and where the full plan is.
func (d *mdDoc) note(lvl mdLevel) string {
	var b strings.Builder
	b.WriteString("> [!NOTE]\n> This comment was shortened to fit: " + levelNotes[lvl] + ". ")
	switch {
	case d.fullURL != "":
		b.WriteString("See [the full plan](" + d.fullURL + ").")
	case d.opts.FullPlanHint != "":
		b.WriteString("The full plan is in " + mdText(d.opts.FullPlanHint) + ".")
	default:
		b.WriteString("Run <code>glue-sync plan</code> to see the full plan.")
	}
	b.WriteString("\n\n")
	return b.String()
}
