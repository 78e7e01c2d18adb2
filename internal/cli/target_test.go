package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// TestOpenTargetBaseURL: flags beat the environment, which beats the
// repository's region hint, which beats the default region.
func TestOpenTargetBaseURL(t *testing.T) {
	t.Parallel()
	key := map[string]string{"ITGLUE_API_KEY": "ITG.x"}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{"ITGLUE_API_KEY": "ITG.x"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name string
		env  map[string]string
		opts targetOptions
		repo *spec.RepoConfig
		want string
	}{
		{"default", key, targetOptions{}, nil, "https://api.itglue.com"},
		{"repo hint", key, targetOptions{}, &spec.RepoConfig{Region: "eu"}, "https://api.eu.itglue.com"},
		{"env agrees with repo", with(map[string]string{"ITGLUE_REGION": "EU"}), targetOptions{}, &spec.RepoConfig{Region: "eu"}, "https://api.eu.itglue.com"},
		{"env without repo region", with(map[string]string{"ITGLUE_REGION": "au"}), targetOptions{}, &spec.RepoConfig{}, "https://api.au.itglue.com"},
		{"region flag beats env URL", with(map[string]string{"ITGLUE_BASE_URL": "http://127.0.0.1:9"}), targetOptions{region: "eu"}, nil, "https://api.eu.itglue.com"},
		{"base-url flag", key, targetOptions{baseURL: "http://127.0.0.1:9/"}, &spec.RepoConfig{Region: "eu"}, "http://127.0.0.1:9"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := TestStreams()
			d := &deps{ctx: context.Background(), getenv: envOf(tt.env), io: ios}
			tg, err := openTarget(d, &tt.opts, tt.repo)
			if err != nil {
				t.Fatal(err)
			}
			defer tg.Close()
			if tg.baseURL != tt.want {
				t.Errorf("base URL = %q; want %q", tg.baseURL, tt.want)
			}
		})
	}
}

func TestOpenTargetRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, wantErr string
		env           map[string]string
		opts          targetOptions
		repo          *spec.RepoConfig
	}{
		{"no key", "set ITGLUE_API_KEY (or ITGLUE_API_KEY_FILE to a file holding it); to try glue-sync without an account, add --sandbox", nil, targetOptions{}, nil},
		{"sandbox and region", "--sandbox cannot be combined", nil, targetOptions{sandbox: true, region: "eu"}, nil},
		{"plain http", "refusing plain http", map[string]string{"ITGLUE_API_KEY": "ITG.x"}, targetOptions{baseURL: "http://example.com"}, nil},
		{"bad region", "unknown IT Glue region", map[string]string{"ITGLUE_API_KEY": "ITG.x"}, targetOptions{region: "mars"}, nil},
		// A key works in one region: the repository's region: is checked.
		{"env region differs from the repo's", "glue-sync.yaml says region: eu, but glue-sync is connecting to https://api.au.itglue.com (region au",
			map[string]string{"ITGLUE_API_KEY": "ITG.x", "ITGLUE_REGION": "au"}, targetOptions{}, &spec.RepoConfig{Region: "eu"}},
		{"region flag differs from the repo's", "glue-sync.yaml says region: eu, but glue-sync is connecting to https://api.itglue.com (region us",
			map[string]string{"ITGLUE_API_KEY": "ITG.x"}, targetOptions{region: "us"}, &spec.RepoConfig{Region: "eu"}},
		{"region base URL differs from the repo's", "glue-sync.yaml says region: us",
			map[string]string{"ITGLUE_API_KEY": "ITG.x", "ITGLUE_BASE_URL": "https://api.eu.itglue.com/"}, targetOptions{}, &spec.RepoConfig{Region: "us"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, _ := TestStreams()
			d := &deps{ctx: context.Background(), getenv: envOf(tt.env), io: ios}
			tg, err := openTarget(d, &tt.opts, tt.repo)
			if err == nil {
				tg.Close()
				t.Fatalf("openTarget succeeded; want an error containing %q", tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %q; want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

// TestSandboxTargetAndPlaceholders: --sandbox needs no variables, says it
// is in use, and names (once) each secret variable it stands in for.
func TestSandboxTargetAndPlaceholders(t *testing.T) {
	t.Parallel()
	ios, _, _, errOut := TestStreams()
	d := &deps{ctx: context.Background(), getenv: envOf(map[string]string{"SET_PW": "from-env"}), io: ios}
	tg, err := openTarget(d, &targetOptions{sandbox: true}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tg.Close()
	if !strings.HasPrefix(tg.baseURL, "http://127.0.0.1:") {
		t.Errorf("sandbox base URL = %q; want loopback", tg.baseURL)
	}
	env := secretEnv(d, tg)
	if got := env("SET_PW"); got != "from-env" {
		t.Errorf("a set variable reads %q; want its value", got)
	}
	env("UNSET_PW")
	env("UNSET_PW")
	if n := strings.Count(errOut.String(), "UNSET_PW is not set"); n != 1 {
		t.Errorf("placeholder notices for UNSET_PW: %d; want 1\n%s", n, errOut)
	}
	if !strings.Contains(errOut.String(), "built-in sandbox") {
		t.Errorf("stderr does not say the sandbox is in use:\n%s", errOut)
	}
}

// TestSavePlanIsAtomic: the file holds a complete plan and no temporary
// file is left behind; a failed save leaves an existing file untouched.
func TestSavePlanIsAtomic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.json")
	p := &plan.Plan{Target: plan.Target{BaseURL: "https://api.itglue.com"},
		Changes: []plan.Change{{ID: "organization/Acme", Action: plan.Create, Kind: plan.KindOrganization, Name: "Acme"}}}
	if err := savePlan(path, p); err != nil {
		t.Fatal(err)
	}
	got, err := readPlanFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Changes) != 1 || got.Changes[0].ID != "organization/Acme" {
		t.Errorf("saved plan = %+v", got)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after saving; want only plan.json", len(entries))
	}
	before, _ := os.ReadFile(path)
	if err := savePlan(path, nil); err == nil {
		t.Errorf("saving a nil plan succeeded; want an error")
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Errorf("a failed save changed the existing plan file")
	}
	if err := savePlan(filepath.Join(dir, "missing", "plan.json"), p); err == nil || !strings.Contains(err.Error(), "saving the plan") {
		t.Errorf("saving into a missing directory: err = %v; want a 'saving the plan' error", err)
	}
}

// TestConfirmInterrupted: Ctrl-C at the prompt cancels at once, even
// though the read of stdin cannot be interrupted.
func TestConfirmInterrupted(t *testing.T) {
	t.Parallel()
	ios, _, _, errOut := TestStreams()
	pr, pw := io.Pipe() // a terminal nobody types into
	defer pw.Close()
	ios.In, ios.InTTY = pr, true
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d := &deps{ctx: ctx, getenv: envOf(nil), io: ios}
	p := &plan.Plan{Changes: []plan.Change{{ID: "organization/A", Action: plan.Create, Kind: plan.KindOrganization, Name: "A"}}}
	err := confirm(d, &applyOptions{}, p, &target{baseURL: "https://api.itglue.com"})
	var ee *exitError
	if !errors.As(err, &ee) || ee.code != ExitCancel {
		t.Fatalf("confirm after Ctrl-C = %v; want exit %d", err, ExitCancel)
	}
	if !strings.Contains(errOut.String(), "Apply this change to https://api.itglue.com?") {
		t.Errorf("prompt = %q", errOut.String())
	}
}
