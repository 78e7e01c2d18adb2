package clitest

import (
	"os"
	"path/filepath"
	"testing"
)

// CopyDir copies the folder src to a new temporary folder named like src
// and applies edits (slash path -> new content; "" deletes the file). It
// returns the copy's path.
func CopyDir(t testing.TB, src string, edits map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	writes := map[string]string{}
	for path, content := range edits {
		if content != "" {
			writes[path] = content
			continue
		}
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(path))); err != nil {
			t.Fatal(err)
		}
	}
	WriteFiles(t, dir, writes)
	return dir
}

// WriteFiles writes files (slash path -> content) under dir, making the
// folders they need.
func WriteFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for path, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
