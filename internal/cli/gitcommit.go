package cli

import "github.com/glue-sync/glue-sync/internal/gitsrc"

// gitCommit returns the commit checked out in the git work tree holding
// dir, or "" when dir is not in a git repository or HEAD has no commit.
// Uncommitted edits are not detected: the commit says what was checked
// out, which in CI is what was planned.
func gitCommit(d *deps, dir string) string {
	repo, err := gitsrc.Open(dir)
	if err != nil {
		return ""
	}
	h, err := repo.Head(d.ctx)
	if err != nil {
		return ""
	}
	return h
}
