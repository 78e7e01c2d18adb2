package action

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

// actionMeta is the part of action.yml these tests read.
type actionMeta struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Inputs      map[string]struct {
		Description string  `yaml:"description"`
		Required    bool    `yaml:"required"`
		Default     *string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Description string `yaml:"description"`
		Value       string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []step `yaml:"steps"`
	} `yaml:"runs"`
}

// step is a step of a composite action or a workflow job.
type step struct {
	ID    string            `yaml:"id"`
	Name  string            `yaml:"name"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	Run   string            `yaml:"run"`
	Shell string            `yaml:"shell"`
	Env   map[string]string `yaml:"env"`
	With  map[string]string `yaml:"with"`
}

func readAction(t *testing.T) actionMeta {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var m actionMeta
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return m
}

// wantInputs and wantOutputs are the action's interface, as docs/github.md
// and the report to workflow authors describe it.
var (
	wantInputs  = []string{"api-key", "base-url", "command", "comment", "directory", "github-token", "region", "require-reviewed-plan", "sandbox", "version"}
	wantOutputs = []string{"exit-code", "has-changes", "has-deletes", "plan-digest", "plan-file", "reviewed"}
)

func keys[V any](m map[string]V) []string {
	var k []string
	for name := range m {
		k = append(k, name)
	}
	sort.Strings(k)
	return k
}

// envName is the variable an input reaches the scripts as.
func envName(input string) string {
	return "INPUT_" + strings.ToUpper(strings.ReplaceAll(input, "-", "_"))
}

func TestActionMetadata(t *testing.T) {
	t.Parallel()
	m := readAction(t)
	if m.Name == "" || m.Description == "" {
		t.Error("action.yml needs a name and a description (the Marketplace shows them)")
	}
	if m.Runs.Using != "composite" {
		t.Errorf("runs.using = %q; want composite", m.Runs.Using)
	}
	if diff := cmp.Diff(wantInputs, keys(m.Inputs)); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantOutputs, keys(m.Outputs)); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	for name, in := range m.Inputs {
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
		if !in.Required && in.Default == nil {
			t.Errorf("optional input %s has no default", name)
		}
	}

	scripts := map[string]string{}
	for _, s := range []string{"action/run.sh", "action/install.sh", "action/lib.sh"} {
		b, err := os.ReadFile(filepath.Join(root, s))
		if err != nil {
			t.Fatal(err)
		}
		scripts[s] = string(b)
	}

	// Every input reaches a script as INPUT_<NAME>, through a step's env,
	// and the script reads that variable.
	passed := map[string]bool{}
	inputRef := regexp.MustCompile(`^\$\{\{ inputs\.([a-z-]+) \}\}$`)
	for _, s := range m.Runs.Steps {
		for k, v := range s.Env {
			if sub := inputRef.FindStringSubmatch(v); sub != nil {
				if k != envName(sub[1]) {
					t.Errorf("step %q passes input %s as %s; want %s", s.Name, sub[1], k, envName(sub[1]))
				}
				passed[sub[1]] = true
			}
		}
	}
	for name := range m.Inputs {
		if !passed[name] {
			t.Errorf("input %s is not passed to any script step's env", name)
		}
		read := false
		for _, text := range scripts {
			if strings.Contains(text, envName(name)) {
				read = true
			}
		}
		if !read {
			t.Errorf("no script in action/ reads %s (input %s)", envName(name), name)
		}
	}

	// Outputs come from the run step, which writes exit-code itself and
	// leaves the rest to glue-sync.
	for name, out := range m.Outputs {
		if want := "${{ steps.run.outputs." + name + " }}"; out.Value != want {
			t.Errorf("output %s value = %q; want %q", name, out.Value, want)
		}
		if out.Description == "" {
			t.Errorf("output %s has no description", name)
		}
	}
	if !strings.Contains(scripts["action/run.sh"], "set_output exit-code") {
		t.Error("run.sh does not write the exit-code output")
	}
	var runStep bool
	for _, s := range m.Runs.Steps {
		if s.ID == "run" && strings.Contains(s.Run, "action/run.sh") {
			runStep = true
		}
	}
	if !runStep {
		t.Error("action.yml has no step with id run that runs action/run.sh")
	}
}

// TestActionNoExpressionsInShell checks that no run: block of the action
// expands ${{ }}: an expression there is pasted into the script before bash
// reads it, so an input holding $(...) would run (script injection).
func TestActionNoExpressionsInShell(t *testing.T) {
	t.Parallel()
	m := readAction(t)
	for _, s := range m.Runs.Steps {
		if s.Run != "" && strings.Contains(s.Run, "${{") {
			t.Errorf("step %q expands an expression inside run: %q; pass it through env instead", s.Name, s.Run)
		}
		if s.Run != "" && s.Shell != "bash" {
			t.Errorf("step %q has shell %q; want bash", s.Name, s.Shell)
		}
	}
}

// TestActionDocumented checks that docs/github.md lists every input and
// output, and that the README links it.
func TestActionDocumented(t *testing.T) {
	t.Parallel()
	m := readAction(t)
	doc, err := os.ReadFile(filepath.Join(root, "docs", "github.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range append(keys(m.Inputs), keys(m.Outputs)...) {
		if !strings.Contains(string(doc), "| `"+name+"` |") {
			t.Errorf("docs/github.md has no table row for `%s`", name)
		}
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "(docs/github.md)") {
		t.Error("README.md does not link docs/github.md")
	}
}

// TestREADMEInstall checks that the README's Install section names the
// go install path and the Go version go.mod asks for.
func TestREADMEInstall(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(gomod)
	if m == nil {
		t.Fatal("go.mod has no go line")
	}
	_, install, ok := strings.Cut(string(readme), "\n## Install\n")
	if !ok {
		t.Fatal("README.md has no Install section")
	}
	install, _, _ = strings.Cut(install, "\n## ")
	for _, want := range []string{"go install github.com/glue-sync/glue-sync/cmd/glue-sync@latest", "Go " + string(m[1]) + " or newer"} {
		if !strings.Contains(install, want) {
			t.Errorf("README's Install section does not say %q", want)
		}
	}
}
