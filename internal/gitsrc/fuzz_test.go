package gitsrc_test

import (
	"context"
	"io/fs"
	"testing"

	"github.com/glue-sync/glue-sync/internal/gitsrc"
)

// FuzzCommitFS looks paths up in a commit with links in every shape and
// checks that nothing panics and that Open and Stat agree.
func FuzzCommitFS(f *testing.F) {
	r := newTestRepo(f)
	r.Write(map[string]string{"repo/a.yaml": "a\n", "repo/sub/b.yaml": "b\n", "top.yaml": "t\n"})
	r.Symlink("repo/up", "..")
	r.Symlink("repo/self", ".")
	r.Symlink("repo/loop", "loop")
	r.Symlink("repo/out", "../../x")
	r.Symlink("repo/sub/back.yaml", "../a.yaml")
	r.Commit("first")
	repo, err := gitsrc.Open(r.Dir)
	if err != nil {
		f.Fatal(err)
	}
	c, err := repo.Resolve(context.Background(), "HEAD")
	if err != nil {
		f.Fatal(err)
	}
	fsys := c.FS()
	for _, s := range []string{".", "repo/up/top.yaml", "repo/self/self/a.yaml", "repo/loop", "repo/out", "repo/sub/back.yaml", "repo/a.yaml/x", "../x", "repo//a.yaml"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		file, openErr := fsys.Open(name)
		info, statErr := fs.Stat(fsys, name)
		if (openErr == nil) != (statErr == nil) {
			t.Fatalf("Open(%q) = %v but Stat = %v", name, openErr, statErr)
		}
		if openErr == nil {
			fi, err := file.Stat()
			if err != nil || fi.IsDir() != info.IsDir() || fi.Size() != info.Size() {
				t.Errorf("%q: file.Stat = %v, %v; Stat = %v", name, fi, err, info)
			}
			file.Close()
		}
		_, _ = fsys.(fs.ReadLinkFS).ReadLink(name)
		_, _ = fsys.(fs.ReadLinkFS).Lstat(name)
		_, _ = fs.ReadDir(fsys, name)
	})
}
