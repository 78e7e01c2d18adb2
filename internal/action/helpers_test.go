package action

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// root is the repository root, where action.yml and action/ live.
const root = "../.."

// fakeGlueSync is a stand-in for the glue-sync binary: it records its
// arguments (NUL-separated) and the credentials it was given, appends
// $FAKE_OUTPUTS to $GITHUB_OUTPUT as glue-sync's github commands do, and
// exits with $FAKE_EXIT.
const fakeGlueSync = `#!/bin/sh
printf '%s\0' "$@" > "$FAKE_LOG/args"
printf '%s' "${ITGLUE_API_KEY-<unset>}" > "$FAKE_LOG/key"
printf '%s' "${GITHUB_TOKEN-<unset>}" > "$FAKE_LOG/token"
printf '%s' "${INPUT_API_KEY-<unset>}" > "$FAKE_LOG/input-key"
if [ -n "${FAKE_OUTPUTS:-}" ]; then printf '%s\n' "$FAKE_OUTPUTS" >> "$GITHUB_OUTPUT"; fi
echo "fake glue-sync ran"
exit "${FAKE_EXIT:-0}"
`

// result is what one run of an action script left behind.
type result struct {
	code           int
	stdout, stderr string
	outputs        string   // $GITHUB_OUTPUT's contents
	ran            bool     // whether the fake glue-sync ran
	args           []string // the fake's arguments
	key, token     string   // ITGLUE_API_KEY and GITHUB_TOKEN as the fake saw them
	inputKey       string   // INPUT_API_KEY as the fake saw it
}

// env is a run's environment: a workspace, a runner temp folder, an outputs
// file and a PATH holding the fake glue-sync (when fake is true).
type env struct {
	workspace, temp, log, bin string
	vars                      map[string]string
}

func newEnv(t *testing.T, fake bool) *env {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the action's scripts are tested with bash on Unix")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	base := t.TempDir()
	e := &env{
		workspace: filepath.Join(base, "workspace"),
		temp:      filepath.Join(base, "runner-temp"),
		log:       filepath.Join(base, "log"),
		bin:       filepath.Join(base, "bin"),
	}
	for _, d := range []string{e.workspace, e.temp, e.log, e.bin} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if fake {
		if err := os.WriteFile(filepath.Join(e.bin, "glue-sync"), []byte(fakeGlueSync), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	e.vars = map[string]string{
		"PATH":          e.bin + string(os.PathListSeparator) + "/usr/bin:/bin:/usr/local/bin",
		"HOME":          base,
		"RUNNER_TEMP":   e.temp,
		"GITHUB_OUTPUT": filepath.Join(base, "github-output"),
		"GITHUB_PATH":   filepath.Join(base, "github-path"),
		"FAKE_LOG":      e.log,
	}
	return e
}

// run runs script (a path relative to the repository root) with the given
// extra variables and arguments, from the workspace.
func (e *env) run(t *testing.T, script string, vars map[string]string, args ...string) result {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join(root, script))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", append([]string{abs}, args...)...)
	cmd.Dir = e.workspace
	all := map[string]string{}
	for k, v := range e.vars {
		all[k] = v
	}
	for k, v := range vars {
		all[k] = v
	}
	for k, v := range all {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("running %s: %v", script, err)
	}
	if b, err := os.ReadFile(all["GITHUB_OUTPUT"]); err == nil {
		r.outputs = string(b)
	}
	if b, err := os.ReadFile(filepath.Join(e.log, "args")); err == nil {
		r.ran = true
		r.args = strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
		r.key = readString(t, filepath.Join(e.log, "key"))
		r.token = readString(t, filepath.Join(e.log, "token"))
		r.inputKey = readString(t, filepath.Join(e.log, "input-key"))
		for _, f := range []string{"args", "key", "token", "input-key"} {
			_ = os.Remove(filepath.Join(e.log, f))
		}
	}
	return r
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// output returns the last value of name in a $GITHUB_OUTPUT file (the one
// GitHub keeps), and whether it is set at all.
func output(outputs, name string) (string, bool) {
	var v string
	var ok bool
	for _, line := range strings.Split(outputs, "\n") {
		if k, val, found := strings.Cut(line, "="); found && k == name {
			v, ok = val, true
		}
	}
	return v, ok
}
