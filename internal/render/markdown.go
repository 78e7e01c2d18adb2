package render

import (
	"fmt"
	"io"
	"slices"
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
	// Hidden are more hidden HTML comment lines after the marker (e.g. the
	// reviewed plan's digest), each checked like Marker.
	Hidden []string
	// Notes are plain-text notes shown in a note block under the heading
	// (e.g. why the changes are not split by origin). They are escaped.
	Notes []string
	// Settled are the ids of changes the base branch plans that this
	// pull request's plan does not (see plan.LabelOrigins); listed when
	// the plan's changes carry origins.
	Settled []string
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

// levelMarks are appended to a shortened section's title.
var levelMarks = [...]string{
	levelNames: " (attribute names only)",
	levelLines: " (one line per change)",
}

// Markdown writes p as a sticky pull-request comment: a hidden marker
// line, a heading with the counts, a table of counts, deletions in a
// warning block, one collapsible diff per organization (and one for types
// and fields), then unmanaged objects and diagnostics. If that exceeds
// opts.MaxBytes it steps down (attribute names only, then one line per
// change, then counts per organization) and says so; it only ever drops
// whole elements, never part of a code block or <details>.
func Markdown(w io.Writer, p *plan.Plan, opts MarkdownOptions) error {
	if err := checkPlan(p); err != nil {
		return fmt.Errorf("rendering plan as Markdown: %w", err)
	}
	d, err := newMDDoc(p, opts)
	if err != nil {
		return fmt.Errorf("rendering plan as Markdown: %w", err)
	}
	out, err := d.render()
	if err != nil {
		return fmt.Errorf("rendering plan as Markdown: %w", err)
	}
	if _, err := io.WriteString(w, out); err != nil {
		return fmt.Errorf("writing Markdown plan: %w", err)
	}
	return nil
}

// render lays the comment out with every section at full detail, then,
// while it is too long, steps the longest section down a level (names
// only, then one line per change). If every section at one line per change
// is still too long, it falls back to counts per organization.
func (d *mdDoc) render() (string, error) {
	top, bottom := d.fixedParts()
	fixedSize := 0
	for _, p := range append(slices.Clone(top), bottom...) {
		fixedSize += p.size()
	}
	lv := make([]mdLevel, len(d.sections))
	cache := make([][levelCounts]string, len(d.sections))
	sec := func(i int) string {
		if cache[i][lv[i]] == "" {
			cache[i][lv[i]] = d.sectionDetails(&d.sections[i], lv[i])
		}
		return cache[i][lv[i]]
	}
	size := func() int {
		n := fixedSize + len(d.note(lv))
		for i := range lv {
			n += len(sec(i))
		}
		return n
	}
	// Cheap check first: if one line per change is too long, skip to counts.
	for i := range lv {
		lv[i] = levelLines
	}
	fits := size() <= d.max
	for i := range lv {
		lv[i] = levelFull
	}
	for fits {
		if size() <= d.max {
			secs := make([]string, len(lv))
			for i := range lv {
				secs[i] = sec(i)
			}
			s, _ := joinParts(d.layout(top, bottom, d.note(lv), secs), d.max)
			return s, nil
		}
		longest := -1
		for i := range lv {
			if lv[i] < levelLines && (longest < 0 || len(sec(i)) > len(sec(longest))) {
				longest = i
			}
		}
		lv[longest]++
	}
	s, ok := fitParts(d.layout(top, bottom, d.note(nil), nil), d.max)
	if !ok {
		return "", fmt.Errorf("the plan does not fit in %d bytes even as counts only; raise the limit", d.max)
	}
	return s, nil
}

// fixedParts are the parts shown at every level: header, errors callout
// and deletions above the sections, unmanaged and diagnostics below.
func (d *mdDoc) fixedParts() (top, bottom []part) {
	top = []part{{head: d.header()}}
	if len(d.opts.Notes) > 0 {
		var b strings.Builder
		b.WriteString("> [!NOTE]\n")
		for i, n := range d.opts.Notes {
			if i > 0 {
				b.WriteString(">\n")
			}
			b.WriteString("> " + mdText(n) + "\n")
		}
		top = append(top, part{head: b.String() + "\n"})
	}
	if d.errs > 0 {
		top = append(top, part{head: "> [!CAUTION]\n> **The plan has " + plural(d.errs, "error", "errors") +
			" and cannot be applied.** See Diagnostics below.\n\n"})
	}
	if len(d.deletes) > 0 {
		top = append(top, d.deletionsPart())
	}
	if len(d.opts.Settled) > 0 {
		bottom = append(bottom, d.settledPart())
	}
	if len(d.unmanaged) > 0 {
		bottom = append(bottom, d.unmanagedPart())
	}
	if len(d.diags) > 0 {
		bottom = append(bottom, d.diagnosticsPart())
	}
	return top, bottom
}

// layout orders the comment: the fixed top parts, the note, the sections
// (or, when secs is nil, the counts table), then unmanaged and diagnostics.
func (d *mdDoc) layout(top, bottom []part, note string, secs []string) []part {
	ps := make([]part, 0, len(top)+len(bottom)+len(secs)+2)
	ps = append(ps, top...)
	if note != "" {
		ps = append(ps, part{head: note})
	}
	if secs == nil && len(d.sections) > 0 {
		ps = append(ps, d.countsPart())
	}
	for _, s := range secs {
		ps = append(ps, part{head: s})
	}
	return append(ps, bottom...)
}

// note says what was shortened and where the full plan is; lv are the
// sections' levels, nil for counts only. It is empty when nothing was.
func (d *mdDoc) note(lv []mdLevel) string {
	var what string
	if lv == nil {
		what = "it shows counts per organization only, and long lists are cut short"
	} else {
		var n [levelCounts]int
		for _, l := range lv {
			n[l]++
		}
		var parts []string
		if n[levelNames] > 0 {
			parts = append(parts, plural(n[levelNames], "section shows", "sections show")+" which attributes change, without their values")
		}
		if n[levelLines] > 0 {
			parts = append(parts, plural(n[levelLines], "section lists", "sections list")+" one line per change")
		}
		if len(parts) == 0 {
			return ""
		}
		what = strings.Join(parts, "; ") + " (marked in their titles)"
	}
	var b strings.Builder
	b.WriteString("> [!NOTE]\n> This comment was shortened to fit: " + what + ". ")
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
