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
	p        *plan.Plan
	opts     MarkdownOptions
	max      int
	fullURL  string
	sh       shape
	counts   plan.Counts
	errs     int
	sections []mdSection
	// labelled is true when changes carry origins (a pull request's plan).
	labelled  bool
	deletes   []*plan.Change
	unmanaged []plan.Unmanaged
	diags     []plan.Diagnostic
}

// mdSection is one collapsible section: types and fields, one
// organization, or objects of unknown kind.
type mdSection struct {
	title string // escaped HTML
	// lead is shown before the section at every level (a group heading).
	lead    string
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
	for _, h := range opts.Hidden {
		if err := checkMarker(h); err != nil {
			return nil, err
		}
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
// When changes carry origins (a pull request's plan), the changes this
// pull request causes come first, then those already pending on the base,
// each group under its own heading.
func (d *mdDoc) group() {
	var pr, base []*plan.Change
	for i := range d.p.Changes {
		ch := &d.p.Changes[i]
		if ch.Action == plan.NoOp {
			continue
		}
		if ch.Action == plan.Delete {
			d.deletes = append(d.deletes, ch)
		}
		if ch.Origin == plan.OriginBase {
			base = append(base, ch)
		} else {
			pr = append(pr, ch)
		}
		if ch.Origin != "" {
			d.labelled = true
		}
	}
	if !d.labelled {
		d.sections = groupSections(pr, "")
		return
	}
	prs := groupSections(pr, "This pull request · ")
	if len(prs) > 0 {
		prs[0].lead = "#### Changes from this pull request\n\n"
	}
	bases := groupSections(base, "Pending on the base · ")
	if len(bases) > 0 {
		bases[0].lead = "#### Already pending on the base branch\n\nThese changes are planned without this pull request too: " +
			"drift in the account, or merged changes not yet applied. Merging applies them as well.\n\n"
	}
	d.sections = append(prs, bases...)
}

// groupSections sorts changes into sections, their titles prefixed with
// prefix (plain text).
func groupSections(changes []*plan.Change, prefix string) []mdSection {
	var types, other mdSection
	var out []mdSection
	orgs := map[string]*mdSection{}
	pre := mdText(prefix)
	for _, ch := range changes {
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
				s = &mdSection{title: pre + "Organization " + mdCode(org)}
				orgs[org] = s
			}
		default:
			s = &other
		}
		s.changes = append(s.changes, ch)
		s.counts = addCount(s.counts, ch.Action)
	}
	if len(types.changes) > 0 {
		types.title = pre + mdText(sectionTitles[secTypes])
		out = append(out, types)
	}
	names := make([]string, 0, len(orgs))
	for n := range orgs {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		out = append(out, *orgs[n])
	}
	if len(other.changes) > 0 {
		other.title = pre + mdText(sectionTitles[secOther])
		out = append(out, other)
	}
	return out
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
	for _, h := range d.opts.Hidden {
		b.WriteString("<!-- " + h + " -->\n")
	}
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
	if d.labelled {
		var pr, base plan.Counts
		for i := range d.p.Changes {
			if ch := &d.p.Changes[i]; ch.Origin == plan.OriginBase {
				base = addCount(base, ch.Action)
			} else {
				pr = addCount(pr, ch.Action)
			}
		}
		b.WriteString("**From this pull request:** " + orNone(countsText(pr)) + ". **Already pending on the base branch** (drift or unapplied): " +
			orNone(countsText(base)) + ".\n\n")
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

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
