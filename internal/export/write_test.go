package export_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/export"
)

func TestWriteDir(t *testing.T) {
	files := []export.File{{Path: "glue-sync.yaml", Data: []byte("version: 1\n")}, {Path: "assets/acme/router.yaml", Data: []byte("kind: x\n")}}
	for _, tc := range []struct {
		name    string
		prepare func(t *testing.T, dir string)
		force   bool
		wantErr error // nil: success
		anyErr  bool
	}{
		{name: "missing directory is created"},
		{name: "empty directory", prepare: func(t *testing.T, dir string) { mkdir(t, dir) }},
		{name: "non-empty refused", prepare: func(t *testing.T, dir string) { write(t, filepath.Join(dir, "x"), "x") }, wantErr: export.ErrNotEmpty},
		{name: "a fresh git init is empty", prepare: func(t *testing.T, dir string) { write(t, filepath.Join(dir, ".git", "HEAD"), "x") }},
		{name: "other hidden files count", prepare: func(t *testing.T, dir string) { write(t, filepath.Join(dir, ".github", "ci.yml"), "x") }, wantErr: export.ErrNotEmpty},
		{name: "non-empty with force", prepare: func(t *testing.T, dir string) { write(t, filepath.Join(dir, "glue-sync.yaml"), "old") }, force: true},
		{name: "a file, not a directory", prepare: func(t *testing.T, dir string) { write(t, dir, "x") }, anyErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "repo")
			if tc.prepare != nil {
				tc.prepare(t, dir)
			}
			err := export.WriteDir(dir, files, tc.force)
			switch {
			case tc.wantErr != nil || tc.anyErr:
				if err == nil || (tc.wantErr != nil && !errors.Is(err, tc.wantErr)) {
					t.Fatalf("err = %v, want %v", err, tc.wantErr)
				}
				if _, serr := os.Stat(filepath.Join(dir, "assets")); serr == nil {
					t.Errorf("a refused write created files")
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			for _, f := range files {
				b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
				if err != nil || string(b) != string(f.Data) {
					t.Errorf("%s = %q, %v; want %q", f.Path, b, err, f.Data)
				}
			}
		})
	}
}

func mkdir(t *testing.T, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	mkdir(t, filepath.Dir(path))
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWriteDirLeavesNothingOnFailure checks that a write that fails part
// way (here: a name the file system refuses, after other files) leaves no
// partial export behind, neither in the target nor beside it.
func TestWriteDirLeavesNothingOnFailure(t *testing.T) {
	files := []export.File{
		{Path: "glue-sync.yaml", Data: []byte("version: 1\n")},
		{Path: "assets/acme/router.yaml", Data: []byte("kind: x\n")},
		{Path: "assets/" + strings.Repeat("x", 300) + ".yaml", Data: []byte("kind: x\n")},
	}
	for _, existing := range []bool{false, true} {
		parent := t.TempDir()
		dir := filepath.Join(parent, "repo")
		if existing {
			mkdir(t, dir)
		}
		if err := export.WriteDir(dir, files, false); err == nil {
			t.Fatalf("existing %v: WriteDir succeeded; want the long name refused", existing)
		}
		entries, _ := os.ReadDir(parent)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		want := []string(nil)
		if existing {
			want = []string{"repo"}
		}
		if !slices.Equal(names, want) {
			t.Errorf("existing %v: %s holds %q after the failure; want %q", existing, parent, names, want)
		}
		if existing {
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("the existing folder holds %d entries after the failure; want none", len(left))
			}
		}
	}
}
