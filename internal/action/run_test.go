package action

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRunArguments checks the glue-sync command line run.sh builds for each
// combination of inputs.
func TestRunArguments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		inputs map[string]string
		mkdir  string // a folder to create in the workspace first
		want   []string
	}{
		{"validate, default directory", map[string]string{"COMMAND": "validate"}, "",
			[]string{"validate", "--format", "github", "--", "."}},
		{"validate ignores the comment input", map[string]string{"COMMAND": "validate", "COMMENT": "false", "DIRECTORY": "docs"}, "docs",
			[]string{"validate", "--format", "github", "--", "docs"}},
		{"plan, defaults", map[string]string{"COMMAND": "plan"}, "",
			[]string{"github", "plan", "--detailed-exitcode", "--out", "{temp}/glue-sync/plan-root.json", "--", "."}},
		{"plan, a region, no comment, a subfolder", map[string]string{"COMMAND": "plan", "REGION": "eu", "COMMENT": "false", "DIRECTORY": "examples/repo/"}, "examples/repo",
			[]string{"github", "plan", "--region", "eu", "--comment=false", "--detailed-exitcode", "--out", "{temp}/glue-sync/plan-examples_repo.json", "--", "examples/repo/"}},
		{"plan against the sandbox", map[string]string{"COMMAND": "plan", "SANDBOX": "true", "DIRECTORY": "./examples/repo"}, "examples/repo",
			[]string{"github", "plan", "--sandbox", "--detailed-exitcode", "--out", "{temp}/glue-sync/plan-examples_repo.json", "--", "./examples/repo"}},
		{"plan, comment true is the default", map[string]string{"COMMAND": "plan", "COMMENT": "true"}, "",
			[]string{"github", "plan", "--detailed-exitcode", "--out", "{temp}/glue-sync/plan-root.json", "--", "."}},
		{"apply, reviewed plan required, base URL", map[string]string{"COMMAND": "apply", "REQUIRE_REVIEWED_PLAN": "true", "BASE_URL": "https://itglue.example.com/api"}, "",
			[]string{"github", "apply", "--base-url", "https://itglue.example.com/api", "--require-reviewed-plan", "--", "."}},
		{"apply without a comment", map[string]string{"COMMAND": "apply", "COMMENT": "false"}, "",
			[]string{"github", "apply", "--comment=false", "--", "."}},
		{"apply, region au", map[string]string{"COMMAND": "apply", "REGION": "au"}, "",
			[]string{"github", "apply", "--region", "au", "--", "."}},
		{"drift", map[string]string{"COMMAND": "drift", "DIRECTORY": "docs"}, "docs",
			[]string{"github", "drift", "--detailed-exitcode", "--", "docs"}},
		{"a directory named like a flag stays the directory", map[string]string{"COMMAND": "plan", "DIRECTORY": "--sandbox"}, "--sandbox",
			[]string{"github", "plan", "--detailed-exitcode", "--out", "{temp}/glue-sync/plan---sandbox.json", "--", "--sandbox"}},
		{"shell syntax in a directory is one argument, never run", map[string]string{"COMMAND": "drift", "DIRECTORY": `it glue $(touch pwned) ; "x"`}, `it glue $(touch pwned) ; "x"`,
			[]string{"github", "drift", "--detailed-exitcode", "--", `it glue $(touch pwned) ; "x"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, true)
			if tt.mkdir != "" {
				if err := os.MkdirAll(filepath.Join(e.workspace, tt.mkdir), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			vars := map[string]string{}
			for k, v := range tt.inputs {
				vars["INPUT_"+k] = v
			}
			r := e.run(t, "action/run.sh", vars)
			if r.code != 0 || !r.ran {
				t.Fatalf("run.sh exited %d (glue-sync ran: %v); stderr:\n%s", r.code, r.ran, r.stderr)
			}
			var want []string
			for _, a := range tt.want {
				want = append(want, strings.ReplaceAll(a, "{temp}", e.temp))
			}
			if diff := cmp.Diff(want, r.args); diff != "" {
				t.Errorf("glue-sync arguments (-want +got):\n%s", diff)
			}
			if _, err := os.Stat(filepath.Join(e.workspace, "pwned")); err == nil {
				t.Error("a command substitution in an input was executed")
			}
		})
	}
}

// TestRunPlanFileFolder checks that the folder for the plan file exists
// before glue-sync writes it.
func TestRunPlanFileFolder(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	r := e.run(t, "action/run.sh", map[string]string{"INPUT_COMMAND": "plan"})
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if fi, err := os.Stat(filepath.Join(e.temp, "glue-sync")); err != nil || !fi.IsDir() {
		t.Errorf("the plan file's folder %s/glue-sync was not created: %v", e.temp, err)
	}
}

// TestRunExitCodes checks which exit codes fail the step, and that the
// exit-code output always holds glue-sync's own code.
func TestRunExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		command  string
		exit     string
		wantStep int
	}{
		{"validate", "0", 0},
		{"validate", "1", 1},
		{"plan", "0", 0},
		{"plan", "2", 0}, // changes: not a failure
		{"plan", "1", 1},
		{"drift", "2", 0},
		{"drift", "1", 1},
		{"apply", "0", 0},
		{"apply", "1", 1},
		{"apply", "2", 2}, // only plan and drift read 2 as "changes"
		{"apply", "3", 3}, // stale objects refused
		{"apply", "130", 130},
	}
	for _, tt := range tests {
		t.Run(tt.command+" exit "+tt.exit, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, true)
			r := e.run(t, "action/run.sh", map[string]string{"INPUT_COMMAND": tt.command, "FAKE_EXIT": tt.exit})
			if r.code != tt.wantStep {
				t.Errorf("step exit code = %d; want %d (stderr %q)", r.code, tt.wantStep, r.stderr)
			}
			if got, _ := output(r.outputs, "exit-code"); got != tt.exit {
				t.Errorf("exit-code output = %q; want %q (GITHUB_OUTPUT:\n%s)", got, tt.exit, r.outputs)
			}
		})
	}
}

// TestRunKeepsGlueSyncOutputs checks that the outputs glue-sync writes
// itself (has-changes, has-deletes, plan-file, plan-digest) survive the
// script, next to its exit-code.
func TestRunKeepsGlueSyncOutputs(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	if err := os.WriteFile(e.vars["GITHUB_OUTPUT"], []byte("earlier-step=kept\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := e.run(t, "action/run.sh", map[string]string{
		"INPUT_COMMAND": "plan",
		"FAKE_EXIT":     "2",
		"FAKE_OUTPUTS":  "has-changes=true\nhas-deletes=true\nplan-digest=sha256:abc\nplan-file=/tmp/plan.json",
	})
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := map[string]string{"earlier-step": "kept", "has-changes": "true", "has-deletes": "true", "plan-digest": "sha256:abc", "plan-file": "/tmp/plan.json", "exit-code": "2"}
	for k, v := range want {
		if got, ok := output(r.outputs, k); !ok || got != v {
			t.Errorf("output %s = %q (set: %v); want %q; GITHUB_OUTPUT:\n%s", k, got, ok, v, r.outputs)
		}
	}
}

// TestRunCredentials checks that the key and token reach glue-sync, are
// never printed, and do not replace variables the job set when the inputs
// are empty.
func TestRunCredentials(t *testing.T) {
	t.Parallel()
	const key = "ITG.0123456789abcdef.secret-key-material"
	const token = "ghs_secretTokenValue123"
	t.Run("from the inputs", func(t *testing.T) {
		e := newEnv(t, true)
		r := e.run(t, "action/run.sh", map[string]string{"INPUT_COMMAND": "plan", "INPUT_API_KEY": key, "INPUT_GITHUB_TOKEN": token})
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		if r.key != key || r.token != token {
			t.Errorf("glue-sync got ITGLUE_API_KEY %q and GITHUB_TOKEN %q; want the inputs", r.key, r.token)
		}
		if r.inputKey != "<unset>" {
			t.Errorf("INPUT_API_KEY was still set for glue-sync: %q", r.inputKey)
		}
		for _, s := range []string{r.stdout, r.stderr, r.outputs} {
			if strings.Contains(s, key) || strings.Contains(s, token) {
				t.Errorf("a credential was printed:\n%s", s)
			}
		}
	})
	t.Run("job variables kept when the inputs are empty", func(t *testing.T) {
		e := newEnv(t, true)
		r := e.run(t, "action/run.sh", map[string]string{"INPUT_COMMAND": "apply", "INPUT_API_KEY": "", "INPUT_GITHUB_TOKEN": "", "ITGLUE_API_KEY": key, "GITHUB_TOKEN": token})
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		if r.key != key || r.token != token {
			t.Errorf("glue-sync got ITGLUE_API_KEY %q and GITHUB_TOKEN %q; want the job's", r.key, r.token)
		}
	})
	t.Run("no key at all is left to glue-sync to report", func(t *testing.T) {
		e := newEnv(t, true)
		r := e.run(t, "action/run.sh", map[string]string{"INPUT_COMMAND": "plan", "INPUT_SANDBOX": "true"})
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		if r.key != "<unset>" {
			t.Errorf("ITGLUE_API_KEY = %q; want it unset", r.key)
		}
	})
}

// TestRunRefusesBadInputs checks that each bad input stops the step with a
// message naming the input, before glue-sync runs.
func TestRunRefusesBadInputs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		inputs map[string]string
		want   string
	}{
		{"no command", map[string]string{}, "input command is required: one of validate, plan, apply, drift"},
		{"unknown command", map[string]string{"COMMAND": "destroy"}, `input command must be one of validate, plan, apply, drift, got "destroy"`},
		{"command in capitals", map[string]string{"COMMAND": "Plan"}, `got "Plan"`},
		{"sandbox not a boolean", map[string]string{"COMMAND": "plan", "SANDBOX": "yes"}, `input sandbox must be true or false, got "yes"`},
		{"comment not a boolean", map[string]string{"COMMAND": "plan", "COMMENT": "False"}, `input comment must be true or false, got "False"`},
		{"require-reviewed-plan not a boolean", map[string]string{"COMMAND": "apply", "REQUIRE_REVIEWED_PLAN": "1"}, `input require-reviewed-plan must be true or false, got "1"`},
		{"require-reviewed-plan on plan", map[string]string{"COMMAND": "plan", "REQUIRE_REVIEWED_PLAN": "true"}, "require-reviewed-plan applies to command: apply only (command is plan)"},
		{"missing directory", map[string]string{"COMMAND": "plan", "DIRECTORY": "nope"}, `input directory "nope" is not a folder in`},
		{"empty directory", map[string]string{"COMMAND": "validate", "DIRECTORY": ""}, ""}, // empty means "." (the action's default)
		{"unknown region", map[string]string{"COMMAND": "plan", "REGION": "mars"}, `input region must be us, eu or au, got "mars"`},
		{"base URL not http(s)", map[string]string{"COMMAND": "plan", "BASE_URL": "ftp://x"}, `input base-url must be an http(s) URL`},
		{"sandbox with a region", map[string]string{"COMMAND": "plan", "SANDBOX": "true", "REGION": "us"}, "cannot be combined with region or base-url"},
		{"sandbox with a base URL", map[string]string{"COMMAND": "apply", "SANDBOX": "true", "BASE_URL": "https://x"}, "cannot be combined with region or base-url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, true)
			vars := map[string]string{}
			for k, v := range tt.inputs {
				vars["INPUT_"+k] = v
			}
			r := e.run(t, "action/run.sh", vars)
			if tt.want == "" {
				if r.code != 0 {
					t.Fatalf("exit %d; want success: %s", r.code, r.stderr)
				}
				return
			}
			if r.code != 1 {
				t.Errorf("exit code = %d; want 1", r.code)
			}
			if r.ran {
				t.Errorf("glue-sync ran with %q despite the bad input", r.args)
			}
			if !strings.Contains(r.stderr, "::error title=glue-sync action::") || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr = %q; want an error annotation containing %q", r.stderr, tt.want)
			}
		})
	}
}

// TestRunMessagesAreInert checks that an input quoted in an error cannot
// start a workflow command of its own (a line beginning with "::").
func TestRunMessagesAreInert(t *testing.T) {
	t.Parallel()
	e := newEnv(t, true)
	r := e.run(t, "action/run.sh", map[string]string{"INPUT_COMMAND": "plan\n::add-mask::x\r\n::set-env name=A::100%"})
	if r.code != 1 {
		t.Fatalf("exit %d; want 1", r.code)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != 1 {
		t.Fatalf("stderr has %d lines; want the one annotation:\n%s", len(lines), r.stderr)
	}
	if !strings.HasPrefix(lines[0], "::error title=glue-sync action::") || strings.Contains(lines[0], "\r") {
		t.Errorf("stderr = %q", lines[0])
	}
	if !strings.Contains(lines[0], "100%25") {
		t.Errorf("stderr = %q; want %% escaped as %%25", lines[0])
	}
}

// TestRunWithoutGlueSync checks the message when the install step did not
// put glue-sync on PATH.
func TestRunWithoutGlueSync(t *testing.T) {
	t.Parallel()
	e := newEnv(t, false)
	r := e.run(t, "action/run.sh", map[string]string{"INPUT_COMMAND": "plan"})
	if r.code != 1 || !strings.Contains(r.stderr, "glue-sync is not on PATH") {
		t.Errorf("exit %d, stderr %q; want 1 and a message that glue-sync is not on PATH", r.code, r.stderr)
	}
}
