package export_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
)

func TestExportCommand(t *testing.T) {
	env := account(t, readSeed(t, "allkinds.seed.yaml"))
	full := filepath.Join(t.TempDir(), "full")
	if err := os.MkdirAll(full, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(full, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		stdout   []string // substrings
		stderr   []string
		noWrites bool
	}{
		{name: "summary and request count", args: []string{"export", "NEW"}, code: cli.ExitOK,
			stdout: []string{"Exported 2 organizations, 2 flexible asset types and 6 assets to", "(9 files)"},
			stderr: []string{"API requests", "PW_YES_ON_123_ADMIN_PASSWORD", `note: type "On", field "Diagram": 1 Upload trait is not exported`}},
		{name: "non-empty directory refused", args: []string{"export", full}, code: cli.ExitError,
			stderr: []string{"is not empty", "--force"}, noWrites: true},
		{name: "force writes beside other files", args: []string{"export", "--force", full}, code: cli.ExitOK,
			stdout: []string{"Exported 2 organizations"}},
		{name: "unknown organization", args: []string{"export", "--org", "Yess", "NEW"}, code: cli.ExitError,
			stderr: []string{`--org "Yess": the account has no organization of that name; did you mean "yes"?`}, noWrites: true},
		{name: "unknown type", args: []string{"export", "--type", "Backup", "NEW"}, code: cli.ExitError,
			stderr: []string{`--type "Backup"`, `did you mean "Backup Job"?`}, noWrites: true},
		{name: "sandbox and base URL", args: []string{"export", "--sandbox", "--base-url", "http://127.0.0.1:1", "NEW"}, code: cli.ExitError,
			stderr: []string{"--sandbox cannot be combined"}, noWrites: true},
		{name: "no directory", args: []string{"export"}, code: cli.ExitError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			newDir := filepath.Join(t.TempDir(), "new")
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = strings.ReplaceAll(a, "NEW", newDir)
			}
			r := run(t, env, args...)
			if r.Code != tc.code {
				t.Fatalf("exit %d, want %d\n%s", r.Code, tc.code, r)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(r.Stdout, s) {
					t.Errorf("stdout lacks %q\n%s", s, r)
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(r.Stderr, s) {
					t.Errorf("stderr lacks %q\n%s", s, r)
				}
			}
			if _, err := os.Stat(newDir); tc.noWrites && err == nil {
				t.Errorf("%s was created by a failed export", newDir)
			}
		})
	}
	if b, err := os.ReadFile(filepath.Join(full, "notes.txt")); err != nil || string(b) != "mine" {
		t.Errorf("--force touched a file export does not write: %q, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(full, "glue-sync.yaml")); err != nil {
		t.Errorf("--force did not write glue-sync.yaml: %v", err)
	}
	entries, _ := os.ReadDir(full)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".glue-sync-export-") {
			t.Errorf("a temporary file was left behind: %s", e.Name())
		}
	}
}
