package render

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// TextOptions control the terminal rendering.
type TextOptions struct {
	// Color adds ANSI colour. The CLI sets it only when stdout is a
	// terminal and NO_COLOR is not set.
	Color bool
	// MaxValueWidth is how many characters of one value are shown before
	// the rest is elided (0 means 200).
	MaxValueWidth int
	// MaxLines is how many lines of one multi-line value are shown (0 means 40).
	MaxLines int
	// MaxUnmanaged is how many unmanaged objects are listed by address
	// after their counts (0 means 20, negative means none).
	MaxUnmanaged int
}

// Text writes p for a terminal: a legend of the symbols used, the changes
// grouped as in the plan (types and fields, organizations, assets) with
// attribute diffs, unmanaged objects, diagnostics and a final summary line.
func Text(w io.Writer, p *plan.Plan, opts TextOptions) error {
	if err := checkPlan(p); err != nil {
		return fmt.Errorf("rendering plan as text: %w", err)
	}
	t := textRenderer{pal: palette{on: opts.Color},
		sh: shape{width: opts.MaxValueWidth, maxLines: opts.MaxLines}.withDefaults()}
	t.legend(p)
	t.changes(p)
	t.unmanaged(p.Unmanaged, opts.MaxUnmanaged)
	if s := outsideScopeText(p.OutsideScope); s != "" {
		t.line(s)
		t.line()
	}
	t.diagnostics(p.Diagnostics)
	t.summary(p)
	if _, err := io.WriteString(w, t.b.String()); err != nil {
		return fmt.Errorf("writing text plan: %w", err)
	}
	return nil
}

type textRenderer struct {
	b   strings.Builder
	pal palette
	sh  shape
}

func (t *textRenderer) line(parts ...string) {
	for _, s := range parts {
		t.b.WriteString(s)
	}
	t.b.WriteByte('\n')
}

var legendNames = map[plan.Action]string{
	plan.Create: "create",
	plan.Update: "update in place",
	plan.Delete: "delete",
}

// legend lists only the symbols the plan uses.
func (t *textRenderer) legend(p *plan.Plan) {
	c := p.Count()
	if c.Total() == 0 {
		return
	}
	t.line("Changes are marked with these symbols:")
	for _, a := range []struct {
		act plan.Action
		n   int
	}{{plan.Create, c.Create}, {plan.Update, c.Update}, {plan.Delete, c.Delete}} {
		if a.n > 0 {
			t.line("  ", t.pal.sym(rune(a.act.Symbol()[0])), " ", legendNames[a.act])
		}
	}
	t.line()
}

// changes prints every change that does something, section by section,
// keeping plan order inside a section.
func (t *textRenderer) changes(p *plan.Plan) {
	var bySec [secOther + 1][]int
	for i := range p.Changes {
		if p.Changes[i].Action == plan.NoOp {
			continue
		}
		s := sectionOf(p.Changes[i].Kind)
		bySec[s] = append(bySec[s], i)
	}
	for s, idx := range bySec {
		if len(idx) == 0 {
			continue
		}
		t.line(t.pal.bold(sectionTitles[s] + ":"))
		t.line()
		for _, i := range idx {
			t.change(&p.Changes[i])
			t.line()
		}
	}
}

func (t *textRenderer) change(ch *plan.Change) {
	sym := symOf(ch.Action)
	head := []string{"  ", t.pal.sym(sym), " ", address(ch)}
	if ch.Source != "" {
		head = append(head, "  (", sanitizeLine(ch.Source), ")")
	}
	if ch.Action == plan.Delete {
		head = append(head, "  ", t.pal.danger("[will be deleted]"))
	}
	switch ch.Origin {
	case plan.OriginPR:
		head = append(head, "  [this pull request]")
	case plan.OriginBase:
		head = append(head, "  [already pending on the base branch]")
	}
	t.line(head...)
	if ch.Reason != "" {
		t.line("      # ", sanitizeLine(ch.Reason))
	}
	for _, a := range attrsOf(ch, t.sh) {
		t.attr(a)
	}
}

func symOf(a plan.Action) rune { return rune(a.Symbol()[0]) }

func (t *textRenderer) attr(a attr) {
	pre := "      " + t.pal.sym(a.sym) + " " + a.path + ":"
	switch {
	case a.note != "":
		t.line(pre, " ", a.note)
	case a.sensitive:
		t.line(pre, " "+sensitiveNote(a))
	case a.lines != nil:
		t.line(pre)
		for _, l := range a.lines {
			if l.op == '…' {
				t.line("            … ", l.text)
				continue
			}
			t.line("          ", t.pal.sym(l.op), " ", l.text)
		}
	case a.sym == '~':
		t.line(pre, " ", a.before, " -> ", a.after)
	case a.sym == '+':
		t.line(pre, " ", a.after)
	default:
		t.line(pre, " ", a.before)
	}
}

func (t *textRenderer) unmanaged(us []plan.Unmanaged, limit int) {
	if len(us) == 0 {
		return
	}
	us = sortedUnmanaged(us)
	t.line(t.pal.bold("Not managed by this repository (left alone): " + unmanagedCounts(us) + "."))
	if limit == 0 {
		limit = 20
	}
	shown := 0
	for _, u := range us {
		if shown >= limit {
			break
		}
		t.line("  ", kindOrObject(u.Kind), " ", strconv.Quote(u.Address), " (id ", strconv.FormatInt(u.LiveID, 10), ")")
		shown++
	}
	if rest := len(us) - shown; rest > 0 && shown > 0 {
		t.line("  … and ", strconv.Itoa(rest), " more")
	}
	t.line()
}

// kindOrObject is a kind as printed in addresses, sanitised.
func kindOrObject(k plan.Kind) string {
	if s := sanitizeLine(string(k)); s != "" {
		return s
	}
	return "object"
}

func (t *textRenderer) diagnostics(ds []plan.Diagnostic) {
	for _, d := range sortedDiagnostics(ds) {
		label := t.pal.warning("Warning:")
		if d.Severity == plan.SeverityError {
			label = t.pal.danger("Error:")
		}
		t.line(label, " ", sanitizeLine(d.Message))
		if src := d.Source(); src != "" {
			t.line("  at ", sanitizeLine(src))
		}
		if d.Hint != "" {
			t.line("  ", sanitizeLine(d.Hint))
		}
		t.line()
	}
}

func (t *textRenderer) summary(p *plan.Plan) {
	c := p.Count()
	errs, _ := countErrors(p.Diagnostics)
	if errs > 0 {
		t.line(t.pal.danger("The plan has " + plural(errs, "error", "errors") + " (above) and cannot be applied."))
	}
	switch {
	case c.Total() > 0:
		t.line(t.pal.bold(summaryLine(c)))
	case errs > 0:
		t.line(t.pal.bold("No changes found."))
	default:
		t.line(t.pal.bold("No changes.") + " The account matches the repository.")
	}
}
