package gittest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Repo is a git repository in a temporary folder, built with go-git.
// Commits are made by "Test" an hour apart from 2026-01-02 03:04:05 UTC,
// so that hashes are the same on every run.
type Repo struct {
	// T is the test the repository belongs to.
	T testing.TB
	// Dir is the work tree.
	Dir string
	// Git is the repository.
	Git *git.Repository

	now time.Time
}

// New makes an empty repository in a new temporary folder.
func New(t testing.TB) *Repo {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	return &Repo{T: t, Dir: dir, Git: r, now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

// Copy copies the repository, work tree and .git, into a new temporary
// folder of t, with the same commit clock. A fixture committed once and
// copied for each test that changes it costs a file copy per object, not
// a commit of every file again (go-git compresses each object it writes,
// which is most of a small commit's time, under -race more so).
func (r *Repo) Copy(t testing.TB) *Repo {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir(r.Dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(r.Dir, p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(dst, 0o755)
		case d.Type()&os.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, dst)
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, fi.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
	g, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	return &Repo{T: t, Dir: dir, Git: g, now: r.now}
}

// Write writes files (slash paths -> content) into the work tree.
func (r *Repo) Write(files map[string]string) {
	r.T.Helper()
	for p, content := range files {
		full := filepath.Join(r.Dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			r.T.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			r.T.Fatal(err)
		}
	}
}

// Edit replaces the first old with new in the file name (a slash path),
// which must contain it.
func (r *Repo) Edit(name, old, new string) {
	r.T.Helper()
	b, err := os.ReadFile(filepath.Join(r.Dir, filepath.FromSlash(name)))
	if err != nil || !strings.Contains(string(b), old) {
		r.T.Fatalf("%s: cannot edit %q: %v", name, old, err)
	}
	r.Write(map[string]string{name: strings.Replace(string(b), old, new, 1)})
}

// Symlink makes the link name (a slash path) pointing at target.
func (r *Repo) Symlink(name, target string) {
	r.T.Helper()
	full := filepath.Join(r.Dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		r.T.Fatal(err)
	}
	if err := os.Symlink(target, full); err != nil {
		r.T.Fatal(err)
	}
}

// CopyDir copies the folder src into the work tree at dst (a slash path).
func (r *Repo) CopyDir(src, dst string) {
	r.T.Helper()
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
		r.Write(map[string]string{dst + "/" + filepath.ToSlash(rel): string(b)})
		return nil
	})
	if err != nil {
		r.T.Fatal(err)
	}
}

// Commit stages everything (deletions too), commits it and returns the
// commit's hash.
func (r *Repo) Commit(msg string) string {
	r.T.Helper()
	wt, err := r.Git.Worktree()
	if err != nil {
		r.T.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		r.T.Fatal(err)
	}
	r.now = r.now.Add(time.Hour)
	sig := &object.Signature{Name: "Test", Email: "test@example.com", When: r.now}
	h, err := wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig, AllowEmptyCommits: true})
	if err != nil {
		r.T.Fatal(err)
	}
	return h.String()
}

// Now is the time of the last commit (New's start time before any),
// for commits made by hand.
func (r *Repo) Now() time.Time { return r.now }

// Tag makes a lightweight tag at hash.
func (r *Repo) Tag(name, hash string) {
	r.T.Helper()
	if _, err := r.Git.CreateTag(name, plumbing.NewHash(hash), nil); err != nil {
		r.T.Fatal(err)
	}
}
