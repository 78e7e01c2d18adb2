package export

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrNotEmpty is returned by WriteDir for a directory that already holds
// files when force is false.
var ErrNotEmpty = errors.New("the directory is not empty")

// WriteDir writes files under dir, creating it and its sub-folders. It
// refuses a directory that holds anything but a .git folder unless force
// is set; with force, files of the same path are replaced and other files
// are left alone.
//
// Every file is first written to a staging folder beside dir; only when
// all are written are they moved into place (the staging folder renamed
// to dir when dir is new), so a failure part way (a name the file system
// refuses, a full disk) leaves dir as it was, never a partial export. Each
// file is either its old or its new content, never half.
func WriteDir(dir string, files []File, force bool) error {
	entries, err := os.ReadDir(dir)
	exists := true
	switch {
	case errors.Is(err, fs.ErrNotExist):
		exists = false
	case err != nil:
		return fmt.Errorf("reading %s: %w", dir, err)
	case !force:
		n := 0
		for _, e := range entries {
			if e.Name() != ".git" { // a fresh "git init" is as good as empty
				n++
			}
		}
		if n > 0 {
			return fmt.Errorf("%s: %w (it has %d entries); choose an empty or new directory, or add --force to overwrite files of the same name", dir, ErrNotEmpty, n)
		}
	}
	if len(files) == 0 {
		return nil
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	stage, err := os.MkdirTemp(parent, ".glue-sync-export-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", dir, err)
	}
	defer os.RemoveAll(stage) // empty, or gone, after success
	for _, f := range files {
		if err := writeAtomic(filepath.Join(stage, filepath.FromSlash(f.Path)), f.Data); err != nil {
			return fmt.Errorf("%w; nothing was written to %s", err, dir)
		}
	}
	if !exists {
		if err := os.Chmod(stage, 0o755); err != nil {
			return fmt.Errorf("writing %s: %w", dir, err)
		}
		if err := os.Rename(stage, dir); err != nil {
			return fmt.Errorf("writing %s: %w; nothing was written", dir, err)
		}
		return nil
	}
	for _, f := range files {
		rel := filepath.FromSlash(f.Path)
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("writing %s: %w", dst, err)
		}
		if err := os.Rename(filepath.Join(stage, rel), dst); err != nil {
			return fmt.Errorf("writing %s: %w", dst, err)
		}
	}
	return nil
}

func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".glue-sync-export-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
