package cli

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/glue-sync/glue-sync/internal/github"
	"github.com/glue-sync/glue-sync/internal/render"
)

// defaultDriftLabel labels glue-sync's drift issues.
const defaultDriftLabel = "glue-sync-drift"

// ghDriftOptions are github drift's flags.
type ghDriftOptions struct {
	planOptions
	label string
}

func newGitHubDriftCmd(d *deps) *cobra.Command {
	opts := &ghDriftOptions{}
	cmd := &cobra.Command{
		Use:   "drift [DIR]",
		Short: "Keep one open issue while the account differs from the repository",
		Long: `github drift plans DIR (default: the current directory) on a schedule and
keeps exactly one open issue per directory (found by its label and a hidden
marker naming the directory) while the account differs from the repository:
opened the first time, its title and plan edited in place after, and closed
with a comment once the account matches again. Duplicates are closed.

Step outputs: exit-code, has-changes, has-deletes, plan-digest,
issue-number. --detailed-exitcode exits 2 while there is drift.`,
		Example: `  # in a scheduled workflow (permissions: issues: write)
  $ glue-sync github drift examples/repo`,
		Args: optionalArg("DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = dirArg(args)
			return runGitHubDrift(d, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.label, "label", defaultDriftLabel, "the drift issue's `LABEL`")
	f.BoolVar(&opts.detailedExit, "detailed-exitcode", false, "exit 0 without drift, 2 with drift, 1 for errors")
	addPlanFlags(cmd, &opts.planOptions)
	return cmd
}

func runGitHubDrift(d *deps, opts *ghDriftOptions) error {
	return withGHOutputs(d, map[string]string{"has-changes": "false", "has-deletes": "false", "plan-digest": "", "issue-number": ""}, func(g *ghContext, out map[string]string) error {
		return ghDrift(d, opts, g, out)
	})
}

func ghDrift(d *deps, opts *ghDriftOptions, g *ghContext, out map[string]string) error {
	if strings.TrimSpace(opts.label) == "" || strings.ContainsAny(opts.label, ",\n") {
		return withExitCode(ExitError, fmt.Errorf("--label %q: give one label, without commas", opts.label))
	}
	gh, repo, err := g.client()
	if err != nil {
		return withExitCode(ExitError, err)
	}
	if err := checkRepoDir(opts.dir, opts.ref); err != nil {
		return withExitCode(ExitError, err)
	}
	ds, err := loadRepo(d, &opts.planOptions)
	if err != nil {
		return err
	}
	t, err := openTarget(d, &opts.target, &ds.Config)
	if err != nil {
		return withExitCode(ExitError, err)
	}
	defer t.Close()
	p, err := computeDriftPlan(d, t, ds, &opts.planOptions)
	if err != nil {
		return err
	}
	if err := renderPlan(d, p, "text"); err != nil {
		return err
	}
	fmt.Fprintln(d.io.ErrOut, requestSummary(t.client.Stats()))
	if p.HasErrors() {
		return withExitCode(ExitError, errors.New("the plan has errors, so drift cannot be told: the drift issue is left as it is"))
	}
	c := p.Count()
	out["has-changes"] = strconv.FormatBool(c.Total() > 0)
	out["has-deletes"] = strconv.FormatBool(c.Delete > 0)
	out["plan-digest"] = p.Digest()

	dirKey := ghDirKey(opts.dir)
	marker := "<!-- " + ghMarker(markDrift, dirKey) + " -->"
	all, err := gh.OpenIssues(d.ctx, repo, opts.label)
	if err != nil {
		return withExitCode(ExitError, err)
	}
	var mine []github.Issue
	for _, is := range all {
		if strings.Contains(is.Body, marker) {
			mine = append(mine, is)
		}
	}
	commit := ""
	if p.Source.Commit != "" {
		commit = " (commit " + shortHash(p.Source.Commit) + ")"
	}
	run := ""
	if g.runURL != "" {
		run = " [Run](" + g.runURL + ")."
	}
	closed := "closed"
	if !p.HasChanges() {
		for _, is := range mine {
			msg := "The account matches " + render.MarkdownCode(dirKey) + commit + " again: closing." + run
			if _, err := gh.CreateComment(d.ctx, repo, is.Number, msg); err != nil {
				return withExitCode(ExitError, err)
			}
			if _, err := gh.UpdateIssue(d.ctx, repo, is.Number, github.IssueUpdate{State: &closed}); err != nil {
				return withExitCode(ExitError, err)
			}
			fmt.Fprintf(d.io.ErrOut, "No drift: closed issue #%d.\n", is.Number)
		}
		if len(mine) == 0 {
			fmt.Fprintln(d.io.ErrOut, "No drift, and no drift issue open.")
		}
		return appendFile(g.summaryPath, "### glue-sync drift for "+render.MarkdownText(dirKey)+": none\n\nThe account matches the repository.\n", "job summary")
	}

	title := fmt.Sprintf("glue-sync: the IT Glue account differs from %s (%d to create, %d to update, %d to delete)",
		sanitizeOneLine(dirKey), c.Create, c.Update, c.Delete)
	mdo := render.MarkdownOptions{Marker: ghMarker(markDrift, dirKey), Title: "glue-sync drift for " + dirKey,
		FullPlanURL: g.runURL, FullPlanHint: "the job summary of the latest drift run",
		Notes: []string{"The account differs from the repository" + commit + ". Apply the repository (merge a change, or re-run the apply workflow), or change the repository to accept what the account holds. This issue is updated on every drift run and closed when the account matches."}}
	body, err := mdBuffer(func(b *bytes.Buffer) error { return render.Markdown(b, p, mdo) })
	if err != nil {
		return withExitCode(ExitError, err)
	}
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
	var num int
	if len(mine) == 0 {
		is, err := gh.CreateIssue(d.ctx, repo, title, body, []string{opts.label})
		if err != nil {
			return withExitCode(ExitError, err)
		}
		num = is.Number
		fmt.Fprintf(d.io.ErrOut, "Drift: opened issue #%d: %s\n", num, sanitizeOneLine(is.HTMLURL))
	} else {
		num = mine[0].Number
		if _, err := gh.UpdateIssue(d.ctx, repo, num, github.IssueUpdate{Title: &title, Body: &body}); err != nil {
			return withExitCode(ExitError, err)
		}
		fmt.Fprintf(d.io.ErrOut, "Drift: updated issue #%d.\n", num)
		for _, dup := range mine[1:] {
			if _, err := gh.CreateComment(d.ctx, repo, dup.Number, fmt.Sprintf("Duplicate of #%d, which glue-sync keeps up to date: closing.", num)); err != nil {
				return withExitCode(ExitError, err)
			}
			if _, err := gh.UpdateIssue(d.ctx, repo, dup.Number, github.IssueUpdate{State: &closed}); err != nil {
				return withExitCode(ExitError, err)
			}
		}
	}
	out["issue-number"] = strconv.Itoa(num)
	if opts.detailedExit {
		return withExitCode(ExitChanges, nil)
	}
	return nil
}
