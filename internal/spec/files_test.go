package spec

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadDirFileRules covers what only a real directory has: symbolic
// links, sizes, encodings.
func TestLoadDirFileRules(t *testing.T) {
	org := []byte("kind: Organization\nname: Linked\n")
	tests := []struct {
		name  string
		setup func(t *testing.T, repo, outside string)
		want  string // diagnostics, with REPO for the repository path
		orgs  int
	}{
		{"bom is accepted", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "a.yaml"), append([]byte("\xef\xbb\xbf"), org...))
		}, "", 1},
		{"file over 4 MiB", func(t *testing.T, repo, _ string) {
			// One byte over the limit, as a sparse file: the size edge
			// without writing (or, under -race, copying) megabytes.
			big := filepath.Join(repo, "big.yaml")
			write(t, big, []byte("# padding\n"))
			if err := os.Truncate(big, MaxFileSize+1); err != nil {
				t.Fatal(err)
			}
		}, "REPO/big.yaml: file is larger than 4 MiB (split it into several files)\n", 0},
		{"symlink out of the repository", func(t *testing.T, repo, outside string) {
			write(t, filepath.Join(outside, "secret.yaml"), org)
			symlink(t, filepath.Join(outside, "secret.yaml"), filepath.Join(repo, "evil.yaml"))
		}, "REPO/evil.yaml: symbolic link points outside the repository (to \"OUTSIDE/secret.yaml\") (copy the file into the repository, or remove the link)\n", 0},
		{"relative symlink escaping", func(t *testing.T, repo, outside string) {
			write(t, filepath.Join(outside, "secret.yaml"), org)
			rel, _ := filepath.Rel(repo, filepath.Join(outside, "secret.yaml"))
			symlink(t, rel, filepath.Join(repo, "evil.yaml"))
		}, "REPO/evil.yaml: symbolic link points outside the repository (to \"../outside/secret.yaml\") (copy the file into the repository, or remove the link)\n", 0},
		{"chain of links ending outside", func(t *testing.T, repo, outside string) {
			write(t, filepath.Join(outside, "secret.yaml"), org)
			symlink(t, "../outside/secret.yaml", filepath.Join(repo, ".hop.yaml"))
			symlink(t, ".hop.yaml", filepath.Join(repo, "evil.yaml"))
		}, "REPO/evil.yaml: symbolic link points outside the repository (to \".hop.yaml\") (copy the file into the repository, or remove the link)\n", 0},
		{"link through a linked folder", func(t *testing.T, repo, outside string) {
			write(t, filepath.Join(outside, "secret.yaml"), org)
			symlink(t, outside, filepath.Join(repo, ".out"))
			symlink(t, ".out/secret.yaml", filepath.Join(repo, "evil.yaml"))
		}, "REPO/evil.yaml: symbolic link points outside the repository (to \".out/secret.yaml\") (copy the file into the repository, or remove the link)\n", 0},
		{"link loop", func(t *testing.T, repo, _ string) {
			symlink(t, "b.yaml", filepath.Join(repo, "a.yaml"))
			symlink(t, "a.yaml", filepath.Join(repo, "b.yaml"))
		}, "REPO/a.yaml: broken symbolic link (to \"b.yaml\") (fix or remove the link)\n" +
			"REPO/b.yaml: broken symbolic link (to \"a.yaml\") (fix or remove the link)\n", 0},
		{"chain of links staying inside", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "shared", "org.txt"), org)
			symlink(t, "shared", filepath.Join(repo, ".s"))
			symlink(t, ".s/../shared/org.txt", filepath.Join(repo, "alias.yaml"))
		}, "", 1},
		{"upload through a chain of links ending outside", func(t *testing.T, repo, outside string) {
			base, err := os.ReadFile("testdata/base/base.yaml")
			if err != nil {
				t.Fatal(err)
			}
			write(t, filepath.Join(repo, "base.yaml"), base)
			write(t, filepath.Join(repo, "asset.yaml"), []byte("kind: FlexibleAsset\norganization: Contoso\ntype: Server\n"+
				"traits:\n  Hostname: CON-FS01\n  Diagram: {file: net.svg}\n"))
			write(t, filepath.Join(outside, "net.svg"), []byte("<svg/>"))
			symlink(t, "../outside/net.svg", filepath.Join(repo, ".hop"))
			symlink(t, ".hop", filepath.Join(repo, "net.svg"))
		}, "REPO/asset.yaml:6:12: trait \"Diagram\": file \"net.svg\" is a symbolic link leading outside the repository (copy the file into the repository)\n", 2},
		{"symlink inside the repository", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "shared", "org.txt"), org)
			symlink(t, "shared/org.txt", filepath.Join(repo, "alias.yaml"))
		}, "", 1},
		{"broken symlink", func(t *testing.T, repo, _ string) {
			symlink(t, "gone.yaml", filepath.Join(repo, "alias.yaml"))
		}, "REPO/alias.yaml: broken symbolic link (to \"gone.yaml\") (fix or remove the link)\n", 0},
		{"symlinked folder", func(t *testing.T, repo, outside string) {
			write(t, filepath.Join(repo, "real", "org.yaml"), org)
			symlink(t, "real", filepath.Join(repo, "link.yaml"))
		}, "REPO/link.yaml: warning: symbolic link to a folder is not followed" + linkedFolderHint, 1},
		{"symlinked folder without a YAML extension", func(t *testing.T, repo, outside string) {
			write(t, filepath.Join(outside, "org.yaml"), org)
			symlink(t, outside, filepath.Join(repo, "shared"))
		}, "REPO/shared: warning: symbolic link to a folder is not followed" + linkedFolderHint, 0},
		{"symlink to a non-YAML file is ignored", func(t *testing.T, repo, outside string) {
			write(t, filepath.Join(outside, "notes.txt"), []byte("x"))
			symlink(t, filepath.Join(outside, "notes.txt"), filepath.Join(repo, "notes.txt"))
			write(t, filepath.Join(repo, "a.yaml"), org)
		}, "", 1},
		{"empty and comment-only files", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "empty.yaml"), nil)
			write(t, filepath.Join(repo, "comments.yaml"), []byte("# nothing yet\n---\n# still nothing\n"))
		}, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top := t.TempDir()
			repo, outside := filepath.Join(top, "repo"), filepath.Join(top, "outside")
			for _, d := range []string{repo, outside} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			tt.setup(t, repo, outside)
			ds, diags := LoadDir(context.Background(), repo)
			want := strings.NewReplacer("REPO", filepath.ToSlash(repo), "OUTSIDE", outside).Replace(tt.want)
			if diff := cmp.Diff(want, diags.String()); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			if ds != nil && len(ds.Organizations) != tt.orgs {
				t.Errorf("loaded %d organizations; want %d", len(ds.Organizations), tt.orgs)
			}
		})
	}
}

const linkedFolderHint = " (move or copy the files into the repository if glue-sync should read them)\n"

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symbolic links unavailable: %v", err)
	}
}

func TestLoadDirNotAFolder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "org.yaml")
	write(t, file, []byte("kind: Organization\nname: X\n"))
	ds, diags := LoadDir(context.Background(), file)
	want := filepath.ToSlash(file) + ": not a folder (give the repository's root folder)\n"
	if ds != nil || diags.String() != want {
		t.Errorf("got %v, %q; want nil and %q", ds, diags.String(), want)
	}
	ds, diags = LoadDir(context.Background(), t.TempDir())
	if ds == nil || diags.HasErrors() || !strings.Contains(diags.String(), "warning: no *.yaml or *.yml files found") {
		t.Errorf("empty folder: got %q; want only a warning", diags.String())
	}
}
