package gitsrc

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Commit is a resolved commit and the read-only file system of its tree.
type Commit struct {
	// Hash is the full commit id (40 hex digits; 64 in SHA-256
	// repositories).
	Hash string
	// Rev is the revision it was resolved from, as given.
	Rev string
	// When is the committer's time; the file system reports it as every
	// file's modification time.
	When time.Time

	fs *treeFS
}

// FS is the commit's tree as a file system: it implements fs.ReadDirFS,
// fs.StatFS and fs.ReadLinkFS. Symbolic links are reported as links
// (Lstat, ReadLink, directory entries); Open and Stat follow them inside
// the tree and fail on a link that leads out of it. Submodules appear as
// folders that cannot be read.
func (c *Commit) FS() fs.FS { return c.fs }

// Resolve resolves rev (HEAD, a branch, tag, HEAD~1, a short or full hash,
// origin/main, refs/...) to a commit.
func (r *Repo) Resolve(ctx context.Context, rev string) (*Commit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := checkRevision(rev); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	c, err := r.resolveLocked(rev)
	if err != nil {
		return nil, err
	}
	return r.commit(c, rev)
}

// resolveLocked resolves rev to a commit object. The caller holds r.mu.
func (r *Repo) resolveLocked(rev string) (*object.Commit, error) {
	h, err := r.repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return nil, r.revisionError(rev, err)
	}
	c, err := r.repo.CommitObject(*h)
	if err != nil {
		return nil, r.revisionError(rev, err)
	}
	return c, nil
}

// commit wraps c and its tree. The caller holds r.mu.
func (r *Repo) commit(c *object.Commit, rev string) (*Commit, error) {
	tree, err := c.Tree()
	if err != nil {
		return nil, r.revisionError(rev, fmt.Errorf("reading the tree of commit %s: %w", c.Hash, err))
	}
	return &Commit{Hash: c.Hash.String(), Rev: rev, When: c.Committer.When,
		fs: &treeFS{mu: r.mu, s: r.repo.Storer, root: tree, commit: c.Hash.String(), mtime: c.Committer.When}}, nil
}

// checkRevision refuses the revision forms go-git parses but silently
// ignores (it would resolve HEAD@{1} to HEAD): reflog and upstream
// suffixes, REV:path and ^{type} other than ^{commit}.
func checkRevision(rev string) error {
	const fix = "give a branch, tag, HEAD~N, origin/BRANCH or a commit hash (git rev-parse %s prints the hash)"
	switch {
	case strings.Contains(rev, "@{"):
		return fmt.Errorf("revision %q: @{...} (reflog, upstream, date) is not supported; "+fix, rev, rev)
	case strings.Contains(rev, ":"):
		return fmt.Errorf("revision %q: REV:PATH names a file, not a commit; give the commit as --ref and the folder as DIR", rev)
	}
	for rest := rev; ; {
		_, after, ok := strings.Cut(rest, "^{")
		if !ok {
			return nil
		}
		if !strings.HasPrefix(after, "/") && !strings.HasPrefix(after, "commit}") && !strings.HasPrefix(after, "}") {
			return fmt.Errorf("revision %q: only ^{commit} and ^{/TEXT} are supported after ^; "+fix, rev, rev)
		}
		rest = after
	}
}

// Head returns the full id of the commit HEAD points at. It reads only
// references, so it works even when the commit object is absent (a
// partial clone).
func (r *Repo) Head(ctx context.Context) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	ref, err := r.repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return "", errors.New("the git repository has no commits yet: commit the files first")
	}
	if err != nil {
		return "", fmt.Errorf("reading HEAD: %w", err)
	}
	if ref.Hash().IsZero() {
		return "", errors.New("reading HEAD: it names no commit (.git/HEAD is damaged)")
	}
	return ref.Hash().String(), nil
}

// isShallow reports whether the repository is a shallow clone. The caller
// holds r.mu.
func (r *Repo) isShallow() bool {
	s, err := r.repo.Storer.Shallow()
	return err == nil && len(s) > 0
}

// shallowHint is what to do when a shallow clone lacks history.
const shallowHint = "this is a shallow clone, which holds only the latest commits: fetch the full history " +
	"(git fetch --unshallow; with actions/checkout set fetch-depth: 0)"

// revisionError turns a failure to resolve rev into an error that says
// what to do. The caller holds r.mu.
func (r *Repo) revisionError(rev string, err error) error {
	shallow := r.isShallow()
	switch {
	case errors.Is(err, plumbing.ErrObjectNotFound) && shallow:
		return fmt.Errorf("revision %q needs a commit this clone does not have; %s", rev, shallowHint)
	case errors.Is(err, plumbing.ErrObjectNotFound):
		return fmt.Errorf("revision %q needs a commit missing from the repository (%v): fetch it (git fetch origin) or check the repository with git fsck", rev, err)
	case errors.Is(err, io.EOF):
		return fmt.Errorf("revision %q goes back past the first commit: the history has fewer commits (or parents) than it asks for", rev)
	case errors.Is(err, plumbing.ErrReferenceNotFound):
		if _, herr := r.repo.Head(); errors.Is(herr, plumbing.ErrReferenceNotFound) && rev == "HEAD" {
			return errors.New("the git repository has no commits yet: commit the files first")
		}
		msg := fmt.Sprintf("unknown revision %q: it is not a branch, tag, remote branch or commit of this clone; "+
			"fetch it first (a branch: git fetch origin BRANCH, then use origin/BRANCH; tags: git fetch --tags; "+
			"a commit: git fetch origin COMMIT), and check it with git rev-parse %s", rev, rev)
		if shallow {
			msg += "; also, " + shallowHint
		}
		return errors.New(msg)
	}
	return fmt.Errorf("resolving revision %q: %w (give a branch, tag, HEAD~N, origin/BRANCH or a commit hash)", rev, err)
}
