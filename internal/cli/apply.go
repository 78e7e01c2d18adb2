package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/glue-sync/glue-sync/internal/apply"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// applyFormats are apply's --format values (of the report), the default first.
var applyFormats = []string{"text", "json"}

// applyOptions are the apply command's flags and argument.
type applyOptions struct {
	planOptions
	autoApprove bool
	// format is the report's format: "text", or "json" (the plan then goes
	// to stderr and stdout holds only the JSON report).
	format string
	// sameCommit refuses a saved plan made from another commit than the
	// one checked out (checkPlanCommit).
	sameCommit bool
	// waitLock is how long to wait for another apply's local lock.
	waitLock time.Duration
}

func newApplyCmd(d *deps) *cobra.Command {
	opts := &applyOptions{}
	cmd := &cobra.Command{
		Use:   "apply [DIR | PLANFILE]",
		Short: "Make IT Glue match the repository",
		Long: `apply changes the live IT Glue account.

apply DIR plans (like glue-sync plan DIR), shows the plan, asks for
confirmation, then applies it. apply PLANFILE applies exactly the plan saved by
"glue-sync plan --out PLANFILE": it re-reads every object the plan updates or
deletes and refuses the ones that changed since the plan (exit code 3), while
applying the rest. It first checks that nothing it would create exists yet,
and refuses the whole plan if something does (exit code 3): IT Glue has no
idempotent create, so a plan applied twice would duplicate objects.

Confirmation is asked on a terminal; elsewhere (CI) pass --auto-approve.
Progress goes to stderr; the final report lists every change as applied,
failed, skipped (a change it depends on failed), stale or not attempted.
Exit codes: 0 all applied, 1 something failed, 3 stale objects were refused,
130 cancelled.

--format json prints the plan on stderr and, on stdout, a versioned JSON
report of every change with its status and error, and the counts (see
docs/plan-format.md), for CI to consume. The exit codes are the same.`,
		Example: `  # apply the example repository to the demo account, without asking
  $ glue-sync apply --sandbox --auto-approve examples/repo

  # apply exactly a saved plan
  $ glue-sync plan --sandbox --out plan.json examples/repo
  $ glue-sync apply --sandbox --auto-approve plan.json

  # in CI after merge: a JSON report of every change on stdout
  $ glue-sync apply --auto-approve --format json plan.json > report.json`,
		Args: optionalArg("DIR or PLANFILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = dirArg(args)
			if err := checkFormat(cmd, opts.format, applyFormats...); err != nil {
				return err
			}
			return runApply(d, opts)
		},
	}
	cmd.Flags().BoolVar(&opts.autoApprove, "auto-approve", false, "apply without asking for confirmation")
	cmd.Flags().DurationVar(&opts.waitLock, "wait-lock", defaultWaitLock, "wait up to `DURATION` (e.g. 10m) for another apply to this account from this repository on this machine, instead of stopping")
	cmd.Flags().BoolVar(&opts.sameCommit, "require-same-commit", false, "refuse a saved plan made from another git commit than the one checked out in its repository folder")
	formatFlag(cmd, &opts.format, " (json: the report on stdout, the plan on stderr)", applyFormats...)
	addPlanFlags(cmd, &opts.planOptions)
	return cmd
}

func runApply(d *deps, opts *applyOptions) error {
	fromFile := false
	if fi, err := os.Stat(opts.dir); err == nil && fi.Mode().IsRegular() {
		fromFile = true
	} else if errors.Is(err, fs.ErrNotExist) && opts.ref == "" {
		return withExitCode(ExitError, fmt.Errorf("%s does not exist: give a repository directory, or a plan file saved by glue-sync plan --out", opts.dir))
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) { // with --ref the folder may exist only in the commit
		return withExitCode(ExitError, fmt.Errorf("reading %s: %w", opts.dir, err))
	}
	var (
		p       *plan.Plan
		t       *target
		ds      *spec.DesiredState
		release = func() {}
	)
	if fromFile {
		if len(opts.targets) > 0 || opts.force || opts.rotateSecrets || opts.ref != "" {
			return withExitCode(ExitError, errors.New("--target, --force, --rotate-secrets and --ref shape a new plan; a saved plan is applied as it is (pass them to glue-sync plan)"))
		}
		var err error
		if p, err = readPlanFile(opts.dir); err != nil {
			return withExitCode(ExitError, err)
		}
		if err = checkPlanCommit(d, opts, p); err != nil {
			return withExitCode(ExitError, err)
		}
		if err = checkUploads(p); err != nil {
			return withExitCode(ExitError, err)
		}
		if t, err = openPlanTarget(d, opts, p); err != nil {
			return withExitCode(ExitError, err)
		}
		if err = checkPlanAccount(d.ctx, t, p); err != nil {
			t.Close()
			return withExitCode(ExitError, err)
		}
		if release, err = lockApply(d, opts, t, planRepoDir(p), "applying "+opts.dir); err != nil {
			t.Close()
			return lockError(err)
		}
	} else {
		var err error
		if opts.sameCommit {
			return withExitCode(ExitError, errors.New("--require-same-commit is for a saved plan (apply PLANFILE); apply DIR plans the commit checked out"))
		}
		if ds, t, release, err = loadLockAndConnect(d, opts); err != nil {
			return err
		}
		if p, err = computePlan(d, t, ds, &opts.planOptions); err != nil {
			release()
			t.Close()
			return err
		}
		if drift := refUploadDrift(p, opts.source); len(drift) > 0 {
			release()
			t.Close()
			return withExitCode(ExitError, fmt.Errorf("%w; nothing was applied", refUploadError(drift, opts.source)))
		}
	}
	defer t.Close()
	defer release()
	if err := showPlan(d, opts, p); err != nil {
		return err
	}
	if p.HasErrors() {
		err := errors.New("the plan has errors: nothing was applied")
		return reportUnapplied(d, opts, p, apply.OutcomeRefused, withExitCode(ExitError, err))
	}
	if !p.HasChanges() {
		fmt.Fprintln(d.io.ErrOut, requestSummary(t.client.Stats()))
		return reportUnapplied(d, opts, p, apply.OutcomeNothingToDo, nil)
	}
	if fromFile {
		found, err := guard.CreatedSince(d.ctx, guard.ClientAPI(t.client), p)
		d.clearProgress()
		if err != nil {
			return reportUnapplied(d, opts, p, apply.OutcomeRefused, withExitCode(ExitError, err))
		}
		if len(found) > 0 {
			return reportUnapplied(d, opts, p, apply.OutcomeStale, withExitCode(ExitStale, refuseCreatedSince(found)))
		}
	}
	t.holdClock(d) // a person reading the plan is not the API being slow
	err := confirm(d, opts, p, t)
	t.resumeClock(d)
	if err != nil {
		outcome := apply.OutcomeRefused
		if exitCodeOf(err) == ExitCancel {
			outcome = apply.OutcomeCancelled
		}
		return reportUnapplied(d, opts, p, outcome, err)
	}
	planned := t.client.Stats().Requests
	rep, err := apply.Apply(d.ctx, apply.ClientAPI(t.client), p, apply.Options{
		Progress: d.progress(),
		Bar:      d.applyBar(),
		Getenv:   secretEnv(d, t),
	})
	d.clearProgress()
	if err != nil {
		return reportUnapplied(d, opts, p, apply.OutcomeRefused, withExitCode(ExitError, err))
	}
	if err := writeReport(d, opts, p, rep); err != nil {
		return withExitCode(ExitError, err)
	}
	applied := t.client.Stats().Requests - planned
	breakdown := fmt.Sprintf("%d to plan, %d to apply", planned, applied)

	if t.sandbox != nil && ds != nil && d.ctx.Err() == nil {
		replan(d, t, ds, opts)
		breakdown += fmt.Sprintf(", %d to re-plan", t.client.Stats().Requests-planned-applied)
	}
	if fromFile {
		fmt.Fprintln(d.io.ErrOut, requestSummary(t.client.Stats()))
	} else {
		fmt.Fprintf(d.io.ErrOut, "%s (%s)\n", requestSummary(t.client.Stats()), breakdown)
	}
	return applyExit(d.ctx, rep)
}

// applyExit maps a report to the exit code.
func applyExit(ctx context.Context, rep *apply.Report) error {
	c := rep.Counts()
	switch {
	case runTimedOut(ctx) != nil:
		return withExitCode(ExitError, fmt.Errorf("%w; run plan again to see what remains", runTimedOut(ctx)))
	case ctx.Err() != nil:
		return withExitCode(ExitCancel, errors.New("interrupted; run plan again to see what remains"))
	case c.Failed > 0:
		return withExitCode(ExitError, nil)
	case c.Stale > 0:
		return withExitCode(ExitStale, fmt.Errorf("%d %s changed since the plan and %s refused; run plan again",
			c.Stale, plural(c.Stale, "object", "objects"), plural(c.Stale, "was", "were")))
	case c.Skipped+c.NotAttempted > 0:
		return withExitCode(ExitError, nil)
	}
	return nil
}

// replan plans again after a sandbox apply and says whether the account
// now matches: the sandbox is gone when the process exits, so this is the
// only place a demo user can see that apply converged.
func replan(d *deps, t *target, ds *spec.DesiredState, opts *applyOptions) {
	p, err := computePlan(d, t, ds, &opts.planOptions)
	out := humanOut(d, opts)
	switch {
	case err != nil:
		fmt.Fprintf(out, "re-planned: %v\n", err)
	case p.HasChanges():
		c := p.Count()
		fmt.Fprintf(out, "re-planned: %d %s remain (%d to create, %d to update, %d to delete)\n",
			c.Total(), plural(c.Total(), "change", "changes"), c.Create, c.Update, c.Delete)
	case len(opts.targets) > 0:
		fmt.Fprintln(out, "re-planned: no changes; the sandbox now matches the repository for the --target given")
	default:
		fmt.Fprintln(out, "re-planned: no changes; the sandbox now matches the repository")
	}
}
