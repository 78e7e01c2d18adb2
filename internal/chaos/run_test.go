package chaos

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// repo is a repository on disk and what the tests read from it, loaded
// once and shared (read-only) by the subtests that apply it.
type repo struct {
	// dir is the repository's folder.
	dir string
	// ds is the repository as glue-sync loads it.
	ds *spec.DesiredState
	// pwEnvs are the variables its Password traits name.
	pwEnvs []string
}

// openRepo loads the repository in dir.
func openRepo(t *testing.T, dir string) *repo {
	t.Helper()
	ds, diags := spec.LoadDir(context.Background(), dir)
	if diags.HasErrors() {
		t.Fatalf("%s:\n%s", dir, diags)
	}
	return &repo{dir: dir, ds: ds, pwEnvs: passwordEnvs(ds)}
}

// passwordEnvs lists the environment variables the Password traits of
// ds name.
func passwordEnvs(ds *spec.DesiredState) []string {
	set := map[string]bool{}
	for _, a := range ds.Assets {
		for _, tv := range a.Traits {
			if tv.Secret() != nil {
				set[tv.Secret().Env] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// env is what glue-sync reads from the environment: the box's URL and
// key, and one canary password per variable in pwEnvs.
func env(t *testing.T, b *box, pwEnvs []string) map[string]string {
	t.Helper()
	pw := map[string]string{}
	for _, v := range pwEnvs {
		pw[v] = clitest.Canary(t, "pw-"+strings.ToLower(v)+"-")
	}
	return b.Env(pw)
}
