package gitsrc_test

import (
	"context"
	"errors"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/glue-sync/glue-sync/internal/gitsrc"
)

func TestCommitFS(t *testing.T) {
	r := newTestRepo(t)
	r.Write(map[string]string{
		"README.md":             "top\n",
		"repo/glue-sync.yaml":   "version: 1\n",
		"repo/orgs/acme.yaml":   "kind: Organization\n",
		"repo/orgs/deep/b.yml":  "b\n",
		"repo/.hidden/x.yaml":   "x\n",
		"repo/files/readme.txt": strings.Repeat("y", 5000),
	})
	r.Symlink("repo/link.yaml", "orgs/acme.yaml")
	r.Symlink("repo/linkdir", "orgs/deep")
	hash := r.Commit("first")

	testCommitFS(t, r, hash)
	// Clones hold their objects in pack files, not loose. go-git's own
	// RepackObjects fails on this repository, so git packs it when present.
	gitBin, err := exec.LookPath("git")
	if err != nil {
		t.Skip("git is not installed: pack files not tested")
	}
	// repack -a -d packs every object and removes the loose ones: the part
	// of git gc that matters here, at a quarter of its CPU (gc's other
	// housekeeping is several more processes).
	if out, err := exec.Command(gitBin, "-C", r.Dir, "repack", "-a", "-d", "-q").CombinedOutput(); err != nil {
		t.Fatalf("git repack: %v\n%s", err, out)
	}
	if m, _ := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "pack", "*.pack")); len(m) == 0 {
		t.Fatal("no pack file after git repack")
	}
	if m, _ := filepath.Glob(filepath.Join(r.Dir, ".git", "objects", "??", "*")); len(m) > 0 {
		t.Fatalf("loose objects left after git repack: %v", m)
	}
	testCommitFS(t, r, hash)
}

func testCommitFS(t *testing.T, r *testRepo, hash string) {
	t.Helper()
	repo, err := gitsrc.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.Resolve(context.Background(), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if c.Hash != hash {
		t.Errorf("Hash = %s; want %s", c.Hash, hash)
	}
	fsys := c.FS()
	if err := fstest.TestFS(fsys, "README.md", "repo/glue-sync.yaml", "repo/orgs/acme.yaml", "repo/orgs/deep/b.yml",
		"repo/.hidden/x.yaml", "repo/files/readme.txt", "repo/link.yaml", "repo/linkdir"); err != nil {
		t.Fatal(err)
	}

	// Links are links to Lstat and ReadLink, and followed by Open and Stat.
	rl := fsys.(fs.ReadLinkFS)
	if fi, err := rl.Lstat("repo/link.yaml"); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("Lstat(link.yaml) = %v, %v; want a symbolic link", fi, err)
	}
	if target, err := rl.ReadLink("repo/link.yaml"); err != nil || target != "orgs/acme.yaml" {
		t.Errorf("ReadLink = %q, %v; want orgs/acme.yaml", target, err)
	}
	if b, err := fs.ReadFile(fsys, "repo/link.yaml"); err != nil || string(b) != "kind: Organization\n" {
		t.Errorf("reading through the link = %q, %v", b, err)
	}
	if b, err := fs.ReadFile(fsys, "repo/linkdir/b.yml"); err != nil || string(b) != "b\n" {
		t.Errorf("reading through a linked folder = %q, %v", b, err)
	}
	if fi, err := fs.Stat(fsys, "repo/linkdir"); err != nil || !fi.IsDir() || fi.Name() != "linkdir" {
		t.Errorf("Stat(linkdir) = %v, %v; want the folder named linkdir", fi, err)
	}
	if fi, err := fs.Stat(fsys, "repo/files/readme.txt"); err != nil || fi.Size() != 5000 || !fi.ModTime().Equal(c.When) {
		t.Errorf("Stat(readme.txt) = %v, %v; want 5000 bytes at the commit time", fi, err)
	}
}

func TestCommitFSErrors(t *testing.T) {
	r := newTestRepo(t)
	r.Write(map[string]string{"repo/a.yaml": "a\n", "secret.yaml": "s\n"})
	// go-git stores an absolute link target relative to the work tree,
	// so only a relative escape can be built here.
	r.Symlink("repo/out.yaml", "../../etc/passwd")
	r.Symlink("repo/up.yaml", "../secret.yaml")
	r.Symlink("repo/loop.yaml", "loop.yaml")
	r.Commit("first")
	repo, err := gitsrc.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.Resolve(context.Background(), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	fsys := c.FS()
	tests := []struct {
		name string
		want string
		is   error
	}{
		{"repo/missing.yaml", "file does not exist", fs.ErrNotExist},
		{"repo/a.yaml/x", "file does not exist", fs.ErrNotExist},
		{"/repo/a.yaml", "invalid argument", fs.ErrInvalid},
		{"repo/out.yaml", "leads outside the git repository", nil},
		{"repo/loop.yaml", "more than 40 symbolic links", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := fsys.Open(tt.name)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Open(%s) = %v; want an error containing %q", tt.name, err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("Open(%s) = %v; want errors.Is %v", tt.name, err, tt.is)
			}
		})
	}
	// A link to a file elsewhere in the git repository is readable: the
	// glue-sync loader decides whether it stays inside its root.
	if b, err := fs.ReadFile(fsys, "repo/up.yaml"); err != nil || string(b) != "s\n" {
		t.Errorf("reading repo/up.yaml = %q, %v", b, err)
	}
}
