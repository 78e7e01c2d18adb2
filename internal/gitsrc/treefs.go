package gitsrc

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// maxLinkHops bounds how many symbolic links one lookup follows.
const maxLinkHops = 40

var (
	// errLinkOutside says a symbolic link leads out of the commit's tree.
	errLinkOutside = errors.New("symbolic link leads outside the git repository")
	// errSubmodule says a path is a submodule, whose files are in another
	// repository.
	errSubmodule = errors.New("a git submodule, whose files are not in this repository's commit: copy the files into the repository")
)

// treeFS is a commit's tree as an fs.FS. mu is the repository's lock.
type treeFS struct {
	mu     *sync.Mutex
	s      storer.EncodedObjectStorer
	root   *object.Tree
	commit string
	mtime  time.Time
	trees  map[plumbing.Hash]*object.Tree // decoded folders, guarded by mu
}

var (
	_ fs.ReadDirFS  = (*treeFS)(nil)
	_ fs.StatFS     = (*treeFS)(nil)
	_ fs.ReadLinkFS = (*treeFS)(nil)
)

// node is one tree entry found by a lookup.
type node struct {
	name string
	mode filemode.FileMode
	hash plumbing.Hash
	tree *object.Tree // set for folders
}

// Open opens name, following symbolic links inside the tree.
func (f *treeFS) Open(name string) (fs.File, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, err := f.lookup("open", name, true)
	if err != nil {
		return nil, err
	}
	info, err := f.info(n)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if n.tree != nil {
		return &dirFile{f: f, info: info, entries: n.tree.Entries}, nil
	}
	if n.mode == filemode.Submodule {
		return nil, &fs.PathError{Op: "open", Path: name, Err: errSubmodule}
	}
	blob, err := object.GetBlob(f.s, n.hash)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	rc, err := blob.Reader()
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return &blobFile{mu: f.mu, info: info, rc: rc}, nil
}

// Stat returns the file info of name, following symbolic links.
func (f *treeFS) Stat(name string) (fs.FileInfo, error) {
	return f.stat("stat", name, true)
}

// Lstat returns the file info of name without following a final link.
func (f *treeFS) Lstat(name string) (fs.FileInfo, error) {
	return f.stat("lstat", name, false)
}

func (f *treeFS) stat(op, name string, follow bool) (fs.FileInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, err := f.lookup(op, name, follow)
	if err != nil {
		return nil, err
	}
	info, err := f.info(n)
	if err != nil {
		return nil, &fs.PathError{Op: op, Path: name, Err: err}
	}
	return info, nil
}

// ReadLink returns the target of the symbolic link name.
func (f *treeFS) ReadLink(name string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, err := f.lookup("readlink", name, false)
	if err != nil {
		return "", err
	}
	if n.mode != filemode.Symlink {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	target, err := f.linkTarget(n.hash)
	if err != nil {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: err}
	}
	return target, nil
}

// ReadDir lists the folder name, sorted by file name.
func (f *treeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n, err := f.lookup("readdir", name, true)
	if err != nil {
		return nil, err
	}
	if n.tree == nil {
		err := fs.ErrInvalid
		if n.mode == filemode.Submodule {
			err = errSubmodule
		}
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	return f.entries(n.tree.Entries), nil
}

// entries turns tree entries into directory entries sorted by name (git
// sorts a folder as if its name ended in /). Sizes are read only when an
// entry's Info is asked for. The caller holds f.mu.
func (f *treeFS) entries(es []object.TreeEntry) []fs.DirEntry {
	out := make([]fs.DirEntry, 0, len(es))
	for _, e := range es {
		out = append(out, &dirEntry{f: f, n: node{name: e.Name, mode: e.Mode, hash: e.Hash}})
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out
}

// getTree decodes the tree h, once per file system. The caller holds f.mu.
func (f *treeFS) getTree(h plumbing.Hash) (*object.Tree, error) {
	if t, ok := f.trees[h]; ok {
		return t, nil
	}
	t, err := object.GetTree(f.s, h)
	if err != nil {
		return nil, err
	}
	if f.trees == nil {
		f.trees = map[plumbing.Hash]*object.Tree{}
	}
	f.trees[h] = t
	return t, nil
}

// lookup finds name in the tree, following symbolic links on the way (and
// the last one too when follow is set). The caller holds f.mu.
func (f *treeFS) lookup(op, name string, follow bool) (node, error) {
	if !fs.ValidPath(name) {
		return node{}, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	fail := func(err error) (node, error) { return node{}, &fs.PathError{Op: op, Path: name, Err: err} }
	stack := []*object.Tree{f.root} // the folders walked so far
	cur := node{name: ".", mode: filemode.Dir, hash: f.root.Hash, tree: f.root}
	rest := []string{}
	if name != "." {
		rest = strings.Split(name, "/")
	}
	hops := 0
	for len(rest) > 0 {
		seg := rest[0]
		rest = rest[1:]
		switch seg {
		case "", ".":
			continue
		case "..":
			if len(stack) == 1 {
				return fail(errLinkOutside)
			}
			stack = stack[:len(stack)-1]
			cur = node{name: "..", mode: filemode.Dir, tree: stack[len(stack)-1]}
			continue
		}
		dir := stack[len(stack)-1]
		if cur.tree == nil {
			if cur.mode == filemode.Submodule {
				return fail(errSubmodule)
			}
			return fail(fs.ErrNotExist) // a file in the middle of the path
		}
		i := slices.IndexFunc(dir.Entries, func(e object.TreeEntry) bool { return e.Name == seg })
		if i < 0 {
			return fail(fs.ErrNotExist)
		}
		e := dir.Entries[i]
		cur = node{name: e.Name, mode: e.Mode, hash: e.Hash}
		if e.Mode == filemode.Symlink && (len(rest) > 0 || follow) {
			if hops++; hops > maxLinkHops {
				return fail(fmt.Errorf("more than %d symbolic links in a row", maxLinkHops))
			}
			target, err := f.linkTarget(e.Hash)
			if err != nil {
				return fail(err)
			}
			if path.IsAbs(target) || strings.Contains(target, `\`) {
				return fail(errLinkOutside)
			}
			rest = append(strings.Split(target, "/"), rest...)
			cur = node{name: "..", mode: filemode.Dir, tree: dir}
			continue
		}
		if e.Mode == filemode.Dir {
			t, err := f.getTree(e.Hash)
			if err != nil {
				return fail(err)
			}
			cur.tree = t
			stack = append(stack, t)
		} else if len(rest) > 0 {
			// Let the next segment report a file or submodule in the middle.
			stack = append(stack, nil)
		}
	}
	cur.name = path.Base(name)
	return cur, nil
}

// linkTarget reads a symbolic link's target. The caller holds f.mu.
func (f *treeFS) linkTarget(h plumbing.Hash) (string, error) {
	blob, err := object.GetBlob(f.s, h)
	if err != nil {
		return "", fmt.Errorf("reading a symbolic link: %w", err)
	}
	rc, err := blob.Reader()
	if err != nil {
		return "", fmt.Errorf("reading a symbolic link: %w", err)
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, 4096))
	if err != nil {
		return "", fmt.Errorf("reading a symbolic link: %w", err)
	}
	return string(b), nil
}
