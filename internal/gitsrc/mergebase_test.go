package gitsrc_test

import (
	"context"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"

	"github.com/glue-sync/glue-sync/internal/gitsrc"
)

// branchRepo builds main: base -> m2, and feature: base -> f1, returning
// the base commit's hash.
func branchRepo(t *testing.T) (*testRepo, string) {
	t.Helper()
	r := newTestRepo(t)
	r.Write(map[string]string{"a.yaml": "base\n"})
	base := r.Commit("base")
	r.Write(map[string]string{"a.yaml": "main\n"})
	r.Commit("main change")
	wt, err := r.Git.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if err := wt.Checkout(&git.CheckoutOptions{Hash: plumbing.NewHash(base), Branch: plumbing.NewBranchReferenceName("feature"), Create: true}); err != nil {
		t.Fatal(err)
	}
	r.Write(map[string]string{"a.yaml": "feature\n"})
	r.Commit("feature change")
	return r, base
}

func TestMergeBase(t *testing.T) {
	r, base := branchRepo(t)
	repo, err := gitsrc.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.MergeBase(context.Background(), "master", "feature")
	if err != nil {
		t.Fatal(err)
	}
	if c.Hash != base {
		t.Errorf("merge base = %s; want %s", c.Hash, base)
	}
	if got, err := readFS(c, "a.yaml"); err != nil || got != "base\n" {
		t.Errorf("a.yaml at the merge base = %q, %v", got, err)
	}
	if _, err := repo.MergeBase(context.Background(), "master", "nosuch"); err == nil || !strings.Contains(err.Error(), "unknown revision") {
		t.Errorf("MergeBase with an unknown head = %v; want unknown revision", err)
	}
}

func TestMergeBaseShallow(t *testing.T) {
	r, _ := branchRepo(t)
	feature, err := r.Git.ResolveRevision("feature")
	if err != nil {
		t.Fatal(err)
	}
	master, err := r.Git.ResolveRevision("master")
	if err != nil {
		t.Fatal(err)
	}
	// Both tips fetched with depth 1: their common parent is missing.
	makeShallow(t, r, feature.String())
	if err := r.Git.Storer.SetShallow([]plumbing.Hash{*feature, *master}); err != nil {
		t.Fatal(err)
	}
	repo, err := gitsrc.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = repo.MergeBase(context.Background(), "master", "feature")
	if err == nil || !strings.Contains(err.Error(), "fetch-depth: 0") {
		t.Errorf("MergeBase in a shallow clone = %v; want the fetch-depth: 0 advice", err)
	}
}
