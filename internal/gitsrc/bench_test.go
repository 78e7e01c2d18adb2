package gitsrc_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/glue-sync/glue-sync/internal/gitsrc"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// BenchmarkLoad compares loading examples/repo from the work tree with
// loading it from a commit (loose objects, as go-git writes them; the
// commit is resolved once, as the CLI does).
func BenchmarkLoad(b *testing.B) {
	r := newTestRepo(b)
	r.CopyDir(filepath.Join("..", "..", "examples", "repo"), "examples/repo")
	r.Commit("add the repository")
	ctx := context.Background()
	b.Run("worktree", func(b *testing.B) {
		fsys := os.DirFS(r.Dir)
		for b.Loop() {
			if _, diags := spec.Load(ctx, fsys, "examples/repo"); diags.HasErrors() {
				b.Fatal(diags)
			}
		}
	})
	b.Run("commit", func(b *testing.B) {
		repo, err := gitsrc.Open(r.Dir)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			c, err := repo.Resolve(ctx, "HEAD")
			if err != nil {
				b.Fatal(err)
			}
			if _, diags := spec.Load(ctx, c.FS(), "examples/repo"); diags.HasErrors() {
				b.Fatal(diags)
			}
		}
	})
}
