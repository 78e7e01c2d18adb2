package export_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/demo"
)

// tree reads every file below dir, by path relative to it.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestExportMarkdownRoundTrip: the demo account's long HTML Textboxes
// (the restore runbooks) are exported as Markdown files beside the YAML;
// the export validates and plans empty; applied to an account without
// assets and exported again, it is byte-identical.
func TestExportMarkdownRoundTrip(t *testing.T) {
	env := account(t, string(demo.Seed()))
	dir := exportTo(t, env)
	first := tree(t, dir)
	const md = "runbooks/contoso-ltd/backup-job-con-hourly-sql-restore-notes.md"
	if !strings.Contains(first[md], "| Step | Who | Minutes |") || !strings.Contains(first[md], "- [x] Open a P1 ticket") {
		t.Errorf("%s = %q; want the runbook as Markdown (its table and checklist)", md, first[md])
	}
	if !strings.Contains(first["assets/contoso-ltd/backup-job.yaml"], "Restore Notes: {markdown: "+md+"}") {
		t.Errorf("assets/contoso-ltd/backup-job.yaml does not name %s:\n%s", md, first["assets/contoso-ltd/backup-job.yaml"])
	}
	// A short Textbox stays inline.
	if !strings.Contains(first["assets/contoso-ltd/backup-job.yaml"], `Restore Notes: Restored`) {
		t.Errorf("the short Restore Notes of CON Nightly File Server is not inline:\n%s", first["assets/contoso-ltd/backup-job.yaml"])
	}
	mustValidate(t, dir)
	mustPlanNothing(t, env, dir)

	target := account(t, withoutAssets(t, string(demo.Seed())))
	if r := run(t, target, "apply", "--auto-approve", dir); r.Code != cli.ExitOK {
		t.Fatalf("apply: exit %d\n%s", r.Code, r)
	}
	mustPlanNothing(t, target, dir)
	again := tree(t, exportTo(t, target))
	for path, want := range first {
		if !strings.HasPrefix(path, "runbooks/") && !strings.Contains(want, "{markdown: ") {
			continue
		}
		if d := cmp.Diff(want, again[path]); d != "" {
			t.Errorf("%s after export, apply, export (-first +again):\n%s", path, d)
		}
	}
}
