package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInvocations runs glue-sync the way a user gets it wrong and checks
// that each mistake ends with exit code 1, a message saying what to do on
// stderr, and nothing on stdout; none needs an account or the network.
func TestBadInvocations(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	notPlan := filepath.Join(dir, "notplan.json")
	text := filepath.Join(dir, "notes.txt")
	for _, f := range []struct{ path, data string }{{notPlan, "{}"}, {text, "hello\n"}} {
		if err := os.WriteFile(f.path, []byte(f.data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(empty, 0o700); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing")

	tests := []struct {
		name string
		args []string
		// want are substrings stderr must hold, in order.
		want []string
		// not must not be on stderr ("" for no check).
		not string
	}{
		{"unknown flag", []string{"plan", "--bogus"}, []string{"unknown flag: --bogus", "Run 'glue-sync plan --help' for usage."}, ""},
		{"unknown root flag", []string{"--bogus"}, []string{"unknown flag: --bogus", "Run 'glue-sync --help'"}, ""},
		{"help for an unknown command", []string{"help", "plna"}, []string{`no help for "plna": it is not a glue-sync command`, "Run 'glue-sync --help'"}, ""},
		{"unknown command", []string{"plna"}, []string{`unknown command "plna"`, "Run 'glue-sync --help' for the list of commands."}, ""},
		{"validate two dirs", []string{"validate", "a", "b"}, []string{`validate takes at most one DIR, got 2 arguments: "a" "b"`, "glue-sync validate --help"}, ""},
		{"plan two dirs", []string{"plan", "a", "b"}, []string{"plan takes at most one DIR", "glue-sync plan --help"}, ""},
		{"apply two args", []string{"apply", "a", "b"}, []string{"apply takes at most one DIR or PLANFILE"}, ""},
		{"version with an argument", []string{"version", "x"}, []string{`version takes no arguments, got "x"`}, ""},
		{"sandbox with an argument", []string{"sandbox", "x"}, []string{`sandbox takes no arguments, got "x"`}, ""},
		{"export without DIR", []string{"export"}, []string{"export needs DIR, the new or empty folder", "glue-sync export --help"}, ""},
		{"export two dirs", []string{"export", "a", "b"}, []string{"export takes one DIR, got 2 arguments"}, ""},
		{"validate --format yaml", []string{"validate", "--format", "yaml", dir}, []string{`unknown --format "yaml": use text, github or json`, "glue-sync validate --help"}, ""},
		{"plan --format yaml", []string{"plan", "--format", "yaml", dir}, []string{`unknown --format "yaml": use text, markdown or json`}, ""},
		{"apply --format yaml", []string{"apply", "--format", "yaml", dir}, []string{`unknown --format "yaml": use text or json`}, ""},
		{"plan with a bad region", []string{"plan", "--region", "mars", dir}, []string{`--region: unknown IT Glue region "mars": use one of us, eu, au`}, ""},
		{"export with a bad region", []string{"export", "--region", "mars", missing}, []string{`unknown IT Glue region "mars"`}, ""},
		{"sandbox and base-url", []string{"plan", "--sandbox", "--base-url", "http://127.0.0.1:1", empty}, []string{"--sandbox cannot be combined with --region or --base-url: drop"}, ""},
		{"plan a missing folder", []string{"plan", "--sandbox", missing}, []string{missing + " does not exist: give the repository's folder"}, ""},
		{"plan a file", []string{"plan", "--sandbox", text}, []string{text + " is a file, not a folder"}, ""},
		{"plan a folder with no YAML", []string{"plan", "--sandbox", empty}, []string{"holds no *.yaml or *.yml files, so there is nothing to plan"}, ""},
		{"apply a folder with no YAML", []string{"apply", "--sandbox", "--auto-approve", empty}, []string{"holds no *.yaml or *.yml files"}, ""},
		{"apply JSON that is not a plan", []string{"apply", "--sandbox", notPlan}, []string{"not a glue-sync plan file", "apply takes a plan file saved by glue-sync plan --out, or a repository folder"}, ""},
		{"apply text that is not a plan", []string{"apply", "--sandbox", text}, []string{"not a glue-sync plan file", "apply takes a plan file"}, ""},
		{"apply a missing path", []string{"apply", "--sandbox", missing}, []string{"does not exist: give a repository directory, or a plan file"}, ""},
		{"export to a file", []string{"export", "--sandbox", text}, []string{text + " is a file: export writes a whole repository, so give a new or empty folder"}, ""},
		{"no API key", []string{"plan", "../../examples/repo"}, []string{"no IT Glue API key: set ITGLUE_API_KEY", "add --sandbox"}, ""},
		{"plan an unknown --target", []string{"plan", "--sandbox", "--target", "No Such", "../../examples/repo"}, []string{`--target "No Such" names no declared organization`, `"Contoso Ltd"`}, "Using the built-in sandbox"},
		{"plan --out in a missing folder", []string{"plan", "--sandbox", "--out", filepath.Join(missing, "p.json"), "../../examples/repo"}, []string{"the directory " + missing + " does not exist; create it"}, "Using the built-in sandbox"},
		{"plan --out a folder", []string{"plan", "--sandbox", "--out", empty, "../../examples/repo"}, []string{"--out " + empty + " is a directory: give a file name, such as " + filepath.Join(empty, "plan.json")}, "Using the built-in sandbox"},
		{"apply a saved plan with --target", []string{"apply", "--target", "x", notPlan}, []string{"a saved plan is applied as it is (pass them to glue-sync plan)"}, ""},
		{"sandbox with a missing seed", []string{"sandbox", "--listen", "127.0.0.1:0", "--seed", missing}, []string{"--seed " + missing + ": no such file or directory: give a YAML or JSON seed file"}, "sandbox listening"},
		{"sandbox on a bad address", []string{"sandbox", "--listen", "nope"}, []string{`--listen "nope"`, "use host:port"}, ""},
		{"sandbox on another host", []string{"sandbox", "--listen", "0.0.0.0:0"}, []string{"reachable from other machines", "--allow-remote"}, ""},
		{"sandbox --rate-limit not a number", []string{"sandbox", "--rate-limit", "abc"}, []string{`invalid argument "abc" for "--rate-limit"`, "glue-sync sandbox --help"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, out, errOut := TestStreams()
			code := Main(context.Background(), tt.args, func(string) string { return "" }, ios)
			stderr := errOut.String()
			if code != ExitError {
				t.Errorf("exit code = %d; want %d\nstderr:\n%s", code, ExitError, stderr)
			}
			if out.Len() > 0 {
				t.Errorf("stdout = %q; want nothing (errors go to stderr)", out)
			}
			rest := stderr
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("stderr does not contain %q (after the earlier matches)\nstderr:\n%s", w, stderr)
				}
				rest = rest[i+len(w):]
			}
			if tt.not != "" && strings.Contains(stderr, tt.not) {
				t.Errorf("stderr holds %q, which should not happen for this mistake:\n%s", tt.not, stderr)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") {
				t.Errorf("stderr shows a panic:\n%s", stderr)
			}
		})
	}
}
