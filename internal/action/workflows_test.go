package action

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// workflow is the part of a workflow file these tests read.
type workflow struct {
	path        string
	On          map[string]yaml.Node `yaml:"on"`
	Permissions map[string]string    `yaml:"permissions"`
	Concurrency struct {
		Group            string `yaml:"group"`
		CancelInProgress bool   `yaml:"cancel-in-progress"`
	} `yaml:"concurrency"`
	Jobs map[string]struct {
		Permissions map[string]string `yaml:"permissions"`
		Steps       []step            `yaml:"steps"`
	} `yaml:"jobs"`
}

// steps returns every step of every job, in job-name order.
func (w workflow) steps() []step {
	var names []string
	for n := range w.Jobs {
		names = append(names, n)
	}
	sort.Strings(names)
	var all []step
	for _, n := range names {
		all = append(all, w.Jobs[n].Steps...)
	}
	return all
}

// glueSyncSteps are the steps that run this action.
func (w workflow) glueSyncSteps() []step {
	var s []step
	for _, st := range w.steps() {
		if st.Uses == "./" || strings.HasPrefix(st.Uses, "glue-sync/glue-sync@") {
			s = append(s, st)
		}
	}
	return s
}

func readWorkflows(t *testing.T) map[string]workflow {
	t.Helper()
	all := map[string]workflow{}
	for _, dir := range []string{".github/workflows", "examples/repo/.github/workflows"} {
		matches, err := filepath.Glob(filepath.Join(root, dir, "*.yml"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range matches {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var w workflow
			if err := yaml.Unmarshal(b, &w); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			rel, _ := filepath.Rel(root, path)
			w.path = filepath.ToSlash(rel)
			all[w.path] = w
		}
	}
	return all
}

func wf(t *testing.T, all map[string]workflow, path string) workflow {
	t.Helper()
	w, ok := all[path]
	if !ok {
		t.Fatalf("no workflow %s", path)
	}
	return w
}

// TestWorkflowsUseTheAction checks every step that runs the action against
// action.yml: known inputs only, a valid command, and no ${{ }} in any
// run: block of any workflow.
func TestWorkflowsUseTheAction(t *testing.T) {
	t.Parallel()
	m := readAction(t)
	all := readWorkflows(t)
	commands := map[string]bool{"validate": true, "plan": true, "apply": true, "drift": true}
	uses := 0
	for path, w := range all {
		for _, s := range w.steps() {
			if strings.Contains(s.Run, "${{") {
				t.Errorf("%s: step %q expands an expression inside run: pass it through env", path, s.Name)
			}
		}
		for _, s := range w.glueSyncSteps() {
			uses++
			for k := range s.With {
				if _, ok := m.Inputs[k]; !ok {
					t.Errorf("%s: step %q passes unknown input %q", path, s.Name, k)
				}
			}
			if !commands[s.With["command"]] {
				t.Errorf("%s: step %q has command %q", path, s.Name, s.With["command"])
			}
		}
	}
	if uses < 6 {
		t.Errorf("found %d steps using the action; want the templates' and the dogfood's", uses)
	}
}

func TestPlanTemplate(t *testing.T) {
	t.Parallel()
	w := wf(t, readWorkflows(t), "examples/repo/.github/workflows/glue-sync-plan.yml")
	if _, ok := w.On["pull_request"]; !ok || len(w.On) != 1 {
		t.Errorf("on = %v; want pull_request only (never pull_request_target)", keys(w.On))
	}
	want := map[string]string{"contents": "read", "pull-requests": "write"}
	if !equalMaps(w.Permissions, want) {
		t.Errorf("permissions = %v; want %v", w.Permissions, want)
	}
	var validate, plan, upload bool
	for _, s := range w.steps() {
		switch {
		case s.With["command"] == "validate":
			validate = true
		case s.With["command"] == "plan":
			plan = true
			if !strings.Contains(s.If, "github.event.pull_request.head.repo.full_name == github.repository") {
				t.Errorf("the plan step runs on fork pull requests, which have no secrets: if = %q", s.If)
			}
			if !strings.Contains(s.If, "!cancelled()") {
				t.Errorf("the plan step does not run after a failed validate, so a stale comment would stay: if = %q", s.If)
			}
		case strings.HasPrefix(s.Uses, "actions/upload-artifact@"):
			upload = s.With["path"] == "${{ steps.plan.outputs.plan-file }}"
		}
	}
	if !validate || !plan || !upload {
		t.Errorf("validate %v, plan %v, plan-file upload %v; want all three", validate, plan, upload)
	}
}

// TestApplyTemplate checks the apply-on-merge template, and that it never
// consumes a plan artifact: a pull request's job can upload any file it
// likes, so apply must re-plan the merged commit.
func TestApplyTemplate(t *testing.T) {
	t.Parallel()
	w := wf(t, readWorkflows(t), "examples/repo/.github/workflows/glue-sync-apply.yml")
	if _, ok := w.On["push"]; !ok || len(w.On) != 1 {
		t.Errorf("on = %v; want push only", keys(w.On))
	}
	if w.Concurrency.Group != "glue-sync-apply-${{ github.repository }}" || w.Concurrency.CancelInProgress {
		t.Errorf("concurrency = %+v; want one serialised group per repository, never cancelled", w.Concurrency)
	}
	want := map[string]string{"contents": "read", "pull-requests": "write"}
	if !equalMaps(w.Permissions, want) {
		t.Errorf("permissions = %v; want %v", w.Permissions, want)
	}
	var apply bool
	for _, s := range w.steps() {
		if strings.Contains(s.Uses, "download-artifact") || strings.Contains(s.Run, "gh run download") {
			t.Errorf("step %q downloads an artifact: apply must not consume a pull request's plan file", s.Name)
		}
		for k, v := range s.With {
			if strings.Contains(v, "plan-file") || strings.Contains(k, "plan") && k != "require-reviewed-plan" {
				t.Errorf("step %q passes %s: %q; apply re-plans and takes no plan file", s.Name, k, v)
			}
		}
		if s.With["command"] == "apply" {
			apply = true
			if s.With["require-reviewed-plan"] != "true" {
				t.Errorf("the apply step does not require the reviewed plan")
			}
		}
	}
	if !apply {
		t.Error("no apply step")
	}
	b, err := os.ReadFile(filepath.Join(root, w.path))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "re-plans the merged commit") {
		t.Error("the apply template does not explain (in a comment) why it re-plans instead of applying the artifact")
	}
}

func TestDriftTemplate(t *testing.T) {
	t.Parallel()
	w := wf(t, readWorkflows(t), "examples/repo/.github/workflows/glue-sync-drift.yml")
	if _, ok := w.On["schedule"]; !ok {
		t.Errorf("on = %v; want a schedule", keys(w.On))
	}
	want := map[string]string{"contents": "read", "issues": "write"}
	if !equalMaps(w.Permissions, want) {
		t.Errorf("permissions = %v; want %v", w.Permissions, want)
	}
	if s := w.glueSyncSteps(); len(s) != 1 || s[0].With["command"] != "drift" {
		t.Errorf("steps using the action: %+v; want one drift step", s)
	}
	if strings.HasPrefix(w.Concurrency.Group, "glue-sync-apply-") {
		t.Error("drift shares apply's concurrency group: a waiting drift run would cancel a waiting apply")
	}
}

// TestDogfood checks that glue-sync's own pull requests run the local
// action against the sandbox, commenting only where the token can write.
func TestDogfood(t *testing.T) {
	t.Parallel()
	w := wf(t, readWorkflows(t), ".github/workflows/dogfood.yml")
	if _, ok := w.On["pull_request"]; !ok || len(w.On) != 1 {
		t.Errorf("on = %v; want pull_request only", keys(w.On))
	}
	var plan bool
	for _, s := range w.glueSyncSteps() {
		if s.Uses != "./" {
			t.Errorf("step %q uses %q; want the local action ./", s.Name, s.Uses)
		}
		if s.With["directory"] != "examples/repo" {
			t.Errorf("step %q directory = %q; want examples/repo", s.Name, s.With["directory"])
		}
		if s.With["command"] == "plan" {
			plan = true
			if s.With["sandbox"] != "true" {
				t.Error("the dogfood plan does not use the sandbox")
			}
			if s.With["comment"] != "${{ github.event.pull_request.head.repo.full_name == github.repository }}" {
				t.Errorf("comment = %q; want it off for pull requests from forks", s.With["comment"])
			}
		}
	}
	if !plan {
		t.Error("no plan step")
	}
}

func TestReleaseWorkflow(t *testing.T) {
	t.Parallel()
	w := wf(t, readWorkflows(t), ".github/workflows/release.yml")
	if _, ok := w.On["push"]; !ok {
		t.Fatalf("on = %v; want push of tags", keys(w.On))
	}
	var build, publish bool
	for _, s := range w.steps() {
		build = build || strings.Contains(s.Run, `.ci/release "$GITHUB_REF_NAME"`)
		publish = publish || strings.Contains(s.Run, "gh release create") && strings.Contains(s.Run, "dist/*")
	}
	if !build || !publish {
		t.Errorf("build %v, publish %v; want .ci/release then gh release create", build, publish)
	}
	if w.Jobs["release"].Permissions["contents"] != "write" || w.Permissions["contents"] != "read" {
		t.Errorf("permissions: workflow %v, job %v; want read by default, write for the release job", w.Permissions, w.Jobs["release"].Permissions)
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
