package gitsrc_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/glue-sync/glue-sync/internal/gitsrc"
)

func TestResolve(t *testing.T) {
	r := newTestRepo(t)
	r.Write(map[string]string{"a.yaml": "one\n"})
	first := r.Commit("first")
	r.Tag("v1", first)
	if _, err := r.Git.CreateTag("v1-annotated", plumbing.NewHash(first), &git.CreateTagOptions{
		Tagger: &object.Signature{Name: "Test", Email: "test@example.com", When: r.Now()}, Message: "release 1"}); err != nil {
		t.Fatal(err)
	}
	r.Write(map[string]string{"a.yaml": "two\n"})
	second := r.Commit("second")
	// A remote-tracking branch, as a fetch would leave it.
	ref := plumbing.NewHashReference(plumbing.NewRemoteReferenceName("origin", "main"), plumbing.NewHash(first))
	if err := r.Git.Storer.SetReference(ref); err != nil {
		t.Fatal(err)
	}
	repo, err := gitsrc.Open(filepath.Join(r.Dir, "some", "folder"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		rev, want, content string
	}{
		{"HEAD", second, "two\n"},
		{"master", second, "two\n"},
		{"HEAD~1", first, "one\n"},
		{"v1", first, "one\n"},
		{"v1-annotated", first, "one\n"},
		{"v1^{commit}", first, "one\n"},
		{"HEAD^{/first}", first, "one\n"},
		{"refs/tags/v1", first, "one\n"},
		{"origin/main", first, "one\n"},
		{first[:8], first, "one\n"},
		{second, second, "two\n"},
	}
	for _, tt := range tests {
		t.Run(tt.rev, func(t *testing.T) {
			c, err := repo.Resolve(context.Background(), tt.rev)
			if err != nil {
				t.Fatal(err)
			}
			if c.Hash != tt.want {
				t.Errorf("Hash = %s; want %s", c.Hash, tt.want)
			}
			b, err := os.ReadFile(filepath.Join(r.Dir, "a.yaml"))
			if err != nil || string(b) != "two\n" {
				t.Fatalf("the work tree changed: %q, %v", b, err)
			}
			got, err := readFS(c, "a.yaml")
			if err != nil || got != tt.content {
				t.Errorf("a.yaml at %s = %q, %v; want %q", tt.rev, got, err, tt.content)
			}
		})
	}
	if h, err := repo.Head(context.Background()); err != nil || h != second {
		t.Errorf("Head = %s, %v; want %s", h, err, second)
	}
}

func TestOpenAndResolveErrors(t *testing.T) {
	empty := newTestRepo(t)
	r := newTestRepo(t)
	r.Write(map[string]string{"a.yaml": "one\n"})
	r.Commit("first")
	tests := []struct {
		name, dir, rev string
		want           []string
	}{
		{"not a repository", t.TempDir(), "HEAD", []string{"is not inside a git repository", "drop --ref"}},
		{"unknown revision", r.Dir, "nosuchbranch", []string{`unknown revision "nosuchbranch"`, "git fetch origin BRANCH", "git fetch --tags"}},
		{"past the first commit", r.Dir, "HEAD~3", []string{`revision "HEAD~3" goes back past the first commit`}},
		{"no second parent", r.Dir, "HEAD^2", []string{`revision "HEAD^2" goes back past the first commit`}},
		{"no commits", empty.Dir, "HEAD", []string{"no commits yet"}},
		{"reflog", r.Dir, "HEAD@{1}", []string{"@{...} (reflog, upstream, date) is not supported", "git rev-parse HEAD@{1}"}},
		{"a path", r.Dir, "HEAD:a.yaml", []string{"REV:PATH names a file"}},
		{"a tree", r.Dir, "HEAD^{tree}", []string{"only ^{commit} and ^{/TEXT}"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo, err := gitsrc.Open(tt.dir)
			if err == nil {
				_, err = repo.Resolve(context.Background(), tt.rev)
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// makeShallow turns r into a shallow clone cut at hash: hash is listed in
// .git/shallow and its parent commits are removed, as git fetch --depth
// leaves it.
func makeShallow(t *testing.T, r *testRepo, hash string) {
	t.Helper()
	c, err := r.Git.CommitObject(plumbing.NewHash(hash))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Git.Storer.SetShallow([]plumbing.Hash{c.Hash}); err != nil {
		t.Fatal(err)
	}
	err = c.Parents().ForEach(func(p *object.Commit) error {
		h := p.Hash.String()
		return os.Remove(filepath.Join(r.Dir, ".git", "objects", h[:2], h[2:]))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestShallowClone(t *testing.T) {
	r := newTestRepo(t)
	r.Write(map[string]string{"a.yaml": "one\n"})
	r.Commit("first")
	r.Write(map[string]string{"a.yaml": "two\n"})
	second := r.Commit("second")
	makeShallow(t, r, second)
	repo, err := gitsrc.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := repo.Resolve(context.Background(), "HEAD"); err != nil || c.Hash != second {
		t.Fatalf("Resolve(HEAD) = %v, %v; want the shallow tip", c, err)
	}
	for _, rev := range []string{"HEAD~1", "origin/main"} {
		_, err := repo.Resolve(context.Background(), rev)
		if err == nil || !strings.Contains(err.Error(), "fetch-depth: 0") || !strings.Contains(err.Error(), "shallow clone") {
			t.Errorf("Resolve(%s) = %v; want the shallow clone advice", rev, err)
		}
	}
}

// readFS reads a file from the commit's file system.
func readFS(c *gitsrc.Commit, name string) (string, error) {
	b, err := fs.ReadFile(c.FS(), name)
	return string(b), err
}
