package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/render"
	"github.com/glue-sync/glue-sync/internal/spec"
	"github.com/glue-sync/glue-sync/internal/textsafe"
)

// planFormats are plan's --format values, the default first.
var planFormats = []string{"text", "markdown", "json"}

// planOptions are the plan command's flags and argument; apply from a
// directory shares them.
type planOptions struct {
	dir           string
	format        string
	out           string
	detailedExit  bool
	targets       []string
	force         bool
	rotateSecrets bool
	target        targetOptions
	// ref is --ref: read the repository from this git revision.
	ref string
	// source is where loadRepo read the repository from.
	source repoSource
}

func addPlanFlags(cmd *cobra.Command, o *planOptions) {
	f := cmd.Flags()
	f.StringArrayVar(&o.targets, "target", nil, "plan only the organization or flexible asset type called `NAME` (repeatable)")
	f.BoolVar(&o.force, "force", false, "allow more deletes than the prune caps in glue-sync.yaml (maxCount, maxShare)")
	f.BoolVar(&o.rotateSecrets, "rotate-secrets", false, "set every Password trait the repository states, even when one is already set")
	f.StringVar(&o.ref, "ref", "", refFlagHelp)
	addTargetFlags(cmd, &o.target)
}

func newPlanCmd(d *deps) *cobra.Command {
	opts := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan [DIR]",
		Short: "Show what apply would change in IT Glue",
		Long: `plan loads the repository in DIR (default: the current directory), reads the
live IT Glue account, and shows every change that would make the account match:
+ create, ~ update (with the attributes that change), - delete (only where the
repository's prune policy opts in). Password values are never read or shown.

--out FILE saves the plan; "glue-sync apply FILE" applies exactly that plan,
refusing objects that changed since.
--detailed-exitcode exits 0 when there is nothing to do, 2 when there are
changes and 1 on errors.
--sandbox plans against a built-in demo account instead of IT Glue.
--ref REV plans DIR as it is in that git commit (a branch, tag, HEAD~1,
origin/main or hash) instead of the files on disk; the plan's source.commit
is the commit's full id.`,
		Example: `  # try it without an account: plan the example repository against the demo account
  $ glue-sync plan --sandbox examples/repo

  # in a pull request: a Markdown comment, and the plan saved for apply
  $ glue-sync plan --out plan.json --format markdown . > plan.md

  # one organization only; exit code 2 when there is something to change
  $ glue-sync plan --target "Contoso Ltd" --detailed-exitcode .

  # what the main branch would change
  $ glue-sync plan --ref origin/main .`,
		Args: optionalArg("DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = dirArg(args)
			if err := checkFormat(cmd, opts.format, planFormats...); err != nil {
				return err
			}
			return runPlan(d, opts)
		},
	}
	formatFlag(cmd, &opts.format, "", planFormats...)
	cmd.Flags().StringVar(&opts.out, "out", "", "save the plan to `FILE` for a later apply")
	cmd.Flags().BoolVar(&opts.detailedExit, "detailed-exitcode", false, "exit 0 for no changes, 2 for changes, 1 for errors")
	addPlanFlags(cmd, opts)
	return cmd
}

func runPlan(d *deps, opts *planOptions) error {
	if err := checkOutDir(opts.out); err != nil {
		return withExitCode(ExitError, err)
	}
	if err := checkRepoDir(opts.dir, opts.ref); err != nil {
		return withExitCode(ExitError, err)
	}
	ds, t, err := loadAndConnect(d, opts)
	if err != nil {
		return err
	}
	defer t.Close()
	p, err := computePlan(d, t, ds, opts)
	if err != nil {
		return err
	}
	if err := renderPlan(d, p, opts.format); err != nil {
		return err
	}
	if drift := refUploadDrift(p, opts.source); len(drift) > 0 {
		fmt.Fprintf(d.io.ErrOut, "warning: %s\n", textsafe.Line(refUploadError(drift, opts.source).Error()))
	}
	if opts.out != "" {
		if err := savePlan(opts.out, p); err != nil {
			return withExitCode(ExitError, err)
		}
		sb := ""
		if t.sandbox != nil {
			sb = "--sandbox " // a sandbox plan applies only to a sandbox
		}
		fmt.Fprintf(d.io.ErrOut, "Saved the plan to %s; apply it with: glue-sync apply %s%s\n", opts.out, sb, opts.out)
		var ce *plan.CheckError
		if errors.As(plan.Check(p, plan.CheckOptions{SecretEnv: checkSecretEnv}), &ce) {
			fmt.Fprintf(d.io.ErrOut, "warning: apply will refuse this plan file:\n  %s\n", strings.Join(ce.Problems, "\n  "))
		}
	}
	fmt.Fprintln(d.io.ErrOut, requestSummary(t.client.Stats()))
	switch {
	case p.HasErrors():
		return withExitCode(ExitError, nil)
	case opts.detailedExit && p.HasChanges():
		return withExitCode(ExitChanges, nil)
	}
	return nil
}

// loadRepo loads and validates the repository (from the work tree, or the
// commit --ref names) and records where it came from in opts.source,
// printing its diagnostics to stderr; errors end the command with exit
// code 1.
func loadRepo(d *deps, opts *planOptions) (*spec.DesiredState, error) {
	opts.dir = discoverRepo(d, opts.dir)
	dir := opts.dir
	ds, diags, src, err := loadSource(d, dir, opts.ref)
	if serr := checkInterrupted(d); serr != nil {
		return nil, serr // not what loading said of it (--ref's git: "context deadline exceeded")
	}
	if err != nil {
		return nil, withExitCode(ExitError, err)
	}
	opts.source = src
	if len(diags) > 0 {
		io.WriteString(d.io.ErrOut, diags.String())
	}
	if diags.HasErrors() || ds == nil {
		n := diags.Errors()
		again := dir
		if opts.ref != "" {
			again = "--ref " + opts.ref + " " + dir
		}
		return nil, withExitCode(ExitError, fmt.Errorf("%s has %d %s; run glue-sync validate %s for details",
			dir, n, plural(n, "error", "errors"), again))
	}
	if err := reconcile.CheckTargets(ds, opts.targets); err != nil {
		return nil, withExitCode(ExitError, err) // before connecting: a typo is the first thing to fix
	}
	if ds.Files == 0 {
		// Nothing declared means nothing managed: a plan could never change
		// anything, so this is almost certainly the wrong folder.
		return nil, withExitCode(ExitError, fmt.Errorf("%s holds no *.yaml or *.yml files, so there is nothing to plan: give the repository's folder", dir))
	}
	return ds, nil
}

// computePlan reads the live account and compares it with ds.
func computePlan(d *deps, t *target, ds *spec.DesiredState, opts *planOptions) (*plan.Plan, error) {
	if err := reconcile.CheckTargets(ds, opts.targets); err != nil {
		return nil, withExitCode(ExitError, err)
	}
	api, done := t.liveAPI()
	live, err := reconcile.ReadLive(d.ctx, api, reconcile.ScopeOf(ds, opts.targets))
	done()
	d.clearProgress()
	if err != nil {
		return nil, withExitCode(ExitError, liveReadError(d.ctx, err))
	}
	p := reconcile.Compute(ds, live, reconcile.Options{
		Targets:       opts.targets,
		ForcePrune:    opts.force,
		RotateSecrets: opts.rotateSecrets,
		SourceDir:     opts.dir,
		SourceCommit:  opts.source.commit,
		BaseURL:       t.baseURL,
		Sandbox:       t.sandbox != nil,
		EnvSet:        reconcile.EnvSetFrom(secretEnv(d, t)),
	})
	p.Target.Account = plan.AccountID(accountBase(t), recordIDs(live.OrganizationTypes), recordIDs(live.OrganizationStatuses))
	return p, nil
}

// renderPlan writes p to stdout in format.
func renderPlan(d *deps, p *plan.Plan, format string) error {
	return renderPlanTo(d, d.io.Out, p, format)
}

// renderPlanTo writes p to w in format.
func renderPlanTo(d *deps, w io.Writer, p *plan.Plan, format string) error {
	var err error
	switch format {
	case "json":
		err = render.JSON(w, p)
	case "markdown":
		err = render.Markdown(w, p, render.MarkdownOptions{})
	default:
		err = render.Text(w, p, render.TextOptions{Color: w == d.io.Out && d.io.ColorEnabled(d.getenv)})
	}
	if err != nil {
		return withExitCode(ExitError, err)
	}
	return nil
}

// checkOutDir fails early, before the account is read, when --out names a
// directory, or a file in a directory that does not exist.
func checkOutDir(path string) error {
	if path == "" {
		return nil
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("--out %s is a directory: give a file name, such as %s", path, filepath.Join(path, "plan.json"))
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("--out %s: the directory %s does not exist; create it or save the plan elsewhere", path, dir)
	}
	return nil
}

// savePlan writes p to path atomically: a temporary file in the same
// directory, renamed over path once complete.
func savePlan(path string, p *plan.Plan) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".glue-sync-plan-*")
	if err != nil {
		return fmt.Errorf("saving the plan to %s: %w", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after a successful rename
	if err := render.JSON(f, p); err != nil {
		f.Close()
		return fmt.Errorf("saving the plan to %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("saving the plan to %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("saving the plan to %s: %w", path, err)
	}
	return nil
}

// secretEnv is where Password values come from: the environment, and with
// --sandbox a placeholder for variables that are not set (the demo
// repository names variables nobody has), so that the demo applies in
// full. The placeholder only ever reaches the throwaway sandbox, and each
// variable it stands in for is named once on stderr.
func secretEnv(d *deps, t *target) func(string) string {
	if t.sandbox == nil {
		return d.getenv
	}
	return func(k string) string {
		if v := d.getenv(k); v != "" {
			return v
		}
		t.mu.Lock()
		defer t.mu.Unlock()
		if !t.placeheld[k] {
			if t.placeheld == nil {
				t.placeheld = map[string]bool{}
			}
			t.placeheld[k] = true
			fmt.Fprintf(d.io.ErrOut, "sandbox: %s is not set; the sandbox uses a placeholder password instead\n", k)
		}
		return sandboxPlaceholder
	}
}

// sandboxPlaceholder is the Password value used in the sandbox for unset
// variables.
const sandboxPlaceholder = "sandbox-placeholder"
