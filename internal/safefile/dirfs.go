package safefile

import (
	"io/fs"
	"os"
	"path"
	"runtime"
)

// DirFS is os.DirFS(dir), except that Open refuses, without blocking, a
// file that is neither a regular file nor a folder (see Open). It keeps
// os.DirFS's ReadDir, Stat, ReadLink and Lstat.
func DirFS(dir string) fs.FS {
	base := os.DirFS(dir)
	if runtime.GOOS == "windows" {
		return base // no named pipes on disk; os.DirFS checks Windows names
	}
	return dirFS{base: base, dir: dir}
}

// osFS is what os.DirFS implements besides Open.
type osFS interface {
	fs.ReadDirFS
	fs.StatFS
	fs.ReadLinkFS
}

type dirFS struct {
	base fs.FS
	dir  string
}

func (d dirFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	f, err := os.OpenFile(path.Join(d.dir, name), os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrap(err)}
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrap(err)}
	}
	if !fi.Mode().IsRegular() && !fi.IsDir() {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: &NotRegularError{Mode: fi.Mode().Type()}}
	}
	return f, nil
}

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return d.base.(osFS).ReadDir(name) }
func (d dirFS) Stat(name string) (fs.FileInfo, error)      { return d.base.(osFS).Stat(name) }
func (d dirFS) ReadLink(name string) (string, error)       { return d.base.(osFS).ReadLink(name) }
func (d dirFS) Lstat(name string) (fs.FileInfo, error)     { return d.base.(osFS).Lstat(name) }

func unwrap(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
