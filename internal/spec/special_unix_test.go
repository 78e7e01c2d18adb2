//go:build unix

package spec

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// loadNoHang loads dir and fails if Load has not returned within a
// generous bound: the hazard under test is a read that never returns.
func loadNoHang(t *testing.T, dir string) Diagnostics {
	t.Helper()
	var diags Diagnostics
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, diags = LoadDir(context.Background(), dir)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("LoadDir blocked on a named pipe")
	}
	return diags
}

func fifo(t *testing.T, p string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes on disk on Windows")
	}
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
}

// TestLoadDirSpecialFiles checks that named pipes and oversized Upload
// files are reported at their position instead of blocking or being read.
func TestLoadDirSpecialFiles(t *testing.T) {
	base, err := os.ReadFile("testdata/base/base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	asset := func(upload string) []byte {
		return []byte("kind: FlexibleAsset\norganization: Contoso\ntype: Server\ntraits:\n  Hostname: FS01\n  Diagram: {file: " + upload + "}\n")
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, repo string)
		want  string // with REPO for the repository path
	}{
		{"named pipe as a YAML document", func(t *testing.T, repo string) {
			fifo(t, filepath.Join(repo, "pipe.yaml"))
		}, "REPO/pipe.yaml: pipe.yaml ends in .yaml but is a named pipe, not a regular file (remove it, or replace it with a regular file)\n"},
		{"link to a named pipe", func(t *testing.T, repo string) {
			fifo(t, filepath.Join(repo, ".pipe"))
			symlink(t, ".pipe", filepath.Join(repo, "linked.yaml"))
		}, "REPO/linked.yaml: symbolic link leads to a named pipe (\".pipe\"), not a regular file (remove the link, or point it at a regular file)\n"},
		{"named pipe as an Upload", func(t *testing.T, repo string) {
			fifo(t, filepath.Join(repo, "diagram.png"))
			write(t, filepath.Join(repo, "a.yaml"), asset("diagram.png"))
		}, "REPO/a.yaml:6:12: trait \"Diagram\": file \"diagram.png\" is a named pipe, not a regular file (give a regular file)\n"},
		{"Upload over the API's limit", func(t *testing.T, repo string) {
			f, err := os.Create(filepath.Join(repo, "big.bin"))
			if err != nil {
				t.Fatal(err)
			}
			if err := f.Truncate(8 << 20); err != nil { // sparse: no 8 MiB written
				t.Fatal(err)
			}
			f.Close()
			write(t, filepath.Join(repo, "a.yaml"), asset("big.bin"))
		}, "REPO/a.yaml:6:12: trait \"Diagram\": file \"big.bin\" is 8 MiB, larger than 7.5 MiB (IT Glue takes at most 10 MB in one request, and an Upload is sent base64-encoded inside it: attach a smaller file)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo := t.TempDir()
			write(t, filepath.Join(repo, "base.yaml"), base)
			tt.setup(t, repo)
			diags := loadNoHang(t, repo)
			got := strings.ReplaceAll(diags.String(), filepath.ToSlash(repo), "REPO")
			if got != tt.want {
				t.Errorf("diagnostics:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
