package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// TestExportWithoutIncludedFields: exporting an account whose type index
// answers field linkage without included fields (P4) and types without
// enabled (P5) writes every type with its fields, and planning the export
// against the same account shows nothing to do.
func TestExportWithoutIncludedFields(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		a := demoAccount(t, prof, "")
		dir := filepath.Join(t.TempDir(), "export")
		if r := a.run(t, nil, "export", dir); r.Code != cli.ExitOK {
			t.Fatalf("export: %s", r)
		}
		types, err := filepath.Glob(filepath.Join(dir, "types", "*.yaml"))
		if err != nil || len(types) == 0 {
			t.Fatalf("no type exported (%v)", err)
		}
		for _, f := range types {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			if strings.Contains(s, "fields: []") || !strings.Contains(s, "kind: Text") {
				t.Errorf("%s has no fields:\n%s", filepath.Base(f), s)
			}
			if strings.Contains(s, "enabled:") != (prof == sandbox.ProfileDefault) {
				t.Errorf("%s: enabled written = %v in profile %s (only a stated enabled is exported)", filepath.Base(f), strings.Contains(s, "enabled:"), prof)
			}
		}
		env := map[string]string{}
		for _, e := range envRefs(t, dir) {
			env[e] = "exported-secret"
		}
		if r := a.run(t, env, "plan", "--detailed-exitcode", dir); r.Code != cli.ExitOK {
			t.Errorf("plan of the export: want no changes\n%s", r)
		}
	})
}

// envRefs lists the {env: NAME} variables a repository names.
func envRefs(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(b), "\n") {
			if i := strings.Index(line, "{env: "); i >= 0 {
				if j := strings.Index(line[i:], "}"); j > 0 {
					out = append(out, line[i+len("{env: "):i+j])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
