package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/glue-sync/glue-sync/internal/spec"
	"github.com/glue-sync/glue-sync/internal/textsafe"
)

// discoverRepo returns the repository folder to use for dir: dir itself
// when it holds a glue-sync.yaml (or has none above it), else the nearest
// parent that holds one, no higher than the git repository's root. Run
// from examples/repo/assets, glue-sync then reads examples/repo instead of
// reporting every asset's organization as unknown; it says so on stderr.
func discoverRepo(d *deps, dir string) string {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() || hasConfig(dir) {
		return dir // a missing folder or a file is reported by the caller
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return dir
	}
	for cur := abs; ; {
		if isGitRoot(cur) {
			return dir // the git repository's root is as high as a repository goes
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return dir
		}
		cur = parent
		if hasConfig(cur) {
			found := cur
			if rel, err := filepath.Rel(mustAbs("."), cur); err == nil && !filepath.IsAbs(dir) {
				found = rel
			}
			fmt.Fprintf(d.io.ErrOut, "Using the repository at %s: %s has no %s, and %s does.\n",
				textsafe.Line(found), textsafe.Line(dir), spec.ConfigFile, textsafe.Line(filepath.Join(found, spec.ConfigFile)))
			return found
		}
	}
}

func hasConfig(dir string) bool {
	for _, name := range []string{spec.ConfigFile, spec.ConfigFileAlt} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.Mode().IsRegular() {
			return true
		}
	}
	return false
}

func isGitRoot(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, ".git"))
	return err == nil
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
