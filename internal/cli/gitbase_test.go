package cli

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/glue-sync/glue-sync/internal/gitsrc/gittest"
)

// exampleBase is a git repository holding examples/repo at examples/repo
// in one commit, made once per test binary and copied by
// committedExampleGit: go-git's first commit of the example's files costs
// about 0.2 CPU-seconds under -race, which a dozen tests paid each.
var exampleBase struct {
	once      sync.Once
	dir, head string
	err       error
}

// committedExampleGit returns a git repository holding a copy of
// examples/repo at examples/repo, committed (as "base"), and that commit's
// hash. The commit is dated at gittest's start time, so the test's own
// commits (gittest dates its first an hour later) come after it.
func committedExampleGit(t *testing.T) (*gittest.Repo, string) {
	t.Helper()
	exampleBase.once.Do(func() { exampleBase.dir, exampleBase.head, exampleBase.err = makeExampleBase() })
	if exampleBase.err != nil {
		t.Fatalf("committing examples/repo: %v", exampleBase.err)
	}
	g := gittest.New(t)
	if err := os.RemoveAll(filepath.Join(g.Dir, ".git")); err != nil {
		t.Fatal(err)
	}
	if err := copyRepo(exampleBase.dir, g.Dir); err != nil {
		t.Fatal(err)
	}
	r, err := git.PlainOpen(g.Dir)
	if err != nil {
		t.Fatal(err)
	}
	g.Git = r
	return g, exampleBase.head
}

func makeExampleBase() (dir, head string, err error) {
	dir, err = os.MkdirTemp("", "glue-sync-cli-example-")
	if err != nil {
		return "", "", err
	}
	r, err := git.PlainInit(dir, false)
	if err != nil {
		return dir, "", err
	}
	if err := os.CopyFS(filepath.Join(dir, "examples", "repo"), os.DirFS(filepath.Join("..", "..", "examples", "repo"))); err != nil {
		return dir, "", err
	}
	wt, err := r.Worktree()
	if err != nil {
		return dir, "", err
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		return dir, "", err
	}
	sig := &object.Signature{Name: "Test", Email: "test@example.com", When: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	h, err := wt.Commit("base", &git.CommitOptions{Author: sig, Committer: sig})
	if err != nil {
		return dir, "", err
	}
	return dir, h.String(), nil
}

// copyRepo copies the repository at src into dst, linking the object files
// (git writes an object once and never changes it) and copying the rest:
// the work tree (tests edit it in place), the index, refs and config.
func copyRepo(src, dst string) error {
	objects := filepath.Join(".git", "objects") + string(filepath.Separator)
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		case strings.HasPrefix(rel, objects):
			return os.Link(p, to)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, b, 0o644)
	})
}
