package gitsrc

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/go-git/go-git/v5"
)

// Repo is an open git repository. Its methods and the file systems of its
// commits are safe for concurrent use: every read of the object store is
// serialised, because go-git's store is not safe for concurrent readers.
type Repo struct {
	repo *git.Repository
	// root is the absolute work tree root, symbolic links resolved; empty
	// for a bare repository.
	root string
	mu   *sync.Mutex
}

// Open opens the git repository holding dir: dir itself or the nearest
// parent with a .git folder or file (linked work trees included). dir need
// not exist in the work tree; its nearest existing parent is used.
func Open(dir string) (*Repo, error) {
	start, err := existingParent(dir)
	if err != nil {
		return nil, fmt.Errorf("opening the git repository holding %s: %w", dir, err)
	}
	r, err := git.PlainOpenWithOptions(start, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, fmt.Errorf("%s is not inside a git repository: --ref reads the repository from a git commit, so run glue-sync in a clone (git clone URL), or drop --ref to read the files as they are", dir)
	}
	if err != nil {
		return nil, fmt.Errorf("opening the git repository holding %s: %w", dir, err)
	}
	out := &Repo{repo: r, mu: &sync.Mutex{}}
	if wt, err := r.Worktree(); err == nil {
		out.root = evalDir(wt.Filesystem.Root())
	}
	return out, nil
}

// Root is the absolute path of the work tree, or "" for a bare repository.
func (r *Repo) Root() string { return r.root }

// RelPath returns dir (a path on disk, relative to the current directory
// or absolute) as a slash-separated path inside the repository: "." for
// the work tree root, "examples/repo" below it. dir need not exist in the
// work tree, so a folder deleted since a commit can still be read from it.
func (r *Repo) RelPath(dir string) (string, error) {
	if r.root == "" {
		return "", fmt.Errorf("%s is in a bare git repository, which has no work tree to place it in: run glue-sync in a clone", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("finding %s inside the git repository: %w", dir, err)
	}
	abs = evalPath(abs)
	rel, err := filepath.Rel(r.root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s is outside the git repository at %s: give a folder inside it", dir, r.root)
	}
	return filepath.ToSlash(rel), nil
}

// existingParent returns dir, or its nearest parent that exists.
func existingParent(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(abs); err == nil {
			return abs, nil
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return abs, nil
		}
		abs = parent
	}
}

// evalDir resolves the symbolic links in an existing directory's path, so
// that /tmp and /private/tmp (macOS) compare equal.
func evalDir(dir string) string {
	if p, err := filepath.EvalSymlinks(dir); err == nil {
		return p
	}
	return dir
}

// evalPath resolves the symbolic links in the longest existing prefix of
// p and keeps the rest as written.
func evalPath(p string) string {
	rest := ""
	for cur := p; ; {
		if e, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(e, rest)
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return p
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}
