package action

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeGitHub is the part of GitHub's REST API the plan's sticky comment and
// the drift issue use, for one repository and pull request: list, create
// and edit comments; list open issues by label, open and edit issues;
// behind a bearer token.
type fakeGitHub struct {
	*httptest.Server
	mu       sync.Mutex
	token    string
	comments []fakeComment
	issues   []*fakeIssue
	pulls    map[string][]map[string]any // by commit
	requests []string
}

type fakeIssue struct {
	Number int      `json:"number"`
	Title  string   `json:"title"`
	Body   string   `json:"body"`
	State  string   `json:"state"`
	Labels []string `json:"-"`
	URL    string   `json:"html_url"`
}

type fakeComment struct {
	ID   int64  `json:"id"`
	Body string `json:"body"`
	URL  string `json:"html_url"`
	// User is the author: the Actions token's bot, whose marker comments
	// glue-sync trusts (a person's are ignored).
	User map[string]string `json:"user"`
}

func newFakeGitHub(t *testing.T, repo string, pr int, token string) *fakeGitHub {
	f := &fakeGitHub{token: token, pulls: map[string][]map[string]any{}}
	list := fmt.Sprintf("/repos/%s/issues/%d/comments", repo, pr)
	edit := fmt.Sprintf("/repos/%s/issues/comments/", repo)
	issues := fmt.Sprintf("/repos/%s/issues", repo)
	commits := fmt.Sprintf("/repos/%s/commits/", repo)
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.requests = append(f.requests, r.Method+" "+r.URL.Path)
		auth := r.Header.Get("Authorization")
		if auth != "Bearer "+f.token && auth != "token "+f.token {
			http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		var in struct {
			Body string `json:"body"`
		}
		switch {
		case r.Method == http.MethodGet && r.URL.Path == list:
			_ = json.NewEncoder(w).Encode(append([]fakeComment{}, f.comments...))
		case r.Method == http.MethodPost && r.URL.Path == list:
			if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
				http.Error(w, `{"message":"Problems parsing JSON"}`, http.StatusBadRequest)
				return
			}
			c := fakeComment{ID: int64(1000 + len(f.comments)), Body: in.Body, User: map[string]string{"login": "github-actions[bot]", "type": "Bot"}}
			c.URL = fmt.Sprintf("https://github.example/%s/pull/%d#issuecomment-%d", repo, pr, c.ID)
			f.comments = append(f.comments, c)
			w.WriteHeader(http.StatusCreated)
			_ = json.NewEncoder(w).Encode(c)
		case r.Method == http.MethodPatch && strings.HasPrefix(r.URL.Path, edit):
			id, err := strconv.ParseInt(strings.TrimPrefix(r.URL.Path, edit), 10, 64)
			if err != nil || json.NewDecoder(r.Body).Decode(&in) != nil {
				http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
				return
			}
			for i := range f.comments {
				if f.comments[i].ID == id {
					f.comments[i].Body = in.Body
					_ = json.NewEncoder(w).Encode(f.comments[i])
					return
				}
			}
			http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
		case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, commits) && strings.HasSuffix(r.URL.Path, "/pulls"):
			sha := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, commits), "/pulls")
			out := f.pulls[sha]
			if out == nil {
				out = []map[string]any{}
			}
			_ = json.NewEncoder(w).Encode(out)
		case r.Method == http.MethodGet && r.URL.Path == issues:
			out := []*fakeIssue{}
			for _, is := range f.issues {
				if (r.URL.Query().Get("state") == "" || is.State == r.URL.Query().Get("state")) && hasLabel(is, r.URL.Query().Get("labels")) {
					out = append(out, is)
				}
			}
			_ = json.NewEncoder(w).Encode(out)
		case r.Method == http.MethodPost && r.URL.Path == issues:
			var in struct {
				Title, Body string
				Labels      []string
			}
			if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
				http.Error(w, `{"message":"Problems parsing JSON"}`, http.StatusBadRequest)
				return
			}
			is := &fakeIssue{Number: 100 + len(f.issues), Title: in.Title, Body: in.Body, State: "open", Labels: in.Labels}
			f.issues = append(f.issues, is)
			w.WriteHeader(http.StatusCreated)
			_ = json.NewEncoder(w).Encode(is)
		case r.Method == http.MethodPatch && strings.HasPrefix(r.URL.Path, issues+"/"):
			n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, issues+"/"))
			var in struct{ Title, Body, State *string }
			if err != nil || json.NewDecoder(r.Body).Decode(&in) != nil || n < 100 || n-100 >= len(f.issues) {
				http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
				return
			}
			is := f.issues[n-100]
			for _, u := range []struct{ from, to *string }{{in.Title, &is.Title}, {in.Body, &is.Body}, {in.State, &is.State}} {
				if u.from != nil {
					*u.to = *u.from
				}
			}
			_ = json.NewEncoder(w).Encode(is)
		default:
			http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
		}
	}))
	t.Cleanup(f.Close)
	return f
}

func hasLabel(is *fakeIssue, label string) bool {
	if label == "" {
		return true
	}
	for _, l := range is.Labels {
		if l == label {
			return true
		}
	}
	return false
}

// TestActionPlanEndToEnd runs action/run.sh for command plan with the real
// glue-sync against the sandbox and a fake GitHub API, twice, as two pushes
// to one pull request would: the outputs, the plan file, the job summary,
// one sticky comment created and then edited, and the token never shown.
func TestActionPlanEndToEnd(t *testing.T) {
	t.Parallel()
	bin, _ := builtGlueSync(t)
	if err := exec.Command(filepath.Join(bin, "glue-sync"), "github", "plan", "--help").Run(); err != nil {
		t.Skip("this glue-sync has no 'github plan' command yet")
	}
	const token = "ghs_e2eSecretToken0123456789"
	gh := newFakeGitHub(t, "acme/docs", 7, token)
	e := newEnv(t, false)
	if err := os.CopyFS(filepath.Join(e.workspace, "docs"), os.DirFS(filepath.Join(root, "examples", "repo"))); err != nil {
		t.Fatal(err)
	}
	event := filepath.Join(e.temp, "event.json")
	if err := os.WriteFile(event, []byte(`{"pull_request":{"number":7,"head":{"sha":"1111111111111111111111111111111111111111"},"base":{"sha":"2222222222222222222222222222222222222222","ref":"main"}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	summary := filepath.Join(e.temp, "summary.md")
	vars := map[string]string{
		"PATH":                bin + ":/usr/bin:/bin",
		"INPUT_COMMAND":       "plan",
		"INPUT_DIRECTORY":     "docs",
		"INPUT_SANDBOX":       "true",
		"INPUT_COMMENT":       "true",
		"INPUT_GITHUB_TOKEN":  token,
		"GITHUB_API_URL":      gh.URL,
		"GITHUB_REPOSITORY":   "acme/docs",
		"GITHUB_EVENT_PATH":   event,
		"GITHUB_SHA":          "1111111111111111111111111111111111111111",
		"GITHUB_STEP_SUMMARY": summary,
	}
	for run := 1; run <= 2; run++ {
		_ = os.Remove(e.vars["GITHUB_OUTPUT"])
		r := e.run(t, "action/run.sh", vars)
		if r.code != 0 {
			t.Fatalf("run %d: exit %d\nstdout:\n%s\nstderr:\n%s", run, r.code, r.stdout, r.stderr)
		}
		for _, s := range []string{r.stdout, r.stderr, r.outputs} {
			if strings.Contains(s, token) {
				t.Fatalf("run %d printed the GitHub token", run)
			}
		}
		want := map[string]string{"exit-code": "2", "has-changes": "true", "has-deletes": "true"}
		for k, v := range want {
			if got, _ := output(r.outputs, k); got != v {
				t.Errorf("run %d: output %s = %q; want %q (the sandbox's demo account differs from examples/repo)", run, k, got, v)
			}
		}
		planFile, _ := output(r.outputs, "plan-file")
		if planFile != filepath.Join(e.temp, "glue-sync", "plan-docs.json") {
			t.Errorf("run %d: plan-file = %q", run, planFile)
		}
		if b, err := os.ReadFile(planFile); err != nil || !json.Valid(b) {
			t.Errorf("run %d: the plan file %q is not there as JSON: %v", run, planFile, err)
		}
		if digest, _ := output(r.outputs, "plan-digest"); digest == "" {
			t.Errorf("run %d: no plan-digest output", run)
		}
	}
	if fi, err := os.Stat(summary); err != nil || fi.Size() == 0 {
		t.Errorf("no job summary written: %v", err)
	}
	gh.mu.Lock()
	defer gh.mu.Unlock()
	if len(gh.comments) != 1 {
		t.Fatalf("the pull request has %d comments after two runs; want one sticky comment (requests %q)", len(gh.comments), gh.requests)
	}
	var posts, patches int
	for _, r := range gh.requests {
		posts += map[bool]int{true: 1}[strings.HasPrefix(r, "POST ")]
		patches += map[bool]int{true: 1}[strings.HasPrefix(r, "PATCH ")]
	}
	if posts != 1 || patches != 1 {
		t.Errorf("%d creates and %d edits; want the first run to create the comment and the second to edit it (requests %q)", posts, patches, gh.requests)
	}
}

// TestActionDriftEndToEnd runs action/run.sh for command drift with the
// real glue-sync against the sandbox (which differs from examples/repo) and
// a fake GitHub API, twice, as two scheduled runs would: the step succeeds
// with exit-code 2, and one drift issue is opened and then updated in place.
func TestActionDriftEndToEnd(t *testing.T) {
	t.Parallel()
	bin, _ := builtGlueSync(t)
	if err := exec.Command(filepath.Join(bin, "glue-sync"), "github", "drift", "--help").Run(); err != nil {
		t.Skip("this glue-sync has no 'github drift' command yet")
	}
	const token = "ghs_e2eDriftToken0123456789"
	gh := newFakeGitHub(t, "acme/docs", 0, token)
	e := newEnv(t, false)
	if err := os.CopyFS(filepath.Join(e.workspace, "docs"), os.DirFS(filepath.Join(root, "examples", "repo"))); err != nil {
		t.Fatal(err)
	}
	event := filepath.Join(e.temp, "event.json")
	if err := os.WriteFile(event, []byte(`{"schedule":"23 6 * * 1-5"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{
		"PATH":                bin + ":/usr/bin:/bin",
		"INPUT_COMMAND":       "drift",
		"INPUT_DIRECTORY":     "docs",
		"INPUT_SANDBOX":       "true",
		"INPUT_GITHUB_TOKEN":  token,
		"GITHUB_API_URL":      gh.URL,
		"GITHUB_REPOSITORY":   "acme/docs",
		"GITHUB_EVENT_PATH":   event,
		"GITHUB_SHA":          "1111111111111111111111111111111111111111",
		"GITHUB_STEP_SUMMARY": filepath.Join(e.temp, "summary.md"),
	}
	for run := 1; run <= 2; run++ {
		_ = os.Remove(e.vars["GITHUB_OUTPUT"])
		r := e.run(t, "action/run.sh", vars)
		if r.code != 0 {
			t.Fatalf("run %d: exit %d\nstdout:\n%s\nstderr:\n%s", run, r.code, r.stdout, r.stderr)
		}
		if strings.Contains(r.stdout+r.stderr+r.outputs, token) {
			t.Fatalf("run %d printed the GitHub token", run)
		}
		if got, _ := output(r.outputs, "exit-code"); got != "2" {
			t.Errorf("run %d: exit-code = %q; want 2 (drift)", run, got)
		}
	}
	gh.mu.Lock()
	defer gh.mu.Unlock()
	var open int
	for _, is := range gh.issues {
		if is.State == "open" {
			open++
		}
	}
	if len(gh.issues) != 1 || open != 1 {
		t.Errorf("%d issues (%d open) after two drift runs; want exactly one open drift issue (requests %q)", len(gh.issues), open, gh.requests)
	}
}

// TestActionApplyEndToEnd runs the pull-request-to-merge loop through
// action/run.sh with the real glue-sync, the sandbox and a fake GitHub API:
// plan on pull request 7 (the sticky comment carries the digest), then
// apply on the push of its merge commit with require-reviewed-plan. When
// the merged commit plans to what was reviewed, apply goes ahead and
// reports on the pull request; when the repository changed after the
// review (another pull request merged since), it refuses.
func TestActionApplyEndToEnd(t *testing.T) {
	t.Parallel()
	bin, _ := builtGlueSync(t)
	if err := exec.Command(filepath.Join(bin, "glue-sync"), "github", "apply", "--help").Run(); err != nil {
		t.Skip("this glue-sync has no 'github apply' command yet")
	}
	const (
		token    = "ghs_e2eApplyToken0123456789"
		head     = "1111111111111111111111111111111111111111"
		mergeSHA = "3333333333333333333333333333333333333333"
	)
	for _, tt := range []struct {
		name         string
		changeBefore bool // edit the repository between review and merge
		wantStep     int
		wantReviewed string
	}{
		{"the reviewed plan is applied", false, 0, "true"},
		{"a plan that differs from the review is refused", true, 1, "false"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			gh := newFakeGitHub(t, "acme/docs", 7, token)
			gh.pulls[mergeSHA] = []map[string]any{{"number": 7, "state": "closed", "merged_at": "2026-12-05T15:00:00Z", "merge_commit_sha": mergeSHA}}
			e := newEnv(t, false)
			docs := filepath.Join(e.workspace, "docs")
			if err := os.CopyFS(docs, os.DirFS(filepath.Join(root, "examples", "repo"))); err != nil {
				t.Fatal(err)
			}
			prEvent := filepath.Join(e.temp, "pr.json")
			pushEvent := filepath.Join(e.temp, "push.json")
			if err := os.WriteFile(prEvent, []byte(`{"pull_request":{"number":7,"head":{"sha":"`+head+`"},"base":{"sha":"2222222222222222222222222222222222222222","ref":"main"}}}`), 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(pushEvent, []byte(`{"ref":"refs/heads/main","after":"`+mergeSHA+`"}`), 0o644); err != nil {
				t.Fatal(err)
			}
			common := map[string]string{
				"PATH":                bin + ":/usr/bin:/bin",
				"INPUT_DIRECTORY":     "docs",
				"INPUT_SANDBOX":       "true",
				"INPUT_GITHUB_TOKEN":  token,
				"GITHUB_API_URL":      gh.URL,
				"GITHUB_REPOSITORY":   "acme/docs",
				"GITHUB_STEP_SUMMARY": filepath.Join(e.temp, "summary.md"),
			}
			r := e.run(t, "action/run.sh", merge(common, map[string]string{"INPUT_COMMAND": "plan", "GITHUB_EVENT_PATH": prEvent, "GITHUB_SHA": head}))
			if r.code != 0 {
				t.Fatalf("plan: exit %d\n%s", r.code, r.stderr)
			}
			reviewed, _ := output(r.outputs, "plan-digest")

			if tt.changeBefore {
				// Another pull request, merged after this one's review,
				// changed an asset's Webmail URL.
				path := filepath.Join(docs, "assets", "northwind", "assets.yaml")
				b, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				changed := strings.Replace(string(b), "https://mail.northwindtraders.com/owa", "https://webmail.northwindtraders.com/", 1)
				if changed == string(b) {
					t.Fatal("examples/repo/assets/northwind/assets.yaml no longer has the Webmail URL this test edits")
				}
				if err := os.WriteFile(path, []byte(changed), 0o644); err != nil {
					t.Fatal(err)
				}
			}

			_ = os.Remove(e.vars["GITHUB_OUTPUT"])
			r = e.run(t, "action/run.sh", merge(common, map[string]string{"INPUT_COMMAND": "apply", "INPUT_REQUIRE_REVIEWED_PLAN": "true", "GITHUB_EVENT_PATH": pushEvent, "GITHUB_SHA": mergeSHA}))
			if r.code != tt.wantStep {
				t.Fatalf("apply: step exit %d; want %d\nstdout:\n%s\nstderr:\n%s", r.code, tt.wantStep, r.stdout, r.stderr)
			}
			if strings.Contains(r.stdout+r.stderr+r.outputs, token) {
				t.Fatal("apply printed the GitHub token")
			}
			if got, _ := output(r.outputs, "reviewed"); got != tt.wantReviewed {
				t.Errorf("reviewed output = %q; want %q", got, tt.wantReviewed)
			}
			if got, _ := output(r.outputs, "plan-digest"); (got == reviewed) != (tt.wantReviewed == "true") {
				t.Errorf("apply's plan-digest %q vs the reviewed %q", got, reviewed)
			}
			gh.mu.Lock()
			defer gh.mu.Unlock()
			if len(gh.comments) != 2 {
				t.Errorf("pull request 7 has %d comments; want the plan and the apply report (requests %q)", len(gh.comments), gh.requests)
			}
		})
	}
}
