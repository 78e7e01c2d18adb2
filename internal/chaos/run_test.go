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

// passwordEnvs lists the environment variables the Password traits of the
// repository in dir name.
func passwordEnvs(t *testing.T, dir string) []string {
	t.Helper()
	ds, diags := spec.LoadDir(context.Background(), dir)
	if diags.HasErrors() {
		t.Fatalf("%s:\n%s", dir, diags)
	}
	set := map[string]bool{}
	for _, a := range ds.Assets {
		for _, tv := range a.Traits {
			if tv.Secret != nil {
				set[tv.Secret.Env] = true
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
