package export_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
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

// accountIn starts a sandbox in profile p loaded with seed and returns
// the environment pointing glue-sync at it.
func accountIn(t *testing.T, seed string, p sandbox.Profile) map[string]string {
	t.Helper()
	return clitest.Start(t, clitest.Options{Seed: seed, Sandbox: sandboxtest.WithProfile(p)}).Env(nil)
}

// TestExportMarkdownRoundTrip: an account's long HTML Textboxes are
// exported as Markdown files beside the YAML (HTML Markdown cannot
// express kept in them as HTML; a value with an image stays inline); the
// export validates and plans empty; applied to an account without assets
// it plans empty, and exported again it is byte-identical: every file,
// and no file more or less. In both sandbox profiles.
func TestExportMarkdownRoundTrip(t *testing.T) {
	const (
		conMD    = "runbooks/contoso-ltd/backup-job-con-hourly-sql-restore-notes.md"
		erpMD    = "runbooks/contoso-ltd/runbook-erp-restore-body.md"
		nasMD    = "runbooks/contoso-ltd/runbook-legacy-nas-body.md"
		runbooks = "assets/contoso-ltd/runbook.yaml"
		backups  = "assets/contoso-ltd/backup-job.yaml"
	)
	type check struct {
		path string
		want []string
	}
	seeds := []struct {
		name   string
		seed   string
		checks []check
		absent []string
	}{
		{"demo", string(demo.Seed()), []check{
			{conMD, []string{"| Step | Who | Minutes |", "- [x] Open a P1 ticket"}},
			{backups, []string{"Restore Notes: {markdown: " + conMD + "}", `Restored \\CON-FS01\Finance to a scratch share`}}, // a short one stays inline
		}, nil},
		{"rich text", readSeed(t, "richtext.seed.yaml"), []check{
			{erpMD, []string{"# Contoso ERP: restore", "- [x] Open a P1 ticket", "| Step | Minutes |", "```\nRestore-SqlDatabase"}},
			{nasMD, []string{`<div class="fr-view">`, `<p style="text-align: center">`, "<u>Shutdown</u>", `<font color="#ff0000">red</font>`,
				`<tr><td rowspan="2">Nightly</td>`, "DBA<br>(on call)", "<li>volumes mounted</li>", `target="_blank"`, "H<sub>2</sub>O"}},
			{runbooks, []string{"Body: {markdown: " + erpMD + "}", "Body: {markdown: " + nasMD + "}",
				`<img src="https://files.example.com/contoso/rack.png"`, // an image: the Textbox stays inline
				"Notes: <p><b>Short</b> note &amp; more.</p>"}},
			{runbooks + " (default)", []string{"Notes: Ask Tom & Jerry (ext <42>) before moving anything.\n"}},
		}, []string{"runbooks/contoso-ltd/runbook-rack-layout-body.md"}},
	}
	for _, sd := range seeds {
		for _, p := range sandbox.Profiles() {
			t.Run(sd.name+"/"+p.String(), func(t *testing.T) {
				env := accountIn(t, sd.seed, p)
				dir := exportTo(t, env)
				first := tree(t, dir)
				for _, c := range sd.checks {
					if path, only, ok := strings.Cut(c.path, " ("); ok {
						if only != p.String()+")" {
							continue
						}
						c.path = path
					}
					for _, w := range c.want {
						if !strings.Contains(first[c.path], w) {
							t.Errorf("%s lacks %q:\n%s", c.path, w, first[c.path])
						}
					}
				}
				for _, a := range sd.absent {
					if _, ok := first[a]; ok {
						t.Errorf("%s was written:\n%s", a, first[a])
					}
				}
				mds := 0
				for path := range first {
					if strings.HasSuffix(path, ".md") {
						mds++
					}
				}
				if r := mustValidate(t, dir); !strings.Contains(r.Stdout+r.Stderr, fmt.Sprintf(" and %d Markdown: ", mds)) {
					t.Errorf("validate's summary does not count the %d Markdown files:\n%s", mds, r)
				}
				mustPlanNothing(t, env, dir)

				target := accountIn(t, withoutAssets(t, sd.seed), p)
				if r := run(t, target, "apply", "--auto-approve", dir); r.Code != cli.ExitOK {
					t.Fatalf("apply: exit %d\n%s", r.Code, r)
				}
				mustPlanNothing(t, target, dir)
				again := tree(t, exportTo(t, target))
				if d := cmp.Diff(first, again); d != "" {
					t.Errorf("export, apply, export is not byte-identical (-first +again):\n%s", d)
				}
			})
		}
	}
}
