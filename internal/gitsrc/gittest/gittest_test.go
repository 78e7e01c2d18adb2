package gittest_test

import (
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
