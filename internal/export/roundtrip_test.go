package export_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/demo"
)

// secretValue is the password seeded in allkinds.seed.yaml: it must never
// reach a file or an output.
const secretValue = "s3cret-value"

// run runs glue-sync against env (clitest.Run), and checks that the
// password seeded in allkinds.seed.yaml shows in no output either.
func run(t *testing.T, env map[string]string, args ...string) clitest.Result {
	t.Helper()
	r := clitest.Run(t, env, args...)
	clitest.Secrets{"the seeded password": secretValue}.CheckResult(t, r)
	return r
}

// account starts a sandbox loaded with seed and returns the environment
// pointing glue-sync at it.
func account(t *testing.T, seed string) map[string]string {
	t.Helper()
	return clitest.Start(t, clitest.Options{Seed: seed}).Env(nil)
}

func readSeed(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// exportTo exports the account to a new directory and checks the files
// hold no secret.
func exportTo(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "repo")
	r := run(t, env, append([]string{"export", dir}, args...)...)
	if r.Code != cli.ExitOK {
		t.Fatalf("export: exit %d\n%s", r.Code, r)
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			if strings.Contains(string(b), secretValue) {
				t.Errorf("%s holds the password value", p)
			}
		}
		return nil
	})
	return dir
}

// mustValidate validates dir and fails on any diagnostic. It returns the
// run, for its summary.
func mustValidate(t *testing.T, dir string) clitest.Result {
	t.Helper()
	r := run(t, nil, "validate", dir)
	if r.Code != cli.ExitOK || strings.Contains(r.Stdout+r.Stderr, "warning") || strings.Contains(r.Stdout+r.Stderr, "error") {
		t.Fatalf("validate %s: exit %d\n%s", dir, r.Code, r)
	}
	return r
}

// mustPlanNothing plans dir and fails unless the plan has no changes.
func mustPlanNothing(t *testing.T, env map[string]string, dir string, extra ...string) {
	t.Helper()
	r := run(t, env, append([]string{"plan", "--detailed-exitcode", dir}, extra...)...)
	if r.Code != cli.ExitOK {
		t.Fatalf("plan of the export: exit %d, want 0 (no changes)\n%s", r.Code, r)
	}
}

func TestRoundTripAllKinds(t *testing.T) {
	env := account(t, readSeed(t, "allkinds.seed.yaml"))
	dir := exportTo(t, env)
	mustValidate(t, dir)
	mustPlanNothing(t, env, dir) // the Password variable is not set
}

func TestRoundTripDemoSandbox(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "repo")
	r := run(t, nil, "export", "--sandbox", dir)
	// 1 list of types to pick the tag kinds, then ReadLive: organization
	// types, statuses, organizations, types, the assets of each of the 3
	// types, and the 3 tag kinds their fields use (not locations, not
	// passwords).
	// 11 reads, plus the client's one read of archived assets.
	if r.Code != cli.ExitOK || !strings.Contains(r.Stderr, "\n12 API requests\n") {
		t.Fatalf("export --sandbox: exit %d, want 0 and 12 API requests\n%s", r.Code, r)
	}
	mustValidate(t, dir)
	mustPlanNothing(t, nil, dir, "--sandbox")
	env := account(t, string(demo.Seed())) // the same account, without --sandbox's placeholders
	mustPlanNothing(t, env, dir)
}

func TestRoundTripNarrowed(t *testing.T) {
	env := account(t, readSeed(t, "allkinds.seed.yaml"))
	dir := exportTo(t, env, "--org", "yes", "--type", "On")
	mustValidate(t, dir)
	mustPlanNothing(t, env, dir)
	// --type On brings Backup Job, the type its Backup field tags.
	if _, err := os.Stat(filepath.Join(dir, "types", "backup-job.yaml")); err != nil {
		t.Errorf("the tagged type was not exported: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "organizations", "2024-01-01.yaml")); err == nil {
		t.Errorf("--org yes exported organization 2024-01-01 too")
	}
}

var envRef = regexp.MustCompile(`\{env: ([A-Z0-9_]+)\}`)

// TestApplyToEmptyAccount applies an export to an account holding only
// what glue-sync cannot create (organization types and statuses, and the
// objects tags point at, so the organizations), with every Password
// variable the export names set, then plans again. (The demo account's
// export, which names no variable, makes the same trip in
// TestExportMarkdownRoundTrip, in both profiles.)
func TestApplyToEmptyAccount(t *testing.T) {
	for _, tc := range []struct{ name, seed, empty string }{
		{"allkinds", readSeed(t, "allkinds.seed.yaml"), withoutAssets(t, readSeed(t, "allkinds.seed.yaml"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := exportTo(t, account(t, tc.seed))
			target := account(t, tc.empty)
			withSecrets := map[string]string{}
			for k, v := range target {
				withSecrets[k] = v
			}
			for _, f := range files(t, dir) {
				for _, m := range envRef.FindAllStringSubmatch(f, -1) {
					withSecrets[m[1]] = secretValue
				}
			}
			if r := run(t, withSecrets, "apply", "--auto-approve", dir); r.Code != cli.ExitOK {
				t.Fatalf("apply: exit %d\n%s", r.Code, r)
			}
			mustPlanNothing(t, target, dir)
		})
	}
}

// withoutAssets returns a seed without its flexible asset types and
// assets: the account apply starts from.
func withoutAssets(t *testing.T, seed string) string {
	t.Helper()
	var m map[string]any
	if err := yaml.Unmarshal([]byte(seed), &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "flexible_asset_types")
	delete(m, "flexible_assets")
	b, err := yaml.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, string(b))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRoundTripDuplicates: assets plan could not tell apart by identity
// are pinned with id: (of titled twins one is exported, the others noted;
// untitled twins are all exported, by id alone), and the plan is clean:
// no changes, no warnings.
func TestRoundTripDuplicates(t *testing.T) {
	env := account(t, readSeed(t, "duplicates.seed.yaml"))
	dir := exportTo(t, env)
	mustValidate(t, dir)
	r := run(t, env, "plan", "--detailed-exitcode", dir)
	if r.Code != cli.ExitOK || strings.Contains(r.Stdout+r.Stderr, "arning") {
		t.Fatalf("plan: exit %d, want 0 and no warning\n%s", r.Code, r)
	}
	got := strings.Join(files(t, dir), "")
	for _, want := range []string{"id: 1\n", "id: 3\n", "id: 5\n", "id: 6\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("the export lacks %q", want)
		}
	}
	for _, absent := range []string{"id: 2\n", "id: 4\n", "match:"} {
		if strings.Contains(got, absent) {
			t.Errorf("the export has %q: a twin was exported too", absent)
		}
	}
}
