package gitsrc_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// testRepo is a git repository in a temporary folder, built with go-git.
type testRepo struct {
	t    testing.TB
	dir  string
	repo *git.Repository
	now  time.Time
}

func newTestRepo(t testing.TB) *testRepo {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return &testRepo{t: t, dir: dir, repo: r, now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

// write writes files (slash paths) into the work tree.
func (r *testRepo) write(files map[string]string) {
	r.t.Helper()
	for p, content := range files {
		full := filepath.Join(r.dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
}

// symlink makes the link name (a slash path) pointing at target.
func (r *testRepo) symlink(name, target string) {
	r.t.Helper()
	full := filepath.Join(r.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		r.t.Fatal(err)
	}
	if err := os.Symlink(target, full); err != nil {
		r.t.Fatal(err)
	}
}

// commit stages everything (deletions too) and commits it.
func (r *testRepo) commit(msg string) string {
	r.t.Helper()
	wt, err := r.repo.Worktree()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		r.t.Fatal(err)
	}
	r.now = r.now.Add(time.Hour)
	sig := &object.Signature{Name: "Test", Email: "test@example.com", When: r.now}
	h, err := wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	if err != nil {
		r.t.Fatal(err)
	}
	return h.String()
}

// tag makes a lightweight tag at hash.
func (r *testRepo) tag(name, hash string) {
	r.t.Helper()
	if _, err := r.repo.CreateTag(name, plumbing.NewHash(hash), nil); err != nil {
		r.t.Fatal(err)
	}
}

// copyDir copies the folder src into the work tree at dst (a slash path).
func (r *testRepo) copyDir(src, dst string) {
	r.t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		r.write(map[string]string{dst + "/" + filepath.ToSlash(rel): string(b)})
		return nil
	})
	if err != nil {
		r.t.Fatal(err)
	}
}
