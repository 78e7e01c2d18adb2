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
	fi := &fileInfo{name: n.name, mtime: f.mtime, mode: modeOf(n.mode), sub: n.mode == filemode.Submodule}
	if n.mode != filemode.Dir && n.mode != filemode.Submodule {
		size, err := f.s.EncodedObjectSize(n.hash)
		if err != nil {
			return nil, err
		}
		fi.size = size
	}
	return fi, nil
}

// modeOf maps a git file mode to fs permissions and type: a submodule
// is a folder.
func modeOf(m filemode.FileMode) fs.FileMode {
	switch m {
	case filemode.Dir, filemode.Submodule:
		return fs.ModeDir | 0o555
	case filemode.Symlink:
		return fs.ModeSymlink | 0o777
	case filemode.Executable:
		return 0o555
	}
	return 0o444
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

// dirEntry is a folder's entry; its Info is read on demand.
type dirEntry struct {
	f *treeFS
	n node
}

func (e *dirEntry) Name() string      { return e.n.name }
func (e *dirEntry) IsDir() bool       { return e.Type().IsDir() }
func (e *dirEntry) Type() fs.FileMode { return modeOf(e.n.mode).Type() }
func (e *dirEntry) String() string    { return fs.FormatDirEntry(e) }

func (e *dirEntry) Info() (fs.FileInfo, error) {
	e.f.mu.Lock()
	defer e.f.mu.Unlock()
	info, err := e.f.info(e.n)
	if err != nil {
		return nil, &fs.PathError{Op: "stat", Path: e.n.name, Err: err}
	}
	return info, nil
}

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
		d.list, d.read = d.f.entries(d.entries), true
		d.f.mu.Unlock()
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
