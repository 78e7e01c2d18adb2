package e2e

import (
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"os"
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
// plan file of --out), the Markdown and JSON plans, an apply from the
// repository with --debug (the text plan and report, and every request's
// log), the plan after it (the passwords are in the account then), and an
// apply of a saved plan with the JSON report, on a fresh account. In both
// profiles: the pessimistic one answers Password traits and errors its own
// way.
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
		a := demoAccount(t, prof, key)
		runs := [][]string{
			{"plan", "--format", "markdown", clitest.ExampleRepo},
			{"plan", "--format", "json", clitest.ExampleRepo},
			{"plan", "--debug", "--out", filepath.Join(dir, "a.json"), clitest.ExampleRepo},
			{"apply", "--auto-approve", "--debug", clitest.ExampleRepo},
			{"plan", "--detailed-exitcode", clitest.ExampleRepo},
		}
		for _, args := range runs {
			r := a.run(t, pw, args...)
			check(t, strings.Join(args, " ")+" stdout", r.Stdout)
			check(t, strings.Join(args, " ")+" stderr", r.Stderr)
		}
		// Apply from a plan file, with the JSON report, on a fresh account
		// with the same key.
		b := demoAccount(t, prof, key)
		file := filepath.Join(dir, "b.json")
		for _, args := range [][]string{{"plan", "--out", file, clitest.ExampleRepo}, {"apply", "--auto-approve", "--format", "json", file}} {
			r := b.run(t, pw, args...)
			if r.Code != cli.ExitOK {
				t.Errorf("%q: %s", args, r)
			}
			check(t, strings.Join(args, " ")+" stdout", r.Stdout)
			check(t, strings.Join(args, " ")+" stderr", r.Stderr)
		}
		for _, f := range []string{"a.json", "b.json"} {
			check(t, "plan file "+f, clitest.ReadFile(t, filepath.Join(dir, f)))
		}
		// The passwords did reach the account: apply set them.
		erp := b.asset(t, "Contoso Ltd", "Line of Business App", "Contoso ERP")
		if len(erp.Traits["service-account-password"]) == 0 {
			t.Errorf("Contoso ERP has no service account password after apply")
		}
		if _, err := os.Stat(filepath.Join(dir, "a.json")); err != nil {
			t.Errorf("plan --out did not write its file: %v", err)
		}
	})
}
