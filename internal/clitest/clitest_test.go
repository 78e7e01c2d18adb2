package clitest_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// recorder is a testing.TB that records failures instead of failing.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestRunCatchesALeak: a run that prints a password value of its
// environment, here in an error naming a folder, is reported.
func TestRunCatchesALeak(t *testing.T) {
	pw := clitest.Canary(t, "pw-")
	missing := filepath.Join(t.TempDir(), pw)
	rec := &recorder{TB: t}
	r := clitest.Run(rec, map[string]string{"ADMIN_PASSWORD": pw}, "validate", missing)
	if r.Code != cli.ExitError || !strings.Contains(r.Stdout+r.Stderr, pw) {
		t.Fatalf("the run did not print the folder: %s", r)
	}
	if len(rec.errs) == 0 || !strings.Contains(strings.Join(rec.errs, "\n"), "LEAK: ") || !strings.Contains(strings.Join(rec.errs, "\n"), "ADMIN_PASSWORD") {
		t.Errorf("Run reported %q; want a LEAK naming ADMIN_PASSWORD", rec.errs)
	}
}

// TestSecretFormsAreCaught guards the leak checks: each encoded form of a
// canary is found in text that holds only that form, and nothing in clean text.
func TestSecretFormsAreCaught(t *testing.T) {
	pw := clitest.Canary(t, "pw-")
	s := clitest.Secrets{"PW": pw}
	js, _ := json.Marshal(pw)
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"clean", "nothing to see here: " + strings.Repeat("*", 40), nil},
		{"plain", "got " + pw, []string{"PW", "PW (its random part)"}},
		{"base64", "x " + base64.StdEncoding.EncodeToString([]byte(pw)) + " y", []string{"PW (base64)", "PW (raw base64)"}},
		{"query", "?v=" + url.QueryEscape(pw), []string{"PW (its random part)", "PW (query-escaped)"}},
		{"json", `{"v":` + string(js) + `}`, []string{"PW (JSON-escaped)", "PW (its random part)"}},
		{"truncated", "value ..." + pw[len(pw)-20:], []string{"PW (its random part)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := s.Found(tc.text)
			if tc.want == nil && got != nil {
				t.Errorf("found %q in clean text", got)
			}
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("the %s is not found; found %q", w, got)
				}
			}
		})
	}
}

// TestAccountUnderFaults: the CLI rides out a storm of 429s and 5xx
// against a faulty account (with the FastClient waits), and Copy gives
// the same account without the faults.
func TestAccountUnderFaults(t *testing.T) {
	seed := "organizations: [{name: Contoso}]\n"
	a := clitest.Start(t, clitest.Options{Seed: seed, Faults: sandbox.Faults{Seed: 1, RateLimitRate: 0.3, ServerErrorRate: 0.2}})
	repo := t.TempDir()
	clitest.WriteFiles(t, repo, map[string]string{
		"glue-sync.yaml":             "version: 1\n",
		"organizations/contoso.yaml": "kind: Organization\nname: Contoso\n---\nkind: Organization\nname: Fabrikam\n",
	})
	r := clitest.Run(t, a.Env(nil), "apply", "--auto-approve", repo)
	if r.Code != cli.ExitOK || !strings.Contains(r.Stderr, "retried") {
		t.Fatalf("want exit 0 after retries:\n%s", r)
	}
	calm := a.Copy(t, clitest.Options{Sandbox: func(o *sandbox.Options) { o.APIKey = a.Key }})
	if r := clitest.Run(t, calm.Env(nil), "plan", "--detailed-exitcode", repo); r.Code != cli.ExitOK {
		t.Errorf("the copy is not the applied account:\n%s", r)
	}
}

func TestCopyDir(t *testing.T) {
	src := t.TempDir()
	clitest.WriteFiles(t, src, map[string]string{"a.yaml": "a", "sub/b.yaml": "b", "gone.yaml": "x"})
	dir := clitest.CopyDir(t, src, map[string]string{"a.yaml": "edited", "gone.yaml": "", "new/c.yaml": "c"})
	for name, want := range map[string]string{"a.yaml": "edited", "sub/b.yaml": "b", "new/c.yaml": "c"} {
		if got := clitest.ReadFile(t, filepath.Join(dir, name)); got != want {
			t.Errorf("%s = %q; want %q", name, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "gone.yaml")); !os.IsNotExist(err) {
		t.Errorf("gone.yaml was not deleted (%v)", err)
	}
	if clitest.ReadFile(t, filepath.Join(src, "a.yaml")) != "a" {
		t.Errorf("the source was changed")
	}
}
