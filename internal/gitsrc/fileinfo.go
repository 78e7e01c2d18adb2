package gitsrc

import (
	"io"
	"io/fs"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// info describes n: blobs and links carry their size, folders and
// submodules none; every modification time is the commit's. The caller
// holds f.mu.
func (f *treeFS) info(n node) (fs.FileInfo, error) {
	fi := &fileInfo{name: n.name, mtime: f.mtime}
	switch n.mode {
	case filemode.Dir:
		fi.mode = fs.ModeDir | 0o555
	case filemode.Submodule:
		fi.mode = fs.ModeDir | 0o555
		fi.sub = true
	case filemode.Symlink:
		fi.mode = fs.ModeSymlink | 0o777
	case filemode.Executable:
		fi.mode = 0o555
	default:
		fi.mode = 0o444
	}
	if n.mode != filemode.Dir && n.mode != filemode.Submodule {
		size, err := f.s.EncodedObjectSize(n.hash)
		if err != nil {
			return nil, err
		}
		fi.size = size
	}
	return fi, nil
}

// fileInfo is the fs.FileInfo of a tree entry.
type fileInfo struct {
	name  string
	size  int64
	mode  fs.FileMode
	mtime time.Time
	sub   bool
}

func (i *fileInfo) Name() string       { return i.name }
func (i *fileInfo) Size() int64        { return i.size }
func (i *fileInfo) Mode() fs.FileMode  { return i.mode }
func (i *fileInfo) ModTime() time.Time { return i.mtime }
func (i *fileInfo) IsDir() bool        { return i.mode.IsDir() }

// Sys reports whether the entry is a git submodule.
func (i *fileInfo) Sys() any { return i.sub }

// blobFile is an open file. Reads take the repository's lock.
type blobFile struct {
	mu   *sync.Mutex
	info fs.FileInfo
	rc   io.ReadCloser
}

func (b *blobFile) Stat() (fs.FileInfo, error) { return b.info, nil }

func (b *blobFile) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.rc == nil {
		return 0, fs.ErrClosed
	}
	return b.rc.Read(p)
}

func (b *blobFile) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.rc == nil {
		return fs.ErrClosed
	}
	err := b.rc.Close()
	b.rc = nil
	return err
}

// dirFile is an open folder.
type dirFile struct {
	f       *treeFS
	info    fs.FileInfo
	entries []object.TreeEntry
	list    []fs.DirEntry // built on the first ReadDir
	read    bool
	off     int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return d.info, nil }

func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.Name(), Err: fs.ErrInvalid}
}

func (d *dirFile) Close() error { return nil }

// ReadDir reads the folder's entries in name order (see fs.ReadDirFile).
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if d.info.Sys() == true {
		return nil, &fs.PathError{Op: "readdir", Path: d.info.Name(), Err: errSubmodule}
	}
	if !d.read {
		d.f.mu.Lock()
		list, err := d.f.entries(d.entries)
		d.f.mu.Unlock()
		if err != nil {
			return nil, &fs.PathError{Op: "readdir", Path: d.info.Name(), Err: err}
		}
		d.list, d.read = list, true
	}
	rest := d.list[d.off:]
	if n <= 0 {
		d.off = len(d.list)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	rest = rest[:min(n, len(rest))]
	d.off += len(rest)
	return rest, nil
}
