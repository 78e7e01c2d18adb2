package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/glue-sync/glue-sync/internal/apply"
	"github.com/glue-sync/glue-sync/internal/github"
	"github.com/glue-sync/glue-sync/internal/gitsrc"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/render"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// ghApplyOptions are github apply's flags.
type ghApplyOptions struct {
	planOptions
	commentAuthor   string
	comment         bool
	requireReviewed bool
	sha             string
	pr              int
}

func newGitHubApplyCmd(d *deps) *cobra.Command {
	opts := &ghApplyOptions{}
	cmd := &cobra.Command{
		Use:   "apply [DIR]",
		Short: "Apply a merged pull request, checking it against the reviewed plan",
		Long: `github apply runs after a push to the main branch. It finds the pull request
the pushed commit ($GITHUB_SHA, or --sha) merged, reads the digest of the
plan last reviewed there (from github plan's comment), plans the merged
commit, and compares: a difference is reported change by change, with its
cause where it can be told (other pull requests merged since the review, or
the account changed since). --require-reviewed-plan refuses the apply when
the plans differ or nothing was reviewed.

It then applies without asking (every Password variable and Upload file is
checked before the first write), posts the apply report to the merged pull
request (one comment per directory, edited on a re-run) and to the job
summary, and exits like apply: 0 all applied, 1 something failed or the
apply was refused, 3 stale objects were refused.
Step outputs: exit-code, has-changes, has-deletes, plan-digest, reviewed
(true, false, or none when no reviewed plan was found).`,
		Example: `  # in a push workflow on the main branch
  $ glue-sync github apply --require-reviewed-plan examples/repo`,
		Args: optionalArg("DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = dirArg(args)
			return runGitHubApply(d, opts)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&opts.comment, "comment", true, "post the apply report on the merged pull request")
	f.BoolVar(&opts.requireReviewed, "require-reviewed-plan", false, "refuse to apply unless the plan equals the one reviewed in the pull request")
	f.StringVar(&opts.sha, "sha", "", "the pushed `COMMIT` (default: GITHUB_SHA)")
	f.IntVar(&opts.pr, "pr", 0, "the merged pull request's `NUMBER` (default: found from the commit)")
	f.StringVar(&opts.commentAuthor, "comment-author", "", commentAuthorHelp)
	addPlanFlags(cmd, &opts.planOptions)
	return cmd
}

func runGitHubApply(d *deps, opts *ghApplyOptions) error {
	return withGHOutputs(d, map[string]string{"has-changes": "false", "has-deletes": "false", "plan-digest": "", "reviewed": "none"}, func(g *ghContext, out map[string]string) error {
		g.commentAuthor = opts.commentAuthor
		return ghApply(d, opts, g, out)
	})
}

// ghApplyRun is one github apply run.
type ghApplyRun struct {
	d *deps
	// ctx is the run's own context, without --timeout's deadline (which
	// bounds talking to IT Glue, not GitHub): an apply stopped by
	// --timeout still posts its report.
	ctx    context.Context
	opts   *ghApplyOptions
	g      *ghContext
	gh     *github.Client
	repo   github.Repo
	number int // the merged pull request; 0 when none
	dirKey string
	commit string
}

func ghApply(d *deps, opts *ghApplyOptions, g *ghContext, out map[string]string) error {
	opts.dir = discoverRepo(d, opts.dir)
	r := &ghApplyRun{d: d, ctx: d.ctx, opts: opts, g: g, dirKey: ghDirKey(opts.dir)}
	sha := cmpOr(opts.sha, g.sha)
	var err error
	if r.gh, r.repo, err = g.client(); err != nil {
		return withExitCode(ExitError, err)
	}
	r.number = opts.pr
	if r.number == 0 && sha != "" {
		prs, err := r.gh.PullsForCommit(d.ctx, r.repo, sha)
		if err != nil {
			return withExitCode(ExitError, err)
		}
		r.number = mergedPR(prs, sha)
	}
	var rev *review
	why := ""
	switch {
	case r.number == 0 && sha == "":
		why = "no pushed commit is known: set GITHUB_SHA or pass --sha or --pr"
	case r.number == 0:
		why = "commit " + shortHash(sha) + " merged no pull request (pushed directly?), so no plan was reviewed"
	default:
		cm, err := r.gh.FindComment(d.ctx, r.repo, r.number, "<!-- "+ghMarker(markPlan, r.dirKey)+" -->")
		switch {
		case err != nil:
			return withExitCode(ExitError, err)
		case cm == nil:
			why = fmt.Sprintf("pull request #%d has no glue-sync plan comment for %s", r.number, r.dirKey)
		default:
			rv := parseReview(cm.Body)
			if rv.digest == "" {
				why = fmt.Sprintf("the last plan of pull request #%d for %s failed or had errors, so nothing was reviewed", r.number, r.dirKey)
			} else {
				rev = &rv
			}
		}
	}

	// Plan the merged commit and, to tell causes apart, the reviewed
	// commit, against one read of the account.
	if err := checkRepoDir(opts.dir, opts.ref); err != nil {
		return r.refuse(err, nil)
	}
	ds, diags, src, err := loadSource(d, opts.dir, opts.ref)
	if err != nil {
		return r.refuse(err, nil)
	}
	opts.source = src
	r.commit = src.commit
	if len(diags) > 0 {
		d.io.ErrOut.Write([]byte(diags.String()))
	}
	if diags.HasErrors() || ds == nil {
		return r.refuse(fmt.Errorf("%s has %d %s; nothing was applied", opts.dir, diags.Errors(), plural(diags.Errors(), "error", "errors")), nil)
	}
	if err := reconcile.CheckTargets(ds, opts.targets); err != nil {
		return r.refuse(err, nil)
	}
	var reviewedDS *spec.DesiredState
	if rev != nil {
		// The commit planned for the review (usually the pull request's test
		// merge, which a push's clone lacks), else the pull request's head.
		for _, c := range []string{rev.commit, rev.head} {
			if c != "" && reviewedDS == nil {
				reviewedDS = loadAt(d, opts.dir, c)
			}
		}
	}
	t, err := openTarget(d, &opts.target, &ds.Config)
	if err != nil {
		return r.refuse(err, nil)
	}
	defer t.Close()
	scope := reconcile.ScopeOf(ds, opts.targets)
	if reviewedDS != nil {
		scope = scope.Union(reconcile.ScopeOf(reviewedDS, opts.targets))
	}
	live, err := reconcile.ReadLive(d.ctx, reconcile.ClientAPI(t.client), scope)
	if err != nil {
		return r.refuse(liveReadError(d.ctx, err), nil)
	}
	ropts := reconcile.Options{Targets: opts.targets, ForcePrune: opts.force, RotateSecrets: opts.rotateSecrets,
		SourceDir: opts.dir, SourceCommit: src.commit, BaseURL: t.baseURL, Sandbox: t.sandbox != nil, SecretsAtApply: true}
	p := reconcile.Compute(ds, live, ropts)
	var reviewedNow *plan.Plan
	if reviewedDS != nil {
		reviewedNow = reconcile.Compute(reviewedDS, live, ropts)
	}
	c := p.Count()
	out["has-changes"] = strconv.FormatBool(c.Total() > 0)
	out["has-deletes"] = strconv.FormatBool(c.Delete > 0)
	out["plan-digest"] = p.Digest()
	if err := renderPlan(d, p, "text"); err != nil {
		return err
	}

	cmp := compareReview(rev, p, reviewedNow)
	cmp.why = why
	switch {
	case rev == nil:
		out["reviewed"] = "none"
	case cmp.same:
		out["reviewed"] = "true"
	default:
		out["reviewed"] = "false"
	}
	fmt.Fprintln(d.io.ErrOut, cmp.text(r.number))
	if p.HasErrors() {
		return r.refuse(errors.New("the plan has errors: nothing was applied"), &cmp)
	}
	if opts.requireReviewed && !cmp.same {
		return r.refuse(errors.New("the plan differs from the one reviewed (--require-reviewed-plan): nothing was applied; "+
			"open a pull request to review the current plan, or re-run once the differences are understood"), &cmp)
	}
	if !p.HasChanges() {
		fmt.Fprintln(d.io.ErrOut, requestSummary(t.client.Stats()))
		return r.report(p, nil, &cmp, "nothing to apply: the account matches the repository", nil)
	}
	rep, err := apply.Apply(d.ctx, apply.ClientAPI(t.client), p, apply.Options{Progress: d.progress(), Bar: d.applyBar(), Getenv: secretEnv(d, t)})
	d.clearProgress()
	if err != nil {
		return r.refuse(err, &cmp)
	}
	if err := rep.WriteText(d.io.Out); err != nil {
		return withExitCode(ExitError, err)
	}
	fmt.Fprintln(d.io.ErrOut, requestSummary(t.client.Stats()))
	return r.report(p, rep, &cmp, "", applyExit(d.ctx, rep))
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// mergedPR picks the pull request that merged sha: the one whose merge
// commit it is, else the first merged one, else 0.
func mergedPR(prs []github.PullRequest, sha string) int {
	for _, p := range prs {
		if p.MergeCommitSHA == sha && p.MergedAt != "" {
			return p.Number
		}
	}
	for _, p := range prs {
		if p.MergedAt != "" {
			return p.Number
		}
	}
	return 0
}

// loadAt loads dir as of commit rev; nil when that is not possible (the
// commit is not in this clone, the folder is not there, it has errors).
func loadAt(d *deps, dir, rev string) *spec.DesiredState {
	repo, err := gitsrc.Open(dir)
	if err != nil {
		return nil
	}
	rel, err := repo.RelPath(dir)
	if err != nil {
		return nil
	}
	c, err := repo.Resolve(d.ctx, rev)
	if err != nil {
		return nil
	}
	if fi, err := fs.Stat(c.FS(), rel); err != nil || !fi.IsDir() {
		return nil
	}
	ds, diags := spec.Load(d.ctx, c.FS(), rel)
	if diags.HasErrors() {
		return nil
	}
	return ds
}

// reviewDiff is one change whose plan differs from the reviewed one.
type reviewDiff struct {
	id   string
	what string // "new since the review", "changed since the review", "no longer planned"
	why  string // the cause, when known
}

// reviewCheck is the comparison of the merged commit's plan with the
// reviewed one.
type reviewCheck struct {
	reviewed bool
	same     bool
	digest   string // the reviewed digest
	diffs    []reviewDiff
	// unknownDiffs: the plans differ but the comment recorded no
	// per-change fingerprints.
	unknownDiffs bool
	why          string // why nothing was reviewed
}

const (
	causeOther = "other changes merged since the review"
	causeDrift = "the account changed since the review"
)

// compareReview compares p (the merged commit's plan) with the review.
// reviewedNow, when known, is the reviewed commit planned against the same
// read: a change it plans like p does differs because the account changed;
// one it plans otherwise, because of other merged commits.
func compareReview(rev *review, p, reviewedNow *plan.Plan) reviewCheck {
	if rev == nil {
		return reviewCheck{}
	}
	rc := reviewCheck{reviewed: true, digest: rev.digest, same: rev.digest == p.Digest()}
	if rc.same {
		return rc
	}
	if rev.changes == nil {
		rc.unknownDiffs = true
		return rc
	}
	nowByID := map[string]*plan.Change{}
	if reviewedNow != nil {
		for i := range reviewedNow.Changes {
			nowByID[reviewedNow.Changes[i].ID] = &reviewedNow.Changes[i]
		}
	}
	cause := func(ch *plan.Change, id string) string {
		if reviewedNow == nil {
			return ""
		}
		n := nowByID[id]
		same := (n == nil || n.Action == plan.NoOp) == (ch == nil || ch.Action == plan.NoOp)
		if same && n != nil && ch != nil && n.Action != plan.NoOp {
			same = n.ChangeDigest() == ch.ChangeDigest()
		}
		if same {
			return causeDrift
		}
		return causeOther
	}
	seen := map[string]bool{}
	for i := range p.Changes {
		ch := &p.Changes[i]
		if ch.Action == plan.NoOp {
			continue
		}
		h := idHash(ch.ID)
		seen[h] = true
		fp, ok := rev.changes[h]
		switch {
		case !ok:
			rc.diffs = append(rc.diffs, reviewDiff{id: ch.ID, what: "new since the review", why: cause(ch, ch.ID)})
		case fp != strings.TrimPrefix(ch.ChangeDigest(), plan.DigestPrefix)[:12]:
			rc.diffs = append(rc.diffs, reviewDiff{id: ch.ID, what: "changed since the review", why: cause(ch, ch.ID)})
		}
	}
	// Reviewed changes no longer planned are known by hash only; name them
	// from the reviewed commit's plan when it is at hand.
	gone := 0
	for h := range rev.changes {
		if seen[h] {
			continue
		}
		gone++
		if reviewedNow != nil {
			for id, n := range nowByID {
				if idHash(id) == h && n.Action != plan.NoOp {
					rc.diffs = append(rc.diffs, reviewDiff{id: id, what: "no longer planned", why: causeOther})
					gone--
				}
			}
		}
	}
	if gone > 0 {
		rc.diffs = append(rc.diffs, reviewDiff{id: fmt.Sprintf("%d reviewed %s", gone, plural(gone, "change", "changes")), what: "no longer planned"})
	}
	slices.SortStableFunc(rc.diffs, func(a, b reviewDiff) int { return strings.Compare(a.id, b.id) })
	return rc
}

// text is the comparison for the log.
func (rc *reviewCheck) text(number int) string {
	switch {
	case !rc.reviewed:
		return "review check: no reviewed plan: " + rc.why
	case rc.same:
		return fmt.Sprintf("review check: the plan is the one reviewed in pull request #%d (%s)", number, rc.digest)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "review check: the plan differs from the one reviewed in pull request #%d (%s)", number, rc.digest)
	if rc.unknownDiffs {
		b.WriteString("; the comment did not record which changes (too many to list)")
	}
	for _, df := range rc.diffs {
		fmt.Fprintf(&b, "\n  %s: %s", sanitizeOneLine(df.id), df.what)
		if df.why != "" {
			b.WriteString(" (" + df.why + ")")
		}
	}
	return b.String()
}

// markdown is the comparison for the report.
func (rc *reviewCheck) markdown(number int) string {
	switch {
	case !rc.reviewed:
		return "> [!WARNING]\n> **No reviewed plan to compare with:** " + render.MarkdownText(rc.why) + ".\n\n"
	case rc.same:
		return fmt.Sprintf("> [!NOTE]\n> **What was reviewed is what was applied:** the plan equals the one last reviewed in #%d (<code>%s</code>).\n\n",
			number, render.MarkdownText(rc.digest))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "> [!WARNING]\n> **The plan differs from the one last reviewed in #%d** (<code>%s</code>).\n", number, render.MarkdownText(rc.digest))
	if rc.unknownDiffs {
		b.WriteString("> The comment did not record which changes differ (too many to list).\n")
	}
	b.WriteString("\n")
	if len(rc.diffs) > 0 {
		b.WriteString("| change | difference | cause |\n|---|---|---|\n")
		for i, df := range rc.diffs {
			if i == 200 {
				fmt.Fprintf(&b, "| … and %d more | | |\n", len(rc.diffs)-200)
				break
			}
			fmt.Fprintf(&b, "| %s | %s | %s |\n", render.MarkdownCode(df.id), df.what, cmpOr(df.why, "unknown (the reviewed commit is not in this clone: fetch-depth: 0)"))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// refuse ends a run that applied nothing: it reports why and returns err
// with exit code 1 (or err's own code).
func (r *ghApplyRun) refuse(err error, rc *reviewCheck) error {
	code := ExitError
	var ee *exitError
	if errors.As(err, &ee) {
		code = ee.code
	}
	return r.report(nil, nil, rc, "nothing was applied: "+errMessage(err), withExitCode(code, err))
}

// report posts the apply report to the job summary and the merged pull
// request, and returns result (or the posting error when result is nil).
func (r *ghApplyRun) report(p *plan.Plan, rep *apply.Report, rc *reviewCheck, headline string, result error) error {
	body := r.reportMarkdown(p, rep, rc, headline)
	if err := appendFile(r.g.summaryPath, body, "job summary"); err != nil {
		fmt.Fprintf(r.d.io.ErrOut, "warning: %v\n", err)
	}
	if r.opts.comment && r.number > 0 && r.gh != nil {
		marker := "<!-- " + ghMarker(markApply, r.dirKey) + " -->"
		cm, _, err := r.gh.UpsertComment(r.ctx, r.repo, r.number, marker, body)
		if err != nil {
			err = fmt.Errorf("posting the apply report: %w", err)
			if result == nil {
				return withExitCode(ExitError, err)
			}
			fmt.Fprintf(r.d.io.ErrOut, "warning: %v\n", err)
		} else {
			fmt.Fprintf(r.d.io.ErrOut, "Posted the apply report on %s#%d: %s\n", r.repo, r.number, sanitizeOneLine(cm.HTMLURL))
		}
	}
	return result
}

// reportMarkdown is the apply report for GitHub, within a comment's
// size: lists are cut shorter until it fits.
func (r *ghApplyRun) reportMarkdown(p *plan.Plan, rep *apply.Report, rc *reviewCheck, headline string) string {
	var s string
	for _, caps := range [][2]int{{200, 300}, {100, 0}, {20, 0}, {0, 0}} {
		s = r.reportMarkdownCapped(p, rep, rc, headline, caps[0], caps[1])
		if len(s) <= render.DefaultMaxBytes-1024 {
			break
		}
	}
	return s
}

func (r *ghApplyRun) reportMarkdownCapped(p *plan.Plan, rep *apply.Report, rc *reviewCheck, headline string, maxProblems, maxApplied int) string {
	var b strings.Builder
	b.WriteString("<!-- " + ghMarker(markApply, r.dirKey) + " -->\n")
	title := "### glue-sync apply for " + render.MarkdownText(r.dirKey) + ": "
	switch {
	case rep == nil:
		b.WriteString(title + render.MarkdownText(headline) + "\n\n")
	case rep.OK():
		b.WriteString(title + "all " + strconv.Itoa(len(rep.Results)) + " changes applied\n\n")
	default:
		c := rep.Counts()
		b.WriteString(title + fmt.Sprintf("%d applied, %d failed, %d stale, %d skipped, %d not attempted\n\n",
			c.Applied, c.Failed, c.Stale, c.Skipped, c.NotAttempted))
	}
	if r.commit != "" {
		b.WriteString("Commit <code>" + render.MarkdownText(shortHash(r.commit)) + "</code>")
		if p != nil && p.Target.BaseURL != "" {
			b.WriteString(" applied to " + render.MarkdownCode(p.Target.BaseURL))
		}
		b.WriteString(".")
		if r.g.runURL != "" {
			b.WriteString(" [Run log](" + r.g.runURL + ").")
		}
		b.WriteString("\n\n")
	}
	if rc != nil {
		b.WriteString(rc.markdown(r.number))
	}
	if rep != nil {
		c := rep.Counts()
		b.WriteString("| applied | failed | stale | skipped | not attempted |\n|---:|---:|---:|---:|---:|\n")
		fmt.Fprintf(&b, "| %d | %d | %d | %d | %d |\n\n", c.Applied, c.Failed, c.Stale, c.Skipped, c.NotAttempted)
		var problems, applied []string
		for _, res := range rep.Results {
			line := "- " + render.MarkdownCode(res.ID) + ": " + string(res.Status)
			if res.Message != "" {
				line += ": " + render.MarkdownText(res.Message)
			}
			if res.Status == apply.Applied {
				applied = append(applied, line)
			} else {
				problems = append(problems, line)
			}
		}
		if len(problems) > 0 {
			b.WriteString("#### Not applied\n\n" + strings.Join(capLines(problems, maxProblems), "\n") + "\n\n")
		}
		if len(applied) > 0 {
			b.WriteString("<details><summary>Applied (" + strconv.Itoa(len(applied)) + ")</summary>\n\n" +
				strings.Join(capLines(applied, maxApplied), "\n") + "\n\n</details>\n")
		}
	}
	return b.String()
}

func capLines(lines []string, n int) []string {
	if len(lines) <= n {
		return lines
	}
	return append(slices.Clone(lines[:n]), fmt.Sprintf("- … and %d more, in the run log", len(lines)-n))
}
