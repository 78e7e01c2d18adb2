package cli

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestGitCommit(t *testing.T) {
	t.Parallel()
	const a = "0123456789abcdef0123456789abcdef01234567"
	const b = "89abcdef0123456789abcdef0123456789abcdef"
	tests := []struct {
		name  string
		files map[string]string // paths under the root; the repository is root/repo
		want  string
	}{
		{"loose ref", map[string]string{".git/HEAD": "ref: refs/heads/main\n", ".git/refs/heads/main": a + "\n"}, a},
		{"packed ref", map[string]string{".git/HEAD": "ref: refs/heads/main\n",
			".git/packed-refs": "# pack-refs with: peeled fully-peeled sorted\n" + b + " refs/heads/dev\n" + a + " refs/heads/main\n"}, a},
		{"detached", map[string]string{".git/HEAD": b + "\n"}, b},
		{"worktree", map[string]string{".git": "gitdir: main/.git/worktrees/wt\n",
			"main/.git/worktrees/wt/HEAD": "ref: refs/heads/feature\n", "main/.git/worktrees/wt/commondir": "../..\n",
			"main/.git/refs/heads/feature": b + "\n"}, b},
		{"unborn branch", map[string]string{".git/HEAD": "ref: refs/heads/main\n"}, ""},
		{"garbage", map[string]string{".git/HEAD": "not a ref\n"}, ""},
		{"not a repository", map[string]string{"README": "x"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			for p, content := range tt.files {
				full := filepath.Join(root, filepath.FromSlash(p))
				if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			repo := filepath.Join(root, "repo")
			if err := os.MkdirAll(repo, 0o755); err != nil {
				t.Fatal(err)
			}
			if got := gitCommit(&deps{ctx: context.Background()}, repo); got != tt.want {
				t.Errorf("gitCommit = %q; want %q", got, tt.want)
			}
		})
	}
}
