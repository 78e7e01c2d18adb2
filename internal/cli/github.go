package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/glue-sync/glue-sync/internal/github"
	"github.com/glue-sync/glue-sync/internal/gitsrc"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// The environment GitHub Actions sets, which the github commands read.
const (
	envGitHubAPIURL    = "GITHUB_API_URL"
	envGitHubToken     = "GITHUB_TOKEN"
	envGitHubRepo      = "GITHUB_REPOSITORY"
	envGitHubEventPath = "GITHUB_EVENT_PATH"
	envGitHubSHA       = "GITHUB_SHA"
	envGitHubSummary   = "GITHUB_STEP_SUMMARY"
	envGitHubOutput    = "GITHUB_OUTPUT"
	envGitHubServerURL = "GITHUB_SERVER_URL"
	envGitHubRunID     = "GITHUB_RUN_ID"
)

// summaryMax is how much of a step's summary (1 MiB at most) the plan
// may fill.
const summaryMax = 1000 * 1000

func newGitHubCmd(d *deps) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "github",
		Short: "Plan, apply and watch drift from GitHub Actions",
		Long: `github runs glue-sync inside GitHub Actions workflows:

  github plan [DIR]    on a pull request: the plan as one sticky comment per
                       pull request and directory, the full plan in the job
                       summary, problems as annotations, changes split into
                       "from this pull request" and "already pending on the
                       base branch"; a failed plan replaces the comment too
  github apply [DIR]   on a push to the main branch: re-plans the merged
                       commit, compares it with the plan reviewed in the
                       merged pull request, applies, and reports on the pull
                       request and in the job summary
  github drift [DIR]   on a schedule: keeps one open issue while the account
                       differs from the repository, closed when it matches

They read GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_EVENT_PATH, GITHUB_SHA,
GITHUB_API_URL (GitHub Enterprise Server works), GITHUB_STEP_SUMMARY,
GITHUB_OUTPUT, GITHUB_SERVER_URL and GITHUB_RUN_ID, which Actions sets
(GITHUB_TOKEN from env: GITHUB_TOKEN: ${{ github.token }}). The token is
never printed. docs/github.md sets up a repository from zero, and
docs/github-commands.md describes the commands, their flags and outputs.`,
		Example: `  # the pull-request plan, the apply on merge, the scheduled drift check
  $ glue-sync github plan --out plan.json examples/repo
  $ glue-sync github apply --require-reviewed-plan examples/repo
  $ glue-sync github drift examples/repo
  # the subcommands
  $ glue-sync github`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newGitHubPlanCmd(d), newGitHubApplyCmd(d), newGitHubDriftCmd(d))
	return cmd
}

// ghContext is what a workflow run tells the github commands.
type ghContext struct {
	apiURL, token, repo, sha string
	summaryPath, outputPath  string
	// runURL links the run (and its job summary); "" outside Actions.
	runURL string
	// pr is the pull request of a pull_request event; nil otherwise.
	pr *ghEventPR
	// commentAuthor is --comment-author: the login whose comments are
	// glue-sync's ("" for any bot account).
	commentAuthor string
}

// ghEventPR is the part of a pull_request event glue-sync reads.
type ghEventPR struct {
	Number int `json:"number"`
	Head   struct {
		SHA string `json:"sha"`
	} `json:"head"`
	Base struct {
		SHA string `json:"sha"`
		Ref string `json:"ref"`
	} `json:"base"`
}

// readGHContext reads the environment and the event file.
func readGHContext(d *deps) (*ghContext, error) {
	g := &ghContext{apiURL: d.getenv(envGitHubAPIURL), token: d.getenv(envGitHubToken), repo: d.getenv(envGitHubRepo),
		sha: d.getenv(envGitHubSHA), summaryPath: d.getenv(envGitHubSummary), outputPath: d.getenv(envGitHubOutput)}
	server := strings.TrimRight(d.getenv(envGitHubServerURL), "/")
	if server == "" {
		server = "https://github.com"
	}
	if id := d.getenv(envGitHubRunID); id != "" && g.repo != "" {
		if _, err := strconv.ParseUint(id, 10, 64); err == nil {
			g.runURL = server + "/" + g.repo + "/actions/runs/" + id
		}
	}
	if path := d.getenv(envGitHubEventPath); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("reading the workflow event (%s): %w", envGitHubEventPath, err)
		}
		var ev struct {
			PullRequest *ghEventPR `json:"pull_request"`
		}
		if err := json.Unmarshal(b, &ev); err != nil {
			return nil, fmt.Errorf("reading the workflow event %s: not JSON: %w", path, err)
		}
		g.pr = ev.PullRequest
	}
	return g, nil
}

// client returns the GitHub client, or an error saying which variable is
// missing.
func (g *ghContext) client() (*github.Client, github.Repo, error) {
	if strings.TrimSpace(g.token) == "" {
		return nil, github.Repo{}, fmt.Errorf("%s is not set: give the step env: %s: ${{ github.token }} (or pass --comment=false to skip GitHub)", envGitHubToken, envGitHubToken)
	}
	if g.repo == "" {
		return nil, github.Repo{}, fmt.Errorf("%s is not set: run inside GitHub Actions, or set it to owner/name", envGitHubRepo)
	}
	r, err := github.ParseRepo(g.repo)
	if err != nil {
		return nil, github.Repo{}, err
	}
	c, err := github.New(g.apiURL, g.token, github.WithCommentAuthor(g.commentAuthor))
	if err != nil {
		return nil, github.Repo{}, err
	}
	return c, r, nil
}

// appendFile appends s to the file at path (a step summary or output
// file); nothing when path is "".
func appendFile(path, s, what string) error {
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("writing the %s (%s): %w", what, path, err)
	}
	_, err = f.WriteString(s)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing the %s (%s): %w", what, path, err)
	}
	return nil
}

// writeOutputs appends the step outputs to GITHUB_OUTPUT, sorted by name.
func (g *ghContext) writeOutputs(out map[string]string) error {
	names := make([]string, 0, len(out))
	for k := range out {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		v := strings.NewReplacer("\r", " ", "\n", " ").Replace(out[k])
		b.WriteString(k + "=" + v + "\n")
	}
	return appendFile(g.outputPath, b.String(), "step outputs")
}

// ghDirKey names the repository directory in markers: its path from the
// git repository's root when in one, else as given, cleaned.
func ghDirKey(dir string) string {
	if repo, err := gitsrc.Open(dir); err == nil {
		if rel, err := repo.RelPath(dir); err == nil {
			return rel
		}
	}
	return filepath.ToSlash(filepath.Clean(dir))
}

// markerValue writes s so it can sit in an HTML comment: letters,
// digits and ./_ as they are, a single "-" between other characters as
// it is, anything else (and "-" runs) percent-encoded.
func markerValue(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '/'
		if c == '-' && i > 0 && i < len(s)-1 && s[i-1] != '-' && s[i+1] != '-' {
			ok = true
		}
		if ok {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// The hidden lines of glue-sync's comments and issues.
const (
	markPlan    = "glue-sync:plan"
	markApply   = "glue-sync:apply"
	markDrift   = "glue-sync:drift"
	markDigest  = "glue-sync:digest "
	markHead    = "glue-sync:head "
	markCommit  = "glue-sync:commit "
	markChanges = "glue-sync:changes "
)

// ghMarker is the hidden marker of kind (markPlan, ...) for dirKey.
func ghMarker(kind, dirKey string) string { return kind + " dir=" + markerValue(dirKey) }

// maxReviewedChanges caps the per-change fingerprints a plan comment
// carries (26 bytes each) for the apply to say which changes differ.
const maxReviewedChanges = 400

// reviewLines are the hidden lines of a plan comment after the marker:
// the digest, the pull request's head commit, the commit planned (with
// the default checkout, the pull request's test merge) and per-change
// fingerprints.
func reviewLines(p *plan.Plan, head string) []string {
	lines := []string{markDigest + p.Digest()}
	if head != "" {
		lines = append(lines, markHead+head)
	}
	if p.Source.Commit != "" && p.Source.Commit != head {
		lines = append(lines, markCommit+p.Source.Commit)
	}
	var fp []string
	for i := range p.Changes {
		if ch := &p.Changes[i]; ch.Action != plan.NoOp {
			fp = append(fp, changeFingerprint(ch))
		}
	}
	if len(fp) <= maxReviewedChanges {
		lines = append(lines, markChanges+strings.Join(fp, " "))
	}
	return lines
}

// changeFingerprint is "IDHASH=CHANGEHASH", 12 hex digits each.
func changeFingerprint(ch *plan.Change) string {
	return idHash(ch.ID) + "=" + strings.TrimPrefix(ch.ChangeDigest(), plan.DigestPrefix)[:12]
}

func idHash(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:6])
}

// review is what a plan comment says was reviewed.
type review struct {
	// digest is "" when the comment holds no plan (the plan failed).
	digest string
	head   string
	// commit is the commit planned, when not head.
	commit string
	// changes maps id hashes to change hashes; nil when not recorded.
	changes map[string]string
}

// parseReview reads the hidden lines of a plan comment.
func parseReview(body string) review {
	var r review
	for _, line := range strings.Split(body, "\n") {
		inner, ok := strings.CutPrefix(strings.TrimSpace(line), "<!-- ")
		if !ok {
			continue
		}
		inner = strings.TrimSuffix(inner, " -->")
		switch {
		case strings.HasPrefix(inner, markDigest):
			r.digest = strings.TrimPrefix(inner, markDigest)
		case strings.HasPrefix(inner, markHead):
			r.head = strings.TrimPrefix(inner, markHead)
		case strings.HasPrefix(inner, markCommit):
			r.commit = strings.TrimPrefix(inner, markCommit)
		case strings.HasPrefix(inner, markChanges):
			r.changes = map[string]string{}
			for _, f := range strings.Fields(strings.TrimPrefix(inner, markChanges)) {
				if k, v, ok := strings.Cut(f, "="); ok {
					r.changes[k] = v
				}
			}
		}
	}
	return r
}

// specDiagnostics is the loader's diagnostics for the GitHub outputs
// (validate and plan share one diagnostic type).
func specDiagnostics(ds spec.Diagnostics) []plan.Diagnostic { return ds }

// errMessage is err's text without the exit code wrapper ("" for nil).
func errMessage(err error) string {
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err == nil {
			return ""
		}
		return ee.err.Error()
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// mdBuffer renders with f into a string.
func mdBuffer(f func(*bytes.Buffer) error) (string, error) {
	var b bytes.Buffer
	err := f(&b)
	return b.String(), err
}

// computeDriftPlan is computePlan for a run that applies nothing: Password
// traits are planned from their variables' names only, so a drift check
// needs no secrets.
func computeDriftPlan(d *deps, t *target, ds *spec.DesiredState, opts *planOptions) (*plan.Plan, error) {
	live, err := reconcile.ReadLive(d.ctx, reconcile.ClientAPI(t.client), reconcile.ScopeOf(ds, opts.targets))
	if err != nil {
		return nil, withExitCode(ExitError, liveReadError(d.ctx, err))
	}
	return reconcile.Compute(ds, live, reconcile.Options{Targets: opts.targets, ForcePrune: opts.force, RotateSecrets: opts.rotateSecrets,
		SourceDir: opts.dir, SourceCommit: opts.source.commit, BaseURL: t.baseURL, Sandbox: t.sandbox != nil, SecretsAtApply: true}), nil
}

// commentAuthorHelp is the help of --comment-author.
const commentAuthorHelp = "the `LOGIN` glue-sync's comments are posted as, when GITHUB_TOKEN is a personal access token " +
	"(default: any bot account, such as github-actions[bot]); comments by anyone else are never taken for glue-sync's"
