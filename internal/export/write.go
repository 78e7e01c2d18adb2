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
// is set; with force,
// files of the same path are replaced and other files are left alone.
// Each file is written to a temporary file beside it and renamed into
// place, so a file is either its old or its new content, never half.
func WriteDir(dir string, files []File, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
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
	for _, f := range files {
		if err := writeAtomic(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data); err != nil {
			return err
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
