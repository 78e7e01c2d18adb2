package render

import (
	"strconv"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// deletionsPart is the warning block naming every object to be deleted.
func (d *mdDoc) deletionsPart() part {
	p := part{prio: prioDeletions, tail: "\n",
		head: "> [!WARNING]\n> **" + plural(len(d.deletes), "object", "objects") + " will be deleted:**\n",
		more: func(n int) string {
			return "> - … and " + plural(n, "more deletion", "more deletions") + ", listed in the full plan\n"
		}}
	for _, ch := range d.deletes {
		note := ""
		if ch.Origin == plan.OriginBase {
			note = " (already pending on the base branch)"
		}
		p.items = append(p.items, "> - "+mdCode(address(ch))+note+"\n")
	}
	return p
}

// settledPart lists the changes the base plans that the pull request
// makes unnecessary.
func (d *mdDoc) settledPart() part {
	p := part{prio: prioUnmanaged, tail: "\n",
		head: "#### Settled by this pull request\n\nThe base branch plans " + plural(len(d.opts.Settled), "change", "changes") +
			" that this pull request makes unnecessary (for example by accepting drift into the repository):\n\n",
		more: func(n int) string { return "- … and " + strconv.Itoa(n) + " more\n" }}
	for i, id := range d.opts.Settled {
		if i >= 20 {
			p.hidden = len(d.opts.Settled) - 20
			break
		}
		p.items = append(p.items, "- "+mdCode(id)+"\n")
	}
	return p
}

// countsPart is the counts-per-organization table of the shortest level.
func (d *mdDoc) countsPart() part {
	p := part{prio: prioCounts, tail: "\n",
		head: "#### Changes per organization\n\n| | to create | to update | to delete |\n|---|---:|---:|---:|\n",
		more: func(n int) string { return "| … and " + plural(n, "more row", "more rows") + " | | | |\n" }}
	for _, s := range d.sections {
		p.items = append(p.items, countsRow(s.title, s.counts))
	}
	return p
}

func (d *mdDoc) unmanagedPart() part {
	limit := d.opts.MaxUnmanaged
	if limit == 0 {
		limit = 20
	}
	limit = max(limit, 0)
	p := part{prio: prioUnmanaged, tail: "\n",
		head: "#### Not managed by this repository\n\nLeft alone: " + unmanagedCounts(d.unmanaged) + ".\n\n",
		more: func(n int) string { return "- … and " + strconv.Itoa(n) + " more\n" }}
	for i, u := range d.unmanaged {
		if i >= limit {
			p.hidden = len(d.unmanaged) - limit
			break
		}
		p.items = append(p.items, "- "+mdText(kindOrObject(u.Kind))+" "+mdCode(u.Address)+" (id "+strconv.FormatInt(u.LiveID, 10)+")\n")
	}
	if len(p.items) == 0 {
		p.head = strings.TrimSuffix(p.head, "\n")
		p.more, p.hidden = nil, 0
	}
	return p
}

// maxDiagnostics caps the diagnostics listed in a comment.
const maxDiagnostics = 100

func (d *mdDoc) diagnosticsPart() part {
	p := part{prio: prioDiagnostics, tail: "\n", head: "#### Diagnostics\n\n",
		more: func(n int) string {
			return "- … and " + plural(n, "more diagnostic", "more diagnostics") + ", shown by <code>glue-sync plan</code>\n"
		}}
	for i, g := range d.diags {
		if i >= maxDiagnostics {
			p.hidden = len(d.diags) - maxDiagnostics
			break
		}
		label := "**Warning**"
		if g.Severity == plan.SeverityError {
			label = "**Error**"
		}
		s := "- " + label
		if src := g.Source(); src != "" {
			s += " at " + mdCode(src)
		}
		s += ": " + mdText(g.Message)
		if g.Hint != "" {
			s += " (" + mdText(g.Hint) + ")"
		}
		p.items = append(p.items, s+"\n")
	}
	return p
}
