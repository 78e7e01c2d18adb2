package gittest_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/glue-sync/glue-sync/internal/gitsrc/gittest"
)

// TestRepoIsReproducible: the same commits give the same hashes.
func TestRepoIsReproducible(t *testing.T) {
	build := func() (string, string) {
		r := gittest.New(t)
		r.Write(map[string]string{"a.txt": "one"})
		first := r.Commit("first")
		r.Edit("a.txt", "one", "two")
		r.Tag("v1", first)
		return first, r.Commit("second")
	}
	a1, a2 := build()
	b1, b2 := build()
	if a1 != b1 || a2 != b2 || a1 == a2 {
		t.Errorf("hashes %s %s and %s %s; want the same two distinct hashes twice", a1, a2, b1, b2)
	}
}

// TestCopyIsIndependent: a copy has the original's commits, files and
// links, and a commit in the copy leaves the original as it was.
func TestCopyIsIndependent(t *testing.T) {
	r := gittest.New(t)
	r.Write(map[string]string{"a.txt": "one", "d/b.txt": "two"})
	r.Symlink("d/link", "b.txt")
	first := r.Commit("first")
	c := r.Copy(t)
	if head, err := c.Git.Head(); err != nil || head.Hash().String() != first {
		t.Fatalf("copy's HEAD = %v, %v; want %s", head, err, first)
	}
	if target, err := os.Readlink(filepath.Join(c.Dir, "d", "link")); err != nil || target != "b.txt" {
		t.Errorf("copy's link = %q, %v; want b.txt", target, err)
	}
	c.Edit("d/b.txt", "two", "three")
	second := c.Commit("second")
	if head, err := r.Git.Head(); err != nil || head.Hash().String() != first {
		t.Fatalf("original's HEAD after a commit in the copy = %v, %v; want %s", head, err, first)
	}
	// The same change in the original gives the same commit: the copy
	// kept the commit clock.
	r.Edit("d/b.txt", "two", "three")
	if again := r.Commit("second"); again != second {
		t.Errorf("the same commit in the original is %s, in the copy %s", again, second)
	}
	if b, err := os.ReadFile(filepath.Join(c.Dir, "a.txt")); err != nil || string(b) != "one" {
		t.Errorf("copy's a.txt = %q, %v", b, err)
	}
}
