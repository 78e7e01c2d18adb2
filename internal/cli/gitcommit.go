package cli

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
)

// gitCommit returns the commit checked out in the git work tree holding
// dir (the 40-hex id HEAD points at), or "" when dir is not in a git work
// tree or HEAD cannot be read. It reads .git by hand: HEAD, the loose ref
// it names, else packed-refs; a .git file (worktrees, submodules) is
// followed. Uncommitted edits are not detected: the commit says what was
// checked out, which in CI is what was planned.
func gitCommit(dir string) string {
	gitDir := findGitDir(dir)
	if gitDir == "" {
		return ""
	}
	head, err := os.ReadFile(filepath.Join(gitDir, "HEAD"))
	if err != nil {
		return ""
	}
	h := strings.TrimSpace(string(head))
	ref, isRef := strings.CutPrefix(h, "ref: ")
	if !isRef {
		return hexID(h)
	}
	ref = strings.TrimSpace(ref)
	for _, d := range commonDirs(gitDir) {
		if b, err := os.ReadFile(filepath.Join(d, filepath.FromSlash(ref))); err == nil {
			return hexID(strings.TrimSpace(string(b)))
		}
		if id := packedRef(filepath.Join(d, "packed-refs"), ref); id != "" {
			return id
		}
	}
	return ""
}

// findGitDir walks up from dir to the directory's .git (a directory, or a
// file saying "gitdir: PATH").
func findGitDir(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		p := filepath.Join(abs, ".git")
		if fi, err := os.Stat(p); err == nil {
			if fi.IsDir() {
				return p
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return ""
			}
			g, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir: ")
			if !ok {
				return ""
			}
			if !filepath.IsAbs(g) {
				g = filepath.Join(abs, g)
			}
			return g
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return ""
		}
		abs = parent
	}
}

// commonDirs are where refs live: the git dir, and for a linked worktree
// the main repository's ("commondir").
func commonDirs(gitDir string) []string {
	dirs := []string{gitDir}
	if b, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
		c := strings.TrimSpace(string(b))
		if !filepath.IsAbs(c) {
			c = filepath.Join(gitDir, c)
		}
		dirs = append(dirs, c)
	}
	return dirs
}

// packedRef finds ref in a packed-refs file.
func packedRef(path, ref string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		id, name, ok := strings.Cut(sc.Text(), " ")
		if ok && name == ref {
			return hexID(id)
		}
	}
	return ""
}

// hexID returns s when it is a full commit id (40 or 64 hex digits).
func hexID(s string) string {
	if len(s) != 40 && len(s) != 64 {
		return ""
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdef", r) {
			return ""
		}
	}
	return s
}
