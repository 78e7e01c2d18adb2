package chaos

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// TestPlaintextSecretsAreNotEchoed: a password written into a YAML file by
// mistake, in every shape validation rejects (and a YAML syntax error on
// its line), and a key read from ITGLUE_API_KEY_FILE, are never echoed by
// validate, plan or apply, whatever the format.
//
// Each shape is a copy of an examples/repo asset in a file of its own, all
// in one repository, so that each command's one run reports all of them;
// the test checks that every shape's file is named in each run's output
// (its diagnostic was printed, so its echo would be caught). Validate
// never reaches the account, so it runs in the first profile only (the
// test checks that it made no request); plan and apply read the account
// while the repository loads, and the wrong key from a file reaches it:
// they run in both.
func TestPlaintextSecretsAreNotEchoed(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		t.Parallel()
		pw := clitest.Canary(t, "plain-pw-")
		key := clitest.Canary(t, "ITG.file-key-")
		b := startBox(t, prof, key, sandbox.Faults{}, "")
		keyFile := filepath.Join(t.TempDir(), "key")
		if err := os.WriteFile(keyFile, []byte(key+"x\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		e := map[string]string{client.EnvBaseURL: b.URL, client.EnvAPIKeyFile: keyFile}
		s := clitest.Secrets{"plaintext password": pw, "API key from a file": key}
		repo, files := plaintextRepo(t, pw)
		cmds := [][]string{{"plan", "--debug", repo}, {"apply", "--auto-approve", "--format", "json", repo}}
		if prof == sandbox.ProfilePessimistic {
			cmds = append([][]string{{"validate", repo}, {"validate", "--format", "github", repo}, {"validate", "--format", "json", repo}}, cmds...)
		}
		for i, args := range cmds {
			r := clitest.RunContext(context.Background(), t, e, args...)
			if r.Code != cli.ExitError {
				t.Errorf("want exit 1 for a plaintext password\n%s", r)
			}
			s.Check(t, "stdout of "+strings.Join(args, " "), r.Stdout)
			s.Check(t, "stderr of "+strings.Join(args, " "), r.Stderr)
			for shape, f := range files {
				if !strings.Contains(r.Stdout+r.Stderr, f) {
					t.Errorf("%q does not name %s (the %s shape): its diagnostic was not printed, so the check proves nothing for it\n%s", args, f, shape, r)
				}
			}
			if n := b.Server.RequestCount(); args[0] == "validate" && n != 0 {
				t.Errorf("validate (run %d) made %d requests; it must run in both profiles", i, n)
			}
		}
		// A wrong key from a file: 401, and the file's content never echoed.
		r := clitest.RunContext(context.Background(), t, e, "plan", "--debug", clitest.ExampleRepo)
		if r.Code != cli.ExitError {
			t.Errorf("plan with a wrong key from a file: want exit 1\n%s", r)
		}
		s.Check(t, "stdout of plan with a key file", r.Stdout)
		s.Check(t, "stderr of plan with a key file", r.Stderr)
	})
}

// plaintextRepo copies examples/repo with, for each shape a plaintext
// password pw can take, a copy of its Contoso ERP asset (renamed) whose
// Password trait has that shape, each in a file of its own. It returns the
// repository and each shape's file, relative to it.
func plaintextRepo(t *testing.T, pw string) (string, map[string]string) {
	t.Helper()
	const erp = "assets/contoso/apps.yaml"
	orig, err := os.ReadFile(filepath.Join(clitest.ExampleRepo, erp))
	if err != nil {
		t.Fatal(err)
	}
	doc, _, _ := strings.Cut(string(orig), "---\n")
	const line = "  Service Account Password: {env: CONTOSO_ERP_SVC_PASSWORD}\n"
	const name = "  Application: Contoso ERP\n"
	if !strings.Contains(doc, line) || !strings.Contains(doc, name) {
		t.Fatalf("%s changed shape: update this test's edit", erp)
	}
	q := strings.ReplaceAll(pw, `"`, `\"`)
	shapes := map[string]string{
		"scalar":        `  Service Account Password: "` + q + `"` + "\n",
		"env value":     `  Service Account Password: {env: "` + q + `"}` + "\n",
		"extra key":     `  Service Account Password: {env: CONTOSO_ERP_SVC_PASSWORD, value: "` + q + `"}` + "\n",
		"list":          `  Service Account Password: ["` + q + `"]` + "\n",
		"other key":     `  Service Account Password: {password: "` + q + `"}` + "\n",
		"syntax error":  `  Service Account Password: "` + q + "\n",
		"block literal": "  Service Account Password: |\n    " + pw + "\n",
	}
	repo := filepath.Join(t.TempDir(), "repo")
	if err := os.CopyFS(repo, os.DirFS(clitest.ExampleRepo)); err != nil {
		t.Fatal(err)
	}
	files, edits := map[string]string{}, map[string]string{}
	for shape, bad := range shapes {
		slug := strings.ReplaceAll(shape, " ", "-")
		f := "assets/contoso/plaintext-" + slug + ".yaml"
		files[shape] = f
		d := strings.Replace(doc, name, "  Application: Contoso ERP "+slug+"\n", 1)
		edits[f] = strings.Replace(d, line, bad, 1)
	}
	clitest.WriteFiles(t, repo, edits)
	return repo, files
}
