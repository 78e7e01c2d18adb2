package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/glue-sync/glue-sync/internal/github"
	"github.com/glue-sync/glue-sync/internal/gitsrc"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/render"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// ghPlanOptions are github plan's flags.
type ghPlanOptions struct {
	planOptions
	commentAuthor string
	comment       bool
	// base is --base: the base revision (default: the event's base sha).
	base string
	// pr is --pr: the pull request number (default: the event's).
	pr int
}

func newGitHubPlanCmd(d *deps) *cobra.Command {
	opts := &ghPlanOptions{}
	cmd := &cobra.Command{
		Use:   "plan [DIR]",
		Short: "Plan a pull request: sticky comment, job summary, annotations",
		Long: `github plan plans DIR (default: the current directory) in a pull_request
workflow and reports it on GitHub:

- one sticky comment per pull request and directory (found again by a hidden
  marker naming the directory), created on the first run and edited after;
  a big plan is shortened section by section (deletions and counts always
  shown) and links the run's job summary
- the full plan in the job summary ($GITHUB_STEP_SUMMARY)
- problems in the files as ::error/::warning annotations on stdout
- each change labelled "from this pull request" or "already pending on the
  base branch" (drift, or merged but not applied): the merge base of the
  checkout and the event's base commit (--base) is planned against the
  same read of the account, so no extra API request is made; a shallow
  clone lacking the base plans without the split and says to set
  fetch-depth: 0
- the comment carries the plan's digest, which github apply compares
- --out FILE saves the plan (upload it as an artifact)
- step outputs: exit-code, has-changes, has-deletes, plan-digest, plan-file

Password traits are planned as "set from $VAR at apply" without reading
their variables, so pull requests from forks (which get no secrets) plan.

The API key goes only to the IT Glue origin the base branch's glue-sync.yaml
names (region:, baseURL:; the default region when the base commit cannot be
read), unless ITGLUE_BASE_URL, ITGLUE_REGION, --base-url or --region pins
it: a pull request that changes the origin fails its plan, sending nothing.

A plan that fails (invalid files, an unreachable API, a refused key) still
replaces the comment, with the problems, and exits 1. --comment=false skips
GitHub (the summary, annotations and outputs are still written).
--detailed-exitcode exits 2 when there are changes.`,
		Example: `  # in a pull_request workflow (GITHUB_TOKEN in the step's env)
  $ glue-sync github plan --out plan.json examples/repo

  # try it locally, without GitHub
  $ glue-sync github plan --sandbox --comment=false --base HEAD~1 examples/repo`,
		Args: optionalArg("DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = dirArg(args)
			return runGitHubPlan(d, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.out, "out", "", "save the plan to `FILE` (for the artifact)")
	f.BoolVar(&opts.comment, "comment", true, "post the sticky pull-request comment")
	f.StringVar(&opts.base, "base", "", "the base branch's `REV` (default: the pull_request event's base commit)")
	f.IntVar(&opts.pr, "pr", 0, "the pull request `NUMBER` (default: the pull_request event's)")
	f.BoolVar(&opts.detailedExit, "detailed-exitcode", false, "exit 0 for no changes, 2 for changes, 1 for errors")
	f.StringVar(&opts.commentAuthor, "comment-author", "", commentAuthorHelp)
	addPlanFlags(cmd, &opts.planOptions)
	return cmd
}

func runGitHubPlan(d *deps, opts *ghPlanOptions) error {
	return withGHOutputs(d, map[string]string{"has-changes": "false", "has-deletes": "false", "plan-digest": "", "plan-file": ""}, func(g *ghContext, out map[string]string) error {
		g.commentAuthor = opts.commentAuthor
		return ghPlan(d, opts, g, out)
	})
}

// withGHOutputs runs one github subcommand: it reads the Actions context,
// runs fn, and writes fn's outputs (starting from defaults) plus exit-code
// to $GITHUB_OUTPUT, whatever fn returned, so that later steps can read
// them from a failed step too.
func withGHOutputs(d *deps, defaults map[string]string, fn func(g *ghContext, out map[string]string) error) error {
	g, err := readGHContext(d)
	if err != nil {
		return withExitCode(ExitError, err)
	}
	err = fn(g, defaults)
	defaults["exit-code"] = strconv.Itoa(exitCodeFor(err))
	if werr := g.writeOutputs(defaults); werr != nil && err == nil {
		return withExitCode(ExitError, werr)
	}
	return err
}

// exitCodeFor is the exit code Main returns for err (0 for nil).
func exitCodeFor(err error) int {
	if err == nil {
		return ExitOK
	}
	return exitCodeOf(err)
}

// ghPlanRun is one github plan run's GitHub side.
type ghPlanRun struct {
	d *deps
	// ctx is the run's own context, without --timeout's deadline (which
	// bounds talking to IT Glue, not GitHub): a plan stopped by --timeout
	// still replaces the comment.
	ctx    context.Context
	opts   *ghPlanOptions
	g      *ghContext
	gh     *github.Client
	repo   github.Repo
	number int
	marker string
	title  string
}

func ghPlan(d *deps, opts *ghPlanOptions, g *ghContext, out map[string]string) error {
	if err := checkOutDir(opts.out); err != nil {
		return withExitCode(ExitError, err)
	}
	opts.dir = discoverRepo(d, opts.dir)
	dirKey := ghDirKey(opts.dir)
	r := &ghPlanRun{d: d, ctx: d.ctx, opts: opts, g: g, marker: ghMarker(markPlan, dirKey), title: "glue-sync plan for " + dirKey}
	if opts.comment {
		var err error
		if r.gh, r.repo, err = g.client(); err != nil {
			return withExitCode(ExitError, err)
		}
		r.number = opts.pr
		if r.number == 0 && g.pr != nil {
			r.number = g.pr.Number
		}
		if r.number <= 0 {
			return withExitCode(ExitError, errors.New("no pull request to comment on: run on a pull_request event, pass --pr NUMBER, or --comment=false"))
		}
	}
	if err := checkRepoDir(opts.dir, opts.ref); err != nil {
		return r.failed(err, nil)
	}
	// The live read starts while the repository (and the base branch's
	// copy) loads, as plan's does (loadAndConnect; not with --sandbox or
	// --target: see openEarlyRead). A repository that fails to load stops
	// it before the failure is reported (and posted).
	// Unless the environment or the flags pin it, the key goes only to
	// the origin the base branch names (originGuard): not even the early
	// read is sent to one the pull request's glue-sync.yaml changes.
	guard := newOriginGuard(d, opts, g)
	early := openEarlyRead(d, &opts.planOptions) // sends nothing yet
	if early != nil && guard.check(&early.cfg) != nil {
		early.abandon(d)
		early = nil
	}
	early.start(d)
	if d.loading != nil {
		d.loading()
	}
	ds, base, fail, err := ghLoad(d, opts, g)
	if fail == nil && err == nil {
		if gerr := guard.check(&ds.Config); gerr != nil {
			fail = &ghLoadFailure{err: gerr}
		}
	}
	if fail != nil || err != nil {
		early.abandon(d)
		if fail != nil {
			return r.failed(fail.err, fail.diags)
		}
		return err
	}
	t := early.adopt(d, ds)
	if t == nil {
		if t, err = openTarget(d, &opts.target, &ds.Config); err != nil {
			return r.failed(err, nil)
		}
	}
	defer t.Close()
	src := opts.source
	scope := reconcile.ScopeOf(ds, opts.targets)
	if base.ds != nil {
		scope = scope.Union(reconcile.ScopeOf(base.ds, opts.targets))
	}
	api, done := t.liveAPI()
	live, err := reconcile.ReadLive(d.ctx, api, scope)
	done()
	if err != nil {
		return r.failed(liveReadError(d.ctx, err), nil)
	}
	ropts := reconcile.Options{Targets: opts.targets, ForcePrune: opts.force, RotateSecrets: opts.rotateSecrets,
		SourceDir: opts.dir, SourceCommit: src.commit, BaseURL: t.baseURL, Sandbox: t.sandbox != nil,
		SecretsAtApply: true}
	p := reconcile.Compute(ds, live, ropts)
	var notes []string
	var settled []string
	switch {
	case base.note != "":
		notes = append(notes, "Changes are not split into this pull request's and those already pending on the base branch: "+base.note)
	case base.ds == nil: // the directory is new in this pull request
		for i := range p.Changes {
			if p.Changes[i].Action != plan.NoOp {
				p.Changes[i].Origin = plan.OriginPR
			}
		}
	default:
		bopts := ropts
		bopts.SourceCommit = base.commit
		bp := reconcile.Compute(base.ds, live, bopts)
		if bp.HasErrors() {
			notes = append(notes, "Changes are not split into this pull request's and those already pending on the base branch: the base branch's plan has errors.")
		} else {
			settled = plan.LabelOrigins(p, bp)
		}
	}
	for _, n := range notes {
		fmt.Fprintln(d.io.ErrOut, "note: "+n)
	}
	if err := renderPlan(d, p, "text"); err != nil {
		return err
	}
	if err := render.Annotations(d.io.Out, p.Diagnostics); err != nil {
		return withExitCode(ExitError, err)
	}
	if opts.out != "" {
		if err := savePlan(opts.out, p); err != nil {
			return withExitCode(ExitError, err)
		}
		out["plan-file"] = opts.out
	}
	c := p.Count()
	out["has-changes"] = strconv.FormatBool(c.Total() > 0)
	out["has-deletes"] = strconv.FormatBool(c.Delete > 0)
	var hidden []string
	if !p.HasErrors() {
		out["plan-digest"] = p.Digest()
		head := src.commit
		if g.pr != nil && g.pr.Head.SHA != "" && opts.ref == "" {
			head = g.pr.Head.SHA
		}
		hidden = reviewLines(p, head)
	}
	mdo := render.MarkdownOptions{Marker: r.marker, Title: r.title, Notes: notes, Settled: settled,
		FullPlanURL: g.runURL, FullPlanHint: "the job summary of this run, and its plan artifact when the workflow uploads one"}
	summary, err := mdBuffer(func(b *bytes.Buffer) error {
		so := mdo
		so.Marker, so.MaxBytes = ghMarker("glue-sync:summary", dirKey), summaryMax
		return render.Markdown(b, p, so)
	})
	if err != nil {
		return withExitCode(ExitError, err)
	}
	if err := appendFile(g.summaryPath, summary, "job summary"); err != nil {
		return withExitCode(ExitError, err)
	}
	if opts.comment {
		mdo.Hidden = hidden
		body, err := mdBuffer(func(b *bytes.Buffer) error { return render.Markdown(b, p, mdo) })
		if err != nil {
			return withExitCode(ExitError, err)
		}
		if err := r.post(body); err != nil {
			return withExitCode(ExitError, err)
		}
	}
	fmt.Fprintln(d.io.ErrOut, requestSummary(t.client.Stats()))
	switch {
	case p.HasErrors():
		return withExitCode(ExitError, errors.New("the plan has errors; see the diagnostics"))
	case opts.detailedExit && p.HasChanges():
		return withExitCode(ExitChanges, nil)
	}
	return nil
}

// ghLoadFailure is why a repository cannot be planned, for r.failed.
type ghLoadFailure struct {
	err   error
	diags []plan.Diagnostic
}

// ghLoad loads the repository and the base branch's copy of it,
// reporting the repository's diagnostics (on stderr and as annotations).
// A repository that cannot be planned returns fail (for ghPlanRun.failed,
// which posts it); err is any other error.
func ghLoad(d *deps, opts *ghPlanOptions, g *ghContext) (ds *spec.DesiredState, base baseState, fail *ghLoadFailure, err error) {
	ds, diags, src, err := loadSource(d, opts.dir, opts.ref)
	if rt := runTimedOut(d.ctx); rt != nil {
		// --timeout ran out while loading (the live read started first):
		// reported (and posted) as when it runs out while reading, not as
		// an error of the repository.
		return nil, base, &ghLoadFailure{err: rt}, nil
	}
	if serr := checkInterrupted(d); serr != nil {
		return nil, base, nil, serr
	}
	if err != nil {
		return nil, base, &ghLoadFailure{err: err}, nil
	}
	opts.source = src
	pdiags := specDiagnostics(diags)
	if len(diags) > 0 {
		d.io.ErrOut.Write([]byte(diags.String()))
		if err := render.Annotations(d.io.Out, pdiags); err != nil {
			return nil, base, nil, withExitCode(ExitError, err)
		}
	}
	if diags.HasErrors() || ds == nil {
		n := diags.Errors()
		return nil, base, &ghLoadFailure{err: fmt.Errorf("%s has %d %s", opts.dir, n, plural(n, "error", "errors")), diags: pdiags}, nil
	}
	if err := reconcile.CheckTargets(ds, opts.targets); err != nil {
		return nil, base, &ghLoadFailure{err: err}, nil
	}
	if ds.Files == 0 {
		return nil, base, &ghLoadFailure{err: fmt.Errorf("%s holds no *.yaml or *.yml files, so there is nothing to plan: give the repository's folder", opts.dir)}, nil
	}
	return ds, loadBase(d, opts, g), nil, nil
}

// post creates or edits the sticky comment.
func (r *ghPlanRun) post(body string) error {
	cm, created, err := r.gh.UpsertComment(r.ctx, r.repo, r.number, "<!-- "+r.marker+" -->", body)
	if err != nil {
		return fmt.Errorf("posting the plan comment: %w", err)
	}
	verb := "Updated"
	if created {
		verb = "Posted"
	}
	fmt.Fprintf(r.d.io.ErrOut, "%s the plan comment on %s#%d: %s\n", verb, r.repo, r.number, sanitizeOneLine(cm.HTMLURL))
	return nil
}

// failed reports a plan that could not be made: in the job summary and,
// replacing the last plan, in the comment; it returns err with exit code 1.
func (r *ghPlanRun) failed(err error, diags []plan.Diagnostic) error {
	msg := errMessage(err)
	body, rerr := mdBuffer(func(b *bytes.Buffer) error {
		return render.MarkdownFailed(b, render.FailedOptions{Marker: r.marker, Title: r.title, Error: msg,
			Diagnostics: diags, RunURL: r.g.runURL})
	})
	if rerr != nil {
		return withExitCode(ExitError, errors.Join(err, rerr))
	}
	if serr := appendFile(r.g.summaryPath, body, "job summary"); serr != nil {
		fmt.Fprintf(r.d.io.ErrOut, "warning: %v\n", serr)
	}
	if r.opts.comment && r.gh != nil {
		if perr := r.post(body); perr != nil {
			return withExitCode(ExitError, fmt.Errorf("%s; and %w", msg, perr))
		}
	}
	return withExitCode(ExitError, err)
}

// baseState is the base branch's side of a pull request's plan.
type baseState struct {
	// ds is the merge base's desired state; nil when the directory does
	// not exist there, or when note says why there is none.
	ds     *spec.DesiredState
	commit string
	// note says why the changes cannot be split; "" when they can.
	note string
}

// loadBase loads DIR at the merge base of the planned commit and the
// pull request's base.
func loadBase(d *deps, opts *ghPlanOptions, g *ghContext) baseState {
	rev := opts.base
	if rev == "" && g.pr != nil {
		rev = g.pr.Base.SHA
	}
	if rev == "" {
		return baseState{note: "no base branch is known (not a pull_request event): pass --base REV."}
	}
	repo, err := gitsrc.Open(opts.dir)
	if err != nil {
		return baseState{note: err.Error()}
	}
	rel, err := repo.RelPath(opts.dir)
	if err != nil {
		return baseState{note: err.Error()}
	}
	head := opts.ref
	if head == "" {
		head = "HEAD"
	}
	mb, err := repo.MergeBase(d.ctx, rev, head)
	if err != nil {
		return baseState{note: err.Error() + "."}
	}
	fsys := mb.FS()
	if fi, err := fs.Stat(fsys, rel); err != nil || !fi.IsDir() {
		return baseState{commit: mb.Hash} // new in this pull request: everything is its own
	}
	ds, diags := spec.Load(d.ctx, fsys, rel)
	if diags.HasErrors() || ds == nil {
		return baseState{note: fmt.Sprintf("the base branch's files (commit %s) have errors.", shortHash(mb.Hash))}
	}
	return baseState{ds: ds, commit: mb.Hash}
}

// sanitizeOneLine replaces control characters for a log line.
func sanitizeOneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '?'
		}
		return r
	}, s)
}
