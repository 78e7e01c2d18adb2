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
// validate or plan, whatever the format.
func TestPlaintextSecretsAreNotEchoed(t *testing.T) {
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		t.Parallel()
		pw := clitest.Canary(t, "plain-pw-")
		key := clitest.Canary(t, "ITG.file-key-")
		const erp = "assets/contoso/apps.yaml"
		orig, err := os.ReadFile(filepath.Join(clitest.ExampleRepo, erp))
		if err != nil {
			t.Fatal(err)
		}
		const line = "  Service Account Password: {env: CONTOSO_ERP_SVC_PASSWORD}\n"
		if !strings.Contains(string(orig), line) {
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
		b := startBox(t, prof, key, sandbox.Faults{}, "")
		keyFile := filepath.Join(t.TempDir(), "key")
		if err := os.WriteFile(keyFile, []byte(key+"x\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		e := map[string]string{client.EnvBaseURL: b.URL, client.EnvAPIKeyFile: keyFile}
		s := clitest.Secrets{"plaintext password": pw, "API key from a file": key}
		for name, bad := range shapes {
			t.Run(name, func(t *testing.T) {
				repo := filepath.Join(t.TempDir(), "repo")
				if err := os.CopyFS(repo, os.DirFS(clitest.ExampleRepo)); err != nil {
					t.Fatal(err)
				}
				clitest.WriteFiles(t, repo, map[string]string{erp: strings.Replace(string(orig), line, bad, 1)})
				for _, args := range [][]string{
					{"validate", repo}, {"validate", "--format", "github", repo}, {"validate", "--format", "json", repo},
					{"plan", "--debug", repo}, {"apply", "--auto-approve", "--format", "json", repo},
				} {
					r := clitest.RunContext(context.Background(), t, e, args...)
					if r.Code != cli.ExitError {
						t.Errorf("want exit 1 for a plaintext password\n%s", r)
					}
					s.Check(t, "stdout of "+strings.Join(args, " "), r.Stdout)
					s.Check(t, "stderr of "+strings.Join(args, " "), r.Stderr)
				}
			})
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
