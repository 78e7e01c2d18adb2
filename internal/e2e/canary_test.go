package e2e

import (
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/clitest"
)

// TestSecretCanary: a unique API key and unique password values never
// appear in any output or plan file, whatever the format and command.
//
// Every output form is made once: the text plan (with --debug, and the
// plan file of --out), the Markdown and JSON plans, an apply of that plan
// file with --debug (the text report, and every request's log), the plan
// after it (the passwords are in the account then), and an apply from the
// repository with the JSON report, on a fresh account. In both profiles:
// the pessimistic one answers Password traits and errors its own way.
func TestSecretCanary(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		key := clitest.Unique(t, "ITG.canary-key-")
		pw := map[string]string{}
		for _, e := range secretEnvs {
			pw[e] = clitest.Unique(t, "canary-pw-")
		}
		check := func(t *testing.T, what, s string) {
			t.Helper()
			if strings.Contains(s, key) {
				t.Errorf("%s contains the API key", what)
			}
			for e, v := range pw {
				if strings.Contains(s, v) {
					t.Errorf("%s contains the value of %s", what, e)
				}
			}
		}
		dir := t.TempDir()
		file := filepath.Join(dir, "a.json")
		a := demoAccount(t, prof, key)
		runs := [][]string{
			{"plan", "--format", "markdown", clitest.ExampleRepo},
			{"plan", "--format", "json", clitest.ExampleRepo},
			{"plan", "--debug", "--out", file, clitest.ExampleRepo},
			{"apply", "--auto-approve", "--debug", file},
			{"plan", "--detailed-exitcode", clitest.ExampleRepo},
		}
		for _, args := range runs {
			r := a.run(t, pw, args...)
			if r.Code != cli.ExitOK {
				t.Errorf("%q: %s", args, r)
			}
			check(t, strings.Join(args, " ")+" stdout", r.Stdout)
			check(t, strings.Join(args, " ")+" stderr", r.Stderr)
		}
		check(t, "plan file", clitest.ReadFile(t, file))
		// The passwords did reach the account: apply set them.
		erp := a.asset(t, "Contoso Ltd", "Line of Business App", "Contoso ERP")
		if len(erp.Traits.Value("service-account-password")) == 0 {
			t.Errorf("Contoso ERP has no service account password after apply")
		}
		// The JSON apply report, from the repository, on a fresh account
		// with the same key.
		b := demoAccount(t, prof, key)
		args := []string{"apply", "--auto-approve", "--format", "json", clitest.ExampleRepo}
		if r := b.run(t, pw, args...); r.Code != cli.ExitOK {
			t.Errorf("%q: %s", args, r)
		} else {
			check(t, strings.Join(args, " ")+" stdout", r.Stdout)
			check(t, strings.Join(args, " ")+" stderr", r.Stderr)
		}
	})
}
