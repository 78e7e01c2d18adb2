package spec

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/glue-sync/glue-sync/internal/safefile"
)

// maxLinkHops bounds how many symbolic links one path may pass through.
const maxLinkHops = 40

// errOutside says that a path leads out of the repository.
var errOutside = errors.New("outside the repository")

// resolveInside follows every symbolic link on the path p (relative to the
// root of fsys), one component at a time, and returns the path it leads
// to. It fails with errOutside when any step leaves root, so that a chain
// of links (a.yaml -> .b.yaml -> ../secret) or a link through a linked
// folder cannot read a file outside the repository.
func resolveInside(fsys fs.ReadLinkFS, root, p string) (string, error) {
	done := ""
	rest := strings.Split(p, "/")
	hops := 0
	for len(rest) > 0 {
		seg := rest[0]
		rest = rest[1:]
		switch seg {
		case "", ".":
			continue
		case "..":
			if done == "" {
				return "", errOutside
			}
			done = strings.TrimSuffix(path.Dir(done), ".")
			continue
		}
		cur := path.Join(done, seg)
		fi, err := fsys.Lstat(cur)
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			done = cur
			continue
		}
		if hops++; hops > maxLinkHops {
			return "", fmt.Errorf("more than %d symbolic links in a row", maxLinkHops)
		}
		target, err := fsys.ReadLink(cur)
		if err != nil {
			return "", err
		}
		if path.IsAbs(target) || filepath.IsAbs(target) || strings.Contains(target, "\\") {
			return "", errOutside
		}
		rest = append(strings.Split(target, "/"), rest...)
	}
	if root != "." && done != root && !strings.HasPrefix(done, root+"/") {
		return "", errOutside
	}
	return done, nil
}

// checkSymlink reports whether the symbolic link at p may be read: every
// link on its way must stay inside the root, and it must end at a file.
func (l *loader) checkSymlink(p string) bool {
	rl, ok := l.fsys.(fs.ReadLinkFS)
	if !ok {
		l.warnf(l.filePos(p), "symbolic link skipped: this file system cannot resolve links")
		return false
	}
	target, err := rl.ReadLink(p)
	if err != nil {
		l.errf(l.filePos(p), "cannot read symbolic link: %v", unwrapPathErr(err))
		return false
	}
	resolved, err := resolveInside(rl, l.root, p)
	switch {
	case errors.Is(err, errOutside):
		l.errHint(l.filePos(p), "copy the file into the repository, or remove the link",
			"symbolic link points outside the repository (to %q)", target)
		return false
	case err != nil:
		l.errHint(l.filePos(p), "fix or remove the link", "broken symbolic link (to %q)", target)
		return false
	}
	fi, err := fs.Stat(l.fsys, resolved)
	if err != nil {
		l.errHint(l.filePos(p), "fix or remove the link", "broken symbolic link (to %q)", target)
		return false
	}
	if fi.IsDir() {
		l.warnLinkedFolder(p)
		return false
	}
	if !fi.Mode().IsRegular() {
		l.errHint(l.filePos(p), "remove the link, or point it at a regular file",
			"symbolic link leads to %s (%q), not a regular file", safefile.Describe(fi.Mode().Type()), target)
		return false
	}
	return true
}

// warnLinkedFolder warns when the symbolic link at p leads to a folder,
// which Load does not follow.
func (l *loader) warnLinkedFolder(p string) {
	if fi, err := fs.Stat(l.fsys, p); err == nil && fi.IsDir() {
		l.warnHint(l.filePos(p), "move or copy the files into the repository if glue-sync should read them",
			"symbolic link to a folder is not followed")
	}
}

// statNoFollowOut stats p, refusing (with errOutside) a path whose
// symbolic links lead outside the repository.
func statNoFollowOut(l *loader, p string) (fs.FileInfo, error) {
	if rl, ok := l.fsys.(fs.ReadLinkFS); ok {
		resolved, err := resolveInside(rl, l.root, p)
		if err != nil {
			return nil, err
		}
		p = resolved
	}
	return fs.Stat(l.fsys, p)
}
