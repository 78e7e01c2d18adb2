package render

import (
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// sectionDetails is one collapsible section with a diff code block whose
// detail depends on the level.
func (d *mdDoc) sectionDetails(s *mdSection, lvl mdLevel) string {
	var body strings.Builder
	for i, ch := range s.changes {
		if i > 0 && lvl == levelFull {
			body.WriteByte('\n')
		}
		d.diffChange(&body, ch, lvl)
	}
	f := fence(body.String())
	return s.lead + "<details><summary>" + s.title + ": " + countsText(s.counts) + levelMarks[lvl] + "</summary>\n\n" +
		f + "diff\n" + body.String() + f + "\n\n</details>\n\n"
}

// diffChange writes one change as diff lines: the symbol in the first
// column (so GitHub colours + and -), then the indented text.
func (d *mdDoc) diffChange(b *strings.Builder, ch *plan.Change, lvl mdLevel) {
	b.WriteString(ch.Action.Symbol() + " " + address(ch))
	if ch.Source != "" {
		b.WriteString("  (" + sanitizeLine(ch.Source) + ")")
	}
	if ch.Action == plan.Delete {
		b.WriteString("  [will be deleted]")
	}
	if lvl == levelLines {
		if n := len(ch.Diffs); n > 0 {
			b.WriteString("  " + plural(n, "attribute", "attributes"))
		}
		b.WriteByte('\n')
		return
	}
	attrs := attrsOf(ch, d.sh)
	b.WriteByte('\n')
	if lvl == levelFull && ch.Reason != "" {
		b.WriteString("      # " + sanitizeLine(ch.Reason) + "\n")
	}
	for _, a := range attrs {
		if lvl == levelNames {
			b.WriteString(string(a.sym) + "     " + a.path + "\n")
			continue
		}
		diffAttr(b, a)
	}
}

func diffAttr(b *strings.Builder, a attr) {
	pre := "     " + a.path + ":"
	switch {
	case a.note != "":
		b.WriteString(string(a.sym) + pre + " " + a.note + "\n")
	case a.sensitive:
		b.WriteString(string(a.sym) + pre + " " + sensitiveNote(a) + "\n")
	case a.lines != nil:
		b.WriteString(string(a.sym) + pre + "\n")
		for _, l := range a.lines {
			if l.op == '…' {
				b.WriteString("          … " + l.text + "\n")
				continue
			}
			b.WriteString(string(l.op) + "         " + l.text + "\n")
		}
	case a.sym == '~':
		b.WriteString("-" + pre + " " + a.before + "\n")
		b.WriteString("+" + pre + " " + a.after + "\n")
	case a.sym == '+':
		b.WriteString("+" + pre + " " + a.after + "\n")
	default:
		b.WriteString("-" + pre + " " + a.before + "\n")
	}
}
