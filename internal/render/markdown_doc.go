package render

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// mdDoc is a plan prepared for Markdown: sections, deletions and sorted
// lists, computed once and laid out at each level.
type mdDoc struct {
	p         *plan.Plan
	opts      MarkdownOptions
	max       int
	fullURL   string
	sh        shape
	counts    plan.Counts
	errs      int
	sections  []mdSection
	deletes   []*plan.Change
	unmanaged []plan.Unmanaged
	diags     []plan.Diagnostic
}

// mdSection is one collapsible section: types and fields, one
// organization, or objects of unknown kind.
type mdSection struct {
	title   string // escaped HTML
	changes []*plan.Change
	counts  plan.Counts
}

func newMDDoc(p *plan.Plan, opts MarkdownOptions) (*mdDoc, error) {
	if opts.Marker == "" {
		opts.Marker = "glue-sync plan"
	}
	if err := checkMarker(opts.Marker); err != nil {
		return nil, err
	}
	if opts.MaxBytes < 0 {
		return nil, fmt.Errorf("MaxBytes %d must be positive (0 means %d)", opts.MaxBytes, DefaultMaxBytes)
	}
	if opts.Title == "" {
		opts.Title = "glue-sync plan"
	}
	d := &mdDoc{p: p, opts: opts, max: cmp.Or(opts.MaxBytes, DefaultMaxBytes),
		sh:     shape{width: opts.MaxValueWidth, maxLines: opts.MaxLines}.withDefaults(),
		counts: p.Count(), unmanaged: sortedUnmanaged(p.Unmanaged), diags: sortedDiagnostics(p.Diagnostics)}
	if opts.FullPlanURL != "" {
		u, err := linkURL(opts.FullPlanURL)
		if err != nil {
			return nil, err
		}
		d.fullURL = u
	}
	d.errs, _ = countErrors(p.Diagnostics)
	d.group()
	return d, nil
}

// group sorts changes into sections: types and fields first, then
// organizations by name, then anything else; plan order within each.
func (d *mdDoc) group() {
	var types, other mdSection
	orgs := map[string]*mdSection{}
	for i := range d.p.Changes {
		ch := &d.p.Changes[i]
		if ch.Action == plan.NoOp {
			continue
		}
		if ch.Action == plan.Delete {
			d.deletes = append(d.deletes, ch)
		}
		var s *mdSection
		switch sectionOf(ch.Kind) {
		case secTypes:
			s = &types
		case secOrgs, secAssets:
			org := ch.Organization
			if ch.Kind == plan.KindOrganization {
				org = ch.Name
			}
			if s = orgs[org]; s == nil {
				s = &mdSection{title: "Organization " + mdCode(org)}
				orgs[org] = s
			}
		default:
			s = &other
		}
		s.changes = append(s.changes, ch)
		s.counts = addCount(s.counts, ch.Action)
	}
	if len(types.changes) > 0 {
		types.title = mdText(sectionTitles[secTypes])
		d.sections = append(d.sections, types)
	}
	names := make([]string, 0, len(orgs))
	for n := range orgs {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		d.sections = append(d.sections, *orgs[n])
	}
	if len(other.changes) > 0 {
		other.title = mdText(sectionTitles[secOther])
		d.sections = append(d.sections, other)
	}
}

func addCount(c plan.Counts, a plan.Action) plan.Counts {
	switch a {
	case plan.Create:
		c.Create++
	case plan.Update:
		c.Update++
	case plan.Delete:
		c.Delete++
	}
	return c
}

// countsText is "1 to create, 2 to update, <b>1 to delete</b>", nonzero only.
func countsText(c plan.Counts) string {
	var parts []string
	if c.Create > 0 {
		parts = append(parts, strconv.Itoa(c.Create)+" to create")
	}
	if c.Update > 0 {
		parts = append(parts, strconv.Itoa(c.Update)+" to update")
	}
	if c.Delete > 0 {
		parts = append(parts, "<b>"+strconv.Itoa(c.Delete)+" to delete</b>")
	}
	return strings.Join(parts, ", ")
}

// header is the marker line, the heading, where the plan came from and
// the counts table.
func (d *mdDoc) header() string {
	var b strings.Builder
	b.WriteString("<!-- " + d.opts.Marker + " -->\n")
	c := d.counts
	if c.Total() == 0 {
		b.WriteString("### " + mdText(d.opts.Title) + ": no changes\n\n")
	} else {
		b.WriteString("### " + mdText(d.opts.Title) + ": " + strconv.Itoa(c.Create) + " to create, " +
			strconv.Itoa(c.Update) + " to update, " + strconv.Itoa(c.Delete) + " to delete\n\n")
	}
	b.WriteString(d.origin())
	if c.Total() == 0 {
		if d.errs == 0 {
			b.WriteString("The account matches the repository.\n\n")
		}
		return b.String()
	}
	b.WriteString("| | to create | to update | to delete |\n|---|---:|---:|---:|\n")
	var bySec [secOther + 1]plan.Counts
	for i := range d.p.Changes {
		s := sectionOf(d.p.Changes[i].Kind)
		bySec[s] = addCount(bySec[s], d.p.Changes[i].Action)
	}
	for s, sc := range bySec {
		if sc.Total() > 0 {
			b.WriteString(countsRow(mdText(sectionTitles[s]), sc))
		}
	}
	b.WriteString("| **Total** | **" + strconv.Itoa(c.Create) + "** | **" + strconv.Itoa(c.Update) +
		"** | **" + strconv.Itoa(c.Delete) + "** |\n\n")
	if c.NoOp > 0 {
		b.WriteString(plural(c.NoOp, "object already matches and is", "objects already match and are") + " not shown.\n\n")
	}
	return b.String()
}

func countsRow(title string, c plan.Counts) string {
	del := strconv.Itoa(c.Delete)
	if c.Delete > 0 {
		del = "**" + del + "**"
	}
	return "| " + title + " | " + strconv.Itoa(c.Create) + " | " + strconv.Itoa(c.Update) + " | " + del + " |\n"
}

// origin says which repository and account the plan compares, and how
// much of the account is outside the managed scope.
func (d *mdDoc) origin() string {
	src, tgt := d.p.Source, d.p.Target
	outside := outsideScopeText(d.p.OutsideScope)
	if src.Dir == "" && src.Commit == "" && tgt.BaseURL == "" {
		if outside == "" {
			return ""
		}
		return mdText(outside) + "\n\n"
	}
	s := "Compared"
	if src.Dir != "" {
		s += " " + mdCode(src.Dir)
	}
	if src.Commit != "" {
		commit := src.Commit
		if len(commit) > 12 {
			commit = commit[:12]
		}
		s += " at " + mdCode(commit)
	}
	if tgt.BaseURL != "" {
		s += " with " + mdCode(cleanURL(tgt.BaseURL))
	}
	if tgt.Sandbox {
		s += " (sandbox)"
	}
	s += "."
	if outside != "" {
		s += " " + mdText(outside)
	}
	return s + "\n\n"
}
