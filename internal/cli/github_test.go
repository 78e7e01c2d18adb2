package cli

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/github/githubtest"
	"github.com/glue-sync/glue-sync/internal/gitsrc/gittest"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

// ghHarness is a pull request's world: a git repository holding
// examples/repo (committed: base), a sandbox account seeded like the demo,
// a fake GitHub, and the environment a workflow step gets.
type ghHarness struct {
	t    *testing.T
	git  *gittest.Repo
	base string
	sb   *sandboxtest.Sandbox
	gh   *githubtest.Fake
	env  map[string]string
	tmp  string
}

func newGHHarness(t *testing.T) *ghHarness {
	t.Helper()
	sb := sandboxtest.Start(t)
	sb.Seed(t, string(demo.Seed()))
	gh := githubtest.Start(t, "acme/docs", "/api/v3")
	g, base := committedExampleGit(t)
	h := &ghHarness{t: t, git: g, base: base, sb: sb, gh: gh, tmp: t.TempDir()}
	h.env = map[string]string{
		"ITGLUE_BASE_URL": sb.URL, "ITGLUE_API_KEY": sb.Key,
		envGitHubAPIURL: gh.URL, envGitHubToken: gh.Token, envGitHubRepo: "acme/docs",
		envGitHubServerURL: "https://github.example", envGitHubRunID: "42",
		envGitHubSummary: filepath.Join(h.tmp, "summary.md"), envGitHubOutput: filepath.Join(h.tmp, "output.txt"),
		// The example repository's Password traits; a plain plan checks them.
		"CONTOSO_HQ_ROUTER_PASSWORD": "pw1", "CONTOSO_ERP_SVC_PASSWORD": "pw2", "FABRIKAM_WMS_SVC_PASSWORD": "pw3",
	}
	return h
}

// event writes a pull_request event for PR number with base and head.
func (h *ghHarness) event(number int, base, head string) {
	h.t.Helper()
	ev := map[string]any{"pull_request": map[string]any{"number": number, "head": map[string]any{"sha": head},
		"base": map[string]any{"sha": base, "ref": "main"}}}
	b, _ := json.Marshal(ev)
	path := filepath.Join(h.tmp, "event.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		h.t.Fatal(err)
	}
	h.env[envGitHubEventPath] = path
}

// run runs glue-sync with args in the harness's environment, from the
// git repository's root (as a workflow step does). The client backs off
// 1 ms between retries: a run against an unreachable API would otherwise
// wait out the production backoff (about a second) before it fails.
func (h *ghHarness) run(args ...string) (code int, stdout, stderr string) {
	h.t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		h.t.Fatal(err)
	}
	if err := os.Chdir(h.git.Dir); err != nil {
		h.t.Fatal(err)
	}
	defer os.Chdir(wd)
	ios, _, out, errOut := TestStreams()
	code = Main(context.Background(), args, envOf(h.env), ios, WithClientOptions(client.WithBackoff(time.Millisecond, time.Millisecond)))
	return code, out.String(), errOut.String()
}

// outputs reads the step outputs written so far (later values win).
func (h *ghHarness) outputs() map[string]string {
	h.t.Helper()
	b, _ := os.ReadFile(h.env[envGitHubOutput])
	out := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			out[k] = v
		}
	}
	return out
}

// client talks to the sandbox directly, to make drift.
func (h *ghHarness) client() *client.Client {
	h.t.Helper()
	c, err := client.New(client.Config{BaseURL: h.sb.URL, APIKey: h.sb.Key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

// setOrgDescription edits an organization in the account, as a person
// would in IT Glue.
func (h *ghHarness) setOrgDescription(name, desc string) {
	h.t.Helper()
	c := h.client()
	orgs, err := c.Organizations.List(context.Background(), &client.OrganizationListOptions{Names: []string{name}})
	if err != nil || len(orgs) != 1 {
		h.t.Fatalf("organization %q: %d, %v", name, len(orgs), err)
	}
	if _, err := c.Organizations.Update(context.Background(), orgs[0].ID, client.OrganizationWrite{Description: &desc}); err != nil {
		h.t.Fatal(err)
	}
}

func ghReadPlan(t *testing.T, path string) *plan.Plan {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := plan.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var requestsLine = regexp.MustCompile(`(?m)^(\d+) API requests?`)

func requestCount(t *testing.T, stderr string) string {
	t.Helper()
	m := requestsLine.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no request count in:\n%s", stderr)
	}
	return m[1]
}

const contosoDesc = "description: Manufacturing client, 120 seats across two sites."

// TestGitHubPlanLabelsOrigins: a base commit, a pull request editing one
// organization, drift made by hand in another: every change is labelled
// right, the plan equals a plain plan's otherwise, and it costs exactly
// the requests of a plain plan.
func TestGitHubPlanLabelsOrigins(t *testing.T) {
	h := newGHHarness(t)
	base := h.base
	h.git.Edit("examples/repo/organizations/clients.yaml", contosoDesc, "description: Manufacturing client, 130 seats across two sites.")
	head := h.git.Commit("pr: Contoso grew")
	h.setOrgDescription("Fabrikam Inc", "edited by hand in IT Glue")
	h.event(7, base, head)

	code, stdout, stderr := h.run("github", "plan", "--out", "plan.json", "examples/repo")
	if code != ExitOK {
		t.Fatalf("github plan = %d\n%s\n%s", code, stdout, stderr)
	}
	p := ghReadPlan(t, filepath.Join(h.git.Dir, "plan.json"))
	got := map[string]plan.Origin{}
	for _, ch := range p.Changes {
		if ch.Action != plan.NoOp {
			got[ch.ID] = ch.Origin
		}
	}
	if got["organization/Contoso Ltd"] != plan.OriginPR {
		t.Errorf("Contoso (edited by the pull request) is %q; want pr", got["organization/Contoso Ltd"])
	}
	if got["organization/Fabrikam Inc"] != plan.OriginBase {
		t.Errorf("Fabrikam (drift in the account) is %q; want base", got["organization/Fabrikam Inc"])
	}
	for id, o := range got {
		if id != "organization/Contoso Ltd" && o != plan.OriginBase {
			t.Errorf("%s is %q; want base (the example repository's pending changes predate the pull request)", id, o)
		}
	}

	// The same plan as a plain plan, origins aside, for the same requests.
	pcode, pout, perr := h.run("plan", "--format", "json", "examples/repo")
	if pcode != ExitOK {
		t.Fatalf("plan = %d\n%s", pcode, perr)
	}
	plain, err := plan.Decode(strings.NewReader(pout))
	if err != nil {
		t.Fatal(err)
	}
	for i := range p.Changes {
		p.Changes[i].Origin = ""
	}
	if d := cmp.Diff(plain.Changes, p.Changes); d != "" {
		t.Errorf("changes differ from a plain plan's (-plain +github):\n%s", d)
	}
	if a, b := requestCount(t, perr), requestCount(t, stderr); a != b {
		t.Errorf("github plan made %s requests; a plain plan makes %s", b, a)
	}

	cs := h.gh.Comments(7)
	if len(cs) != 1 {
		t.Fatalf("%d comments; want 1", len(cs))
	}
	body := cs[0].Body
	for _, w := range []string{"<!-- glue-sync:plan dir=examples/repo -->", "<!-- glue-sync:digest " + p.Digest() + " -->",
		"<!-- glue-sync:head " + head + " -->", "#### Changes from this pull request", "#### Already pending on the base branch",
		"This pull request · Organization <code>Contoso Ltd</code>", "Pending on the base · Organization <code>Fabrikam Inc</code>"} {
		if !strings.Contains(body, w) {
			t.Errorf("comment lacks %q", w)
		}
	}
	out := h.outputs()
	want := map[string]string{"exit-code": "0", "has-changes": "true", "has-deletes": "true", "plan-digest": p.Digest(), "plan-file": "plan.json"}
	if d := cmp.Diff(want, out); d != "" {
		t.Errorf("step outputs (-want +got):\n%s", d)
	}
	summary, _ := os.ReadFile(h.env[envGitHubSummary])
	if !strings.Contains(string(summary), "Organization <code>Contoso Ltd</code>") || strings.Contains(string(summary), "glue-sync:digest") {
		t.Errorf("job summary lacks the plan (or carries the digest):\n%.2000s", summary)
	}
	if strings.Contains(stdout+stderr+body+string(summary), h.gh.Token) || strings.Contains(stdout+stderr+body, h.sb.Key) {
		t.Error("a token or key appears in the output")
	}
}

// writeOneOrgRepo writes a one-organization repository (Contoso Ltd, as
// examples/repo describes it) at dir in the work tree: the tests whose edge
// is the comment, the token or the review, not what the plan holds, plan
// it instead of all of examples/repo.
func (h *ghHarness) writeOneOrgRepo(dir string) { h.writeOrgRepo(dir, 1) }

// writeOrgRepo writes a repository at dir managing the first n
// organizations of examples/repo's clients.yaml (Contoso Ltd, then Fabrikam
// Inc), as that file describes them: it matches the seeded account.
func (h *ghHarness) writeOrgRepo(dir string, n int) {
	h.t.Helper()
	src, err := os.ReadFile(filepath.Join(h.git.Dir, "examples", "repo", "organizations", "clients.yaml"))
	if err != nil {
		h.t.Fatal(err)
	}
	docs := strings.SplitAfter(string(src), "---\n")
	names := []string{"Contoso Ltd", "Fabrikam Inc"}[:n]
	h.git.Write(map[string]string{
		dir + "/glue-sync.yaml": "version: 1\nmanage:\n  organizations: [" + strings.Join(names, ", ") + "]\n",
		dir + "/orgs.yaml":      strings.TrimSuffix(strings.Join(docs[:n], ""), "---\n"),
	})
}

// TestGitHubPlanStickyComment: the second run edits the first run's
// comment, a second directory gets its own, a failing plan replaces the
// comment with the problems, and other comments are left alone. The edge
// is finding and editing the comment by its directory marker, which a
// one-organization repository crosses as all of examples/repo does.
func TestGitHubPlanStickyComment(t *testing.T) {
	h := newGHHarness(t)
	base := h.base
	h.writeOneOrgRepo("first/repo")
	h.writeOneOrgRepo("second/repo")
	head := h.git.Commit("pr")
	h.event(7, base, head)
	h.gh.AddComment(7, "LGTM, someone else")

	for range 2 {
		if code, _, stderr := h.run("github", "plan", "first/repo"); code != ExitOK {
			t.Fatalf("github plan = %d\n%s", code, stderr)
		}
	}
	if code, _, stderr := h.run("github", "plan", "second/repo"); code != ExitOK {
		t.Fatalf("github plan second/repo = %d\n%s", code, stderr)
	}
	cs := h.gh.Comments(7)
	if len(cs) != 3 || !strings.Contains(cs[1].Body, "dir=first/repo") || !strings.Contains(cs[2].Body, "dir=second/repo") {
		t.Fatalf("comments = %d; want the other one, one for first/repo, one for second/repo", len(cs))
	}
	first := cs[1].ID

	// Broken YAML: the comment says the plan failed, with the position.
	h.git.Write(map[string]string{"first/repo/broken.yaml": "kind: Organization\nname: [unclosed\n"})
	code, stdout, _ := h.run("github", "plan", "first/repo")
	if code != ExitError {
		t.Fatalf("github plan on broken YAML = %d; want 1", code)
	}
	cs = h.gh.Comments(7)
	if len(cs) != 3 || cs[1].ID != first {
		t.Fatalf("the failed plan added a comment instead of replacing the plan")
	}
	for _, w := range []string{"<!-- glue-sync:plan dir=first/repo -->", "plan failed", "first/repo/broken.yaml&#58;"} {
		if !strings.Contains(cs[1].Body, w) {
			t.Errorf("failed comment lacks %q:\n%s", w, cs[1].Body)
		}
	}
	if strings.Contains(cs[1].Body, "glue-sync:digest") {
		t.Error("the failed comment still carries a reviewed digest")
	}
	if !strings.Contains(stdout, "::error file=first/repo/broken.yaml,line=2") {
		t.Errorf("no annotation for the broken file on stdout:\n%s", stdout)
	}
	if h.outputs()["exit-code"] != "1" {
		t.Errorf("exit-code output = %q; want 1", h.outputs()["exit-code"])
	}

	// An unreachable API: the comment says so too.
	os.Remove(filepath.Join(h.git.Dir, "first/repo/broken.yaml"))
	h.env["ITGLUE_BASE_URL"] = "http://127.0.0.1:1"
	if code, _, _ := h.run("github", "plan", "first/repo"); code != ExitError {
		t.Fatalf("github plan with the API down = %d; want 1", code)
	}
	if body := h.gh.Comments(7)[1].Body; !strings.Contains(body, "plan failed") || !strings.Contains(body, "127.0.0.1&#58;1") {
		t.Errorf("comment after an unreachable API:\n%s", body)
	}
}

// TestGitHubPlanShallowClone: without the base commit the plan is made
// unsplit, and the comment says to fetch the history. The edge is the
// missing base commit; a one-organization repository with a pending change
// crosses it as all of examples/repo does.
func TestGitHubPlanShallowClone(t *testing.T) {
	h := newGHHarness(t)
	h.writeOneOrgRepo("small/repo")
	h.git.Edit("small/repo/orgs.yaml", contosoDesc, "description: Manufacturing client, 130 seats across two sites.")
	head := h.git.Commit("pr")
	if err := os.WriteFile(filepath.Join(h.git.Dir, ".git", "shallow"), []byte(head+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h.event(7, strings.Repeat("ab", 20), head)
	code, _, stderr := h.run("github", "plan", "small/repo")
	if code != ExitOK {
		t.Fatalf("github plan = %d\n%s", code, stderr)
	}
	body := h.gh.Comments(7)[0].Body
	if !strings.Contains(body, "fetch-depth&#58; 0") || !strings.Contains(body, "not split") {
		t.Errorf("comment does not say how to get the split:\n%.3000s", body)
	}
	if strings.Contains(body, "Changes from this pull request") {
		t.Error("changes split without a base")
	}
	if !strings.Contains(body, "Organization <code>Contoso Ltd</code>") {
		t.Errorf("comment lacks the pending change of Contoso Ltd:\n%.3000s", body)
	}
}

// TestGitHubPlanErrorsNamePermission: a token that may not comment gives
// an error naming the permission, and no token in the output. The edge is
// posting the comment, which a one-organization repository reaches as all
// of examples/repo does.
func TestGitHubPlanErrorsNamePermission(t *testing.T) {
	h := newGHHarness(t)
	base := h.base
	h.writeOneOrgRepo("small/repo")
	head := h.git.Commit("pr")
	h.event(7, base, head)
	h.gh.Fail("POST /repos/acme/docs/issues/7/comments", 403)
	code, stdout, stderr := h.run("github", "plan", "small/repo")
	if code != ExitError || !strings.Contains(stderr, "pull-requests: write") {
		t.Fatalf("github plan = %d; want 1 naming pull-requests: write\n%s", code, stderr)
	}
	if strings.Contains(stdout+stderr, h.gh.Token) {
		t.Error("the token appears in the output")
	}
	delete(h.env, envGitHubToken)
	if code, _, stderr := h.run("github", "plan", "small/repo"); code != ExitError || !strings.Contains(stderr, "GITHUB_TOKEN is not set") {
		t.Errorf("without a token: %d\n%s", code, stderr)
	}
}

// review runs github plan of dir for pull request number (base..head
// checked out at head), as the pull request's workflow does.
func (h *ghHarness) review(number int, base, head, dir string) {
	h.t.Helper()
	h.event(number, base, head)
	if code, _, stderr := h.run("github", "plan", dir); code != ExitOK {
		h.t.Fatalf("github plan = %d\n%s", code, stderr)
	}
	delete(h.env, envGitHubEventPath)
}

func (h *ghHarness) orgDescription(name string) string {
	h.t.Helper()
	orgs, err := h.client().Organizations.List(context.Background(), &client.OrganizationListOptions{Names: []string{name}})
	if err != nil || len(orgs) != 1 {
		h.t.Fatalf("organization %q: %d, %v", name, len(orgs), err)
	}
	return orgs[0].Description
}

// TestGitHubApplyDetectsOtherMerge: pull request #8 is reviewed; another
// pull request changing the same organization is merged before it; the
// apply of #8's merge sees the difference, names the change and the
// cause, and with --require-reviewed-plan refuses. The edge is the review
// against the merge; a one-organization repository crosses it as all of
// small/repo does.
func TestGitHubApplyDetectsOtherMerge(t *testing.T) {
	h := newGHHarness(t)
	h.writeOneOrgRepo("small/repo")
	base := h.git.Commit("base: Contoso")
	h.git.Edit("small/repo/orgs.yaml", contosoDesc, "description: Manufacturing client, 130 seats across two sites.")
	head := h.git.Commit("#8: Contoso grew")
	h.review(8, base, head, "small/repo")
	h.git.Edit("small/repo/orgs.yaml", "shortName: CONTOSO", "shortName: CONTOSO-LTD")
	merged := h.git.Commit("merge of #9 and #8: Contoso renamed too")
	h.gh.SetPulls(merged, githubtest.PR{Number: 8, HeadSHA: head, BaseSHA: base, MergeSHA: merged, Merged: true})
	h.env[envGitHubSHA] = merged
	before := h.orgDescription("Contoso Ltd")

	code, _, stderr := h.run("github", "apply", "--require-reviewed-plan", "small/repo")
	if code != ExitError {
		t.Fatalf("github apply --require-reviewed-plan = %d; want 1\n%s", code, stderr)
	}
	if got := h.orgDescription("Contoso Ltd"); got != before {
		t.Errorf("Contoso's description is %q after a refused apply; want it unchanged", got)
	}
	var report string
	for _, c := range h.gh.Comments(8) {
		if strings.Contains(c.Body, "<!-- glue-sync:apply dir=small/repo -->") {
			report = c.Body
		}
	}
	for _, w := range []string{"nothing was applied", "differs from the one last reviewed in #8",
		"| <code>organization/Contoso Ltd</code> | changed since the review | " + causeOther + " |"} {
		if !strings.Contains(report, w) {
			t.Errorf("apply report lacks %q:\n%s", w, report)
		}
	}
	if h.outputs()["reviewed"] != "false" || h.outputs()["exit-code"] != "1" {
		t.Errorf("outputs = %v; want reviewed=false, exit-code=1", h.outputs())
	}

	// Without the flag it applies, and says what differed.
	code, stdout, stderr := h.run("github", "apply", "small/repo")
	if code != ExitOK {
		t.Fatalf("github apply = %d\n%s\n%s", code, stdout, stderr)
	}
	if got := h.orgDescription("Contoso Ltd"); got != "Manufacturing client, 130 seats across two sites." {
		t.Errorf("Contoso's description = %q after the apply", got)
	}
	reports := 0
	for _, c := range h.gh.Comments(8) {
		if strings.Contains(c.Body, "glue-sync:apply") {
			reports++
			report = c.Body
		}
	}
	if reports != 1 || !strings.Contains(report, "changes applied") || !strings.Contains(report, "changed since the review") {
		t.Errorf("%d apply reports; want the one edited, saying it applied and what differed:\n%s", reports, report)
	}
	summary, _ := os.ReadFile(h.env[envGitHubSummary])
	if !strings.Contains(string(summary), "changes applied") {
		t.Error("the job summary lacks the apply report")
	}
}

// TestGitHubApplyReviewedAndDrift: merged as reviewed, the apply says
// so; after a hand edit in the account since the review, the difference
// is put down to the account. The edge is the review against the account;
// a repository of two organizations (one edited, one drifting) crosses it
// as all of small/repo does.
func TestGitHubApplyReviewedAndDrift(t *testing.T) {
	h := newGHHarness(t)
	h.writeOrgRepo("small/repo", 2)
	base := h.git.Commit("base: Contoso and Fabrikam")
	h.git.Edit("small/repo/orgs.yaml", contosoDesc, "description: Manufacturing client, 130 seats across two sites.")
	head := h.git.Commit("#8")
	// Someone copies the marker with a digest of their own before the
	// first plan: it must be neither edited nor taken for the review.
	planted := "<!-- glue-sync:plan dir=small/repo -->\n<!-- glue-sync:digest sha256:planted -->"
	h.gh.AddComment(8, planted)
	h.review(8, base, head, "small/repo")
	if cs := h.gh.Comments(8); len(cs) != 2 || cs[0].Body != planted {
		t.Fatalf("the planted comment was edited, or no comment of glue-sync's own was posted")
	}
	h.gh.SetPulls(head, githubtest.PR{Number: 8, HeadSHA: head, MergeSHA: head, Merged: true})
	h.env[envGitHubSHA] = head

	h.setOrgDescription("Fabrikam Inc", "edited by hand after the review")
	code, _, stderr := h.run("github", "apply", "--require-reviewed-plan", "small/repo")
	if code != ExitError || !strings.Contains(stderr, "organization/Fabrikam Inc: new since the review ("+causeDrift+")") {
		t.Fatalf("github apply after drift = %d; want 1 naming Fabrikam and the drift\n%s", code, stderr)
	}
	h.setOrgDescription("Fabrikam Inc", "Contoso's logistics subsidiary.")
	code, _, stderr = h.run("github", "apply", "--require-reviewed-plan", "small/repo")
	if code != ExitOK {
		t.Fatalf("github apply as reviewed = %d\n%s", code, stderr)
	}
	if h.outputs()["reviewed"] != "true" {
		t.Errorf("reviewed output = %q; want true", h.outputs()["reviewed"])
	}
	var report string
	for _, c := range h.gh.Comments(8) {
		if strings.Contains(c.Body, "glue-sync:apply") {
			report = c.Body
		}
	}
	if !strings.Contains(report, "What was reviewed is what was applied") {
		t.Errorf("report:\n%s", report)
	}
}

// TestGitHubDriftIssue: drift opens one issue, a second run updates it in
// place, and once the account matches the issue is closed with a comment.
// The edge is the issue's life, not what differs: a repository of two
// organizations (one edited, one drifting) crosses it as all of
// small/repo does.
func TestGitHubDriftIssue(t *testing.T) {
	h := newGHHarness(t)
	h.writeOrgRepo("small/repo", 2)
	h.git.Edit("small/repo/orgs.yaml", contosoDesc, "description: Manufacturing client, 130 seats across two sites.")
	h.git.Commit("Contoso grew")
	code, _, stderr := h.run("github", "drift", "small/repo")
	if code != ExitOK {
		t.Fatalf("github drift = %d\n%s", code, stderr)
	}
	is := h.gh.Issues()
	if len(is) != 1 || is[0].State != "open" || is[0].Labels[0] != defaultDriftLabel ||
		!strings.Contains(is[0].Body, "<!-- glue-sync:drift dir=small/repo -->") || !strings.Contains(is[0].Title, "differs from small/repo") {
		t.Fatalf("issues = %+v; want one open drift issue", is)
	}
	firstTitle := is[0].Title
	if h.outputs()["issue-number"] != "1" || h.outputs()["has-changes"] != "true" {
		t.Errorf("outputs = %v", h.outputs())
	}

	h.setOrgDescription("Fabrikam Inc", "edited by hand")
	if code, _, stderr := h.run("github", "drift", "--detailed-exitcode", "small/repo"); code != ExitChanges {
		t.Fatalf("github drift --detailed-exitcode = %d; want 2\n%s", code, stderr)
	}
	is = h.gh.Issues()
	if len(is) != 1 || !strings.Contains(is[0].Body, "Fabrikam Inc") || is[0].Title == firstTitle {
		t.Fatalf("after more drift: %d issues, title %q; want the one issue updated", len(is), is[0].Title)
	}

	// Apply everything: the account now matches, and the issue closes.
	if code, _, stderr := h.run("apply", "--auto-approve", "small/repo"); code != ExitOK {
		t.Fatalf("apply = %d\n%s", code, stderr)
	}
	if code, _, stderr := h.run("github", "drift", "small/repo"); code != ExitOK {
		t.Fatalf("github drift after apply = %d\n%s", code, stderr)
	}
	is = h.gh.Issues()
	if len(is) != 1 || is[0].State != "closed" {
		t.Fatalf("issues = %+v; want the one issue closed", is)
	}
	if cs := h.gh.Comments(is[0].Number); len(cs) != 1 || !strings.Contains(cs[0].Body, "matches") {
		t.Errorf("closing comments = %+v", cs)
	}
	// No drift and nothing open: nothing new.
	if code, _, _ := h.run("github", "drift", "small/repo"); code != ExitOK || len(h.gh.Issues()) != 1 {
		t.Errorf("a run without drift opened an issue")
	}
}

// TestGitHubPlanSettlesDrift: a pull request that writes a hand edit of
// the account into the repository settles that pending change, and says
// so; nothing of it is labelled as the pull request's. The edge is the
// split of the plan by origin; a repository of two organizations (one
// drifting, the other with a change pending on the base branch) crosses it
// as all of examples/repo does.
func TestGitHubPlanSettlesDrift(t *testing.T) {
	h := newGHHarness(t)
	h.writeOrgRepo("small/repo", 2)
	h.git.Edit("small/repo/orgs.yaml", contosoDesc, "description: Manufacturing client, 130 seats across two sites.")
	base := h.git.Commit("base: Contoso (grown) and Fabrikam")
	h.setOrgDescription("Fabrikam Inc", "Logistics subsidiary, edited in IT Glue.")
	h.git.Edit("small/repo/orgs.yaml", "description: Contoso's logistics subsidiary.", "description: Logistics subsidiary, edited in IT Glue.")
	head := h.git.Commit("accept the edit made in IT Glue")
	h.event(7, base, head)
	if code, _, stderr := h.run("github", "plan", "small/repo"); code != ExitOK {
		t.Fatalf("github plan = %d\n%s", code, stderr)
	}
	body := h.gh.Comments(7)[0].Body
	if !strings.Contains(body, "#### Settled by this pull request") || !strings.Contains(body, "<code>organization/Fabrikam Inc</code>") {
		t.Errorf("comment does not list Fabrikam as settled:\n%.4000s", body)
	}
	if !strings.Contains(body, "**From this pull request:** none.") {
		t.Errorf("comment attributes changes to the pull request:\n%.2000s", body)
	}
}

func TestParseReview(t *testing.T) {
	t.Parallel()
	p := &plan.Plan{Source: plan.Source{Commit: "c0ffee"}, Changes: []plan.Change{{ID: "organization/A", Action: plan.Create, Kind: plan.KindOrganization}}}
	body := "<!-- " + ghMarker(markPlan, "x") + " -->\n"
	for _, l := range reviewLines(p, "beef") {
		body += "<!-- " + l + " -->\n"
	}
	got := parseReview(body + "### plan\n")
	want := review{digest: p.Digest(), head: "beef", commit: "c0ffee", changes: map[string]string{idHash("organization/A"): changeFingerprint(&p.Changes[0])[13:]}}
	if d := cmp.Diff(want, got, cmp.AllowUnexported(review{})); d != "" {
		t.Errorf("parseReview (-want +got):\n%s", d)
	}
	if got := markerValue("my--repo/x-"); got != "my%2D%2Drepo/x%2D" {
		t.Errorf("markerValue = %q; want no \"--\" and no trailing \"-\"", got)
	}
}

// TestGitHubPlanPostsTheTimeoutStop: when --timeout runs out, while the
// repository loads (the live read started first) or while the account is
// read, github plan replaces its comment with the failed plan naming the
// --timeout stop: posting to GitHub is not talking to IT Glue, so the
// expired deadline does not stop the comment.
func TestGitHubPlanPostsTheTimeoutStop(t *testing.T) {
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(silent.Close)
	for _, tc := range []struct {
		name   string
		silent bool // the API never answers: --timeout runs out while reading
	}{
		{"while loading", false},
		{"while reading", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newGHHarness(t)
			h.event(7, h.base, h.base)
			if tc.silent {
				h.env["ITGLUE_BASE_URL"] = silent.URL
			}
			t.Chdir(h.git.Dir)
			ios, _, _, errOut := TestStreams()
			d := &deps{ctx: context.Background(), getenv: envOf(h.env), io: ios,
				clientOpts: []client.Option{client.WithRateLimit(0, 0, 0), client.WithBackoff(time.Millisecond, time.Millisecond)}}
			if !tc.silent {
				d.loading = func() { <-d.ctx.Done() } // loading outlasts --timeout
			}
			code := run(d, []string{"github", "plan", "--timeout", "100ms", "examples/repo"})
			cs := h.gh.Comments(7)
			if code != ExitError || len(cs) != 1 || !strings.Contains(cs[0].Body, "plan failed") ||
				!strings.Contains(cs[0].Body, "stopped after --timeout 100ms of talking to IT Glue") {
				t.Errorf("exit %d, %d comments, want 1 and the failed plan naming --timeout\nstderr:\n%s", code, len(cs), errOut)
				for _, c := range cs {
					t.Logf("comment:\n%s", c.Body)
				}
			}
			if strings.Contains(errOut.String(), "posting the plan comment") || !strings.Contains(errOut.String(), runTimeoutHint) {
				t.Errorf("stderr:\n%s\nwant the comment posted and the --timeout hint", errOut)
			}
		})
	}
}

// TestGitHubApplyPostsTheTimeoutStop: when --timeout runs out while the
// writes hang, github apply still posts its report on the merged pull
// request (GitHub is not IT Glue: the expired deadline does not stop the
// comment), saying the run hit --timeout, and exits 1.
func TestGitHubApplyPostsTheTimeoutStop(t *testing.T) {
	h := newGHHarness(t)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			io.Copy(io.Discard, r.Body) // lets the server notice the client leaving
			<-r.Context().Done()
			return
		}
		h.sb.Server.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	h.env["ITGLUE_BASE_URL"] = front.URL
	h.writeOneOrgRepo("small/repo")
	base := h.git.Commit("base: Contoso")
	h.git.Edit("small/repo/orgs.yaml", contosoDesc, "description: Manufacturing client, 130 seats across two sites.")
	head := h.git.Commit("#8: Contoso grew")
	h.gh.SetPulls(head, githubtest.PR{Number: 8, HeadSHA: head, BaseSHA: base, MergeSHA: head, Merged: true})
	h.env[envGitHubSHA] = head

	code, _, stderr := h.run("github", "apply", "--timeout", "500ms", "small/repo")
	var report string
	for _, c := range h.gh.Comments(8) {
		if strings.Contains(c.Body, "<!-- glue-sync:apply dir=small/repo -->") {
			report = c.Body
		}
	}
	if code != ExitError || !strings.Contains(report, "stopped after --timeout 500ms") || strings.Contains(stderr, "posting the apply report") {
		t.Errorf("exit %d, want 1 and the apply report naming --timeout posted\nstderr:\n%s\nreport:\n%s", code, stderr, report)
	}
}
