package cli

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/ratebudget"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

// TestSharedBudgetFolder: plan keeps the account's shared rate budget in
// the user cache folder by default, where --shared-budget or
// GLUE_SYNC_SHARED_BUDGET say, and nowhere with off; the file never shows
// the key.
func TestSharedBudgetFolder(t *testing.T) {
	if !ratebudget.Supported {
		t.Skip("no file locks on this system: no shared budget")
	}
	sb := sandboxtest.Start(t)
	sb.Seed(t, string(demo.Seed()))
	elsewhere := t.TempDir()
	// Where the budget goes does not depend on the repository.
	repo := oneOrgRepo(t)
	for _, tt := range []struct {
		name  string
		flag  []string
		env   string
		where func(cache string) string // "" for no budget file at all
	}{
		{"default", nil, "", func(cache string) string { return filepath.Join(cache, "glue-sync", "budget") }},
		{"flag", []string{"--shared-budget", filepath.Join(elsewhere, "flag")}, "", func(string) string { return filepath.Join(elsewhere, "flag") }},
		{"environment", nil, filepath.Join(elsewhere, "env"), func(string) string { return filepath.Join(elsewhere, "env") }},
		{"off", []string{"--shared-budget", "off"}, filepath.Join(elsewhere, "unused"), func(string) string { return "" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := demoEnv(t, sb.URL, sb.Key)
			if tt.env != "" {
				env[envSharedBudget] = tt.env
			}
			ios, _, _, errOut := TestStreams()
			args := append([]string{"plan"}, tt.flag...)
			if code := run(&deps{ctx: context.Background(), getenv: envOf(env), io: ios}, append(args, repo)); code != 0 {
				t.Fatalf("plan: exit %d\n%s", code, errOut)
			}
			files, _ := filepath.Glob(filepath.Join(env["XDG_CACHE_HOME"], "glue-sync", "budget", "*"))
			more, _ := filepath.Glob(filepath.Join(elsewhere, "*", "*"))
			files = append(files, more...)
			want := tt.where(env["XDG_CACHE_HOME"])
			if want == "" {
				if len(files) != 0 {
					t.Errorf("with off, budget files were written: %v", files)
				}
				return
			}
			if len(files) != 1 || filepath.Dir(files[0]) != want || !strings.HasSuffix(files[0], ".budget") {
				t.Fatalf("budget files %v; want one under %s", files, want)
			}
			b, _ := os.ReadFile(files[0])
			if strings.Contains(files[0]+string(b), sb.Key) {
				t.Errorf("the budget file shows the key")
			}
			os.Remove(files[0])
		})
	}
}

// TestUserCacheDirFromTheGivenEnvironment: the default budget folder comes
// from the environment glue-sync was handed, never from the process's own,
// so a run (or a test) given no home folder writes no budget file.
func TestUserCacheDirFromTheGivenEnvironment(t *testing.T) {
	for _, tt := range []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", map[string]string{"XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"}, "/x/cache"},
		{"linux", map[string]string{"XDG_CACHE_HOME": "relative", "HOME": "/home/u"}, "/home/u/.cache"},
		{"linux", map[string]string{"HOME": "/home/u"}, "/home/u/.cache"},
		{"linux", nil, ""},
		{"linux", map[string]string{"HOME": "relative"}, ""},
		{"darwin", map[string]string{"HOME": "/Users/u", "XDG_CACHE_HOME": "/x"}, "/Users/u/Library/Caches"},
		{"darwin", nil, ""},
	} {
		if got := userCacheDir(envOf(tt.env), tt.goos); got != filepath.FromSlash(tt.want) {
			t.Errorf("%s %v: userCacheDir = %q, want %q", tt.goos, tt.env, got, tt.want)
		}
	}
	if runtime.GOOS != "windows" && runtime.GOOS != "plan9" {
		d := &deps{getenv: envOf(map[string]string{"ITGLUE_API_KEY": "k"})}
		if dir := sharedBudgetDir(d, &targetOptions{}); dir != "" {
			t.Errorf("with no home folder in the environment, the budget goes to %q; want none", dir)
		}
	}
}
