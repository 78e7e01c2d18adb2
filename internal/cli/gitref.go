package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/glue-sync/glue-sync/internal/gitsrc"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/safefile"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// refFlagHelp is the help of --ref on validate, plan and apply.
const refFlagHelp = "read DIR as of git revision `REV` (branch, tag, HEAD~1, origin/main, commit hash) instead of from disk; " +
	"DIR may exist only in that commit, and positions name files from the git repository's root"

// repoSource says where a command read the repository from.
type repoSource struct {
	// commit is the full commit id: the one given by --ref, else the one
	// checked out in the work tree ("" outside git).
	commit string
	// rev is --ref as given; "" for the work tree.
	rev string
	// fsys holds the commit's files and path is the repository folder
	// inside it; both are set with --ref only.
	fsys fs.FS
	path string
}

// loadSource loads the repository dir: from the work tree, or with ref
// from that git revision. Git errors (not a repository, an unknown
// revision, a missing folder at that commit) are returned as the error;
// problems in the files are diagnostics. opts go to spec.Load.
func loadSource(d *deps, dir, ref string, opts ...spec.LoadOption) (*spec.DesiredState, spec.Diagnostics, repoSource, error) {
	if ref == "" {
		ds, diags := spec.LoadDir(d.ctx, dir, opts...)
		return ds, diags, repoSource{commit: gitCommit(d, dir)}, nil
	}
	src, err := resolveRef(d, dir, ref)
	if err != nil {
		return nil, nil, src, err
	}
	fmt.Fprintf(d.io.ErrOut, "Reading %s at %s (commit %s), not the files on disk.\n", src.path, ref, shortHash(src.commit))
	ds, diags := spec.Load(d.ctx, src.fsys, src.path, opts...)
	return ds, diags, src, nil
}

// resolveRef finds the repository folder dir in the commit ref names,
// without reading it. Git errors (not a repository, an unknown revision,
// a missing folder at that commit) are returned as the error.
func resolveRef(d *deps, dir, ref string) (repoSource, error) {
	repo, err := gitsrc.Open(dir)
	if err != nil {
		return repoSource{}, err
	}
	rel, err := repo.RelPath(dir)
	if err != nil {
		return repoSource{}, err
	}
	c, err := repo.Resolve(d.ctx, ref)
	if err != nil {
		return repoSource{}, err
	}
	src := repoSource{commit: c.Hash, rev: ref, fsys: c.FS(), path: rel}
	fi, err := fs.Stat(src.fsys, rel)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return src, fmt.Errorf("%s (%s in the git repository at %s) does not exist at %s (commit %s): give the repository folder as it was in that commit, relative to the current directory",
			dir, rel, repo.Root(), ref, shortHash(c.Hash))
	case err != nil:
		return src, fmt.Errorf("reading %s at %s: %w", rel, ref, err)
	case !fi.IsDir():
		return src, fmt.Errorf("%s is not a folder at %s (commit %s): give the repository's root folder", rel, ref, shortHash(c.Hash))
	}
	return src, nil
}

// shortHash is the first 12 digits of a commit id, for messages.
func shortHash(h string) string { return h[:min(12, len(h))] }

// refUploadDrift lists the Upload files p sends whose copy on disk (which
// apply reads, relative to the plan's directory) is missing or differs
// from the one in the commit the plan was made from. Nil without --ref.
func refUploadDrift(p *plan.Plan, src repoSource) []string {
	if src.fsys == nil {
		return nil
	}
	var drift []string
	for _, file := range uploadFiles(p) {
		want, err := fs.ReadFile(src.fsys, path.Join(src.path, file))
		if err != nil {
			continue // the loader has reported it
		}
		got, err := safefile.ReadFile(uploadPath(p, file), safefile.MaxUpload)
		if err != nil || !bytes.Equal(got, want) {
			drift = append(drift, file)
		}
	}
	return drift
}

// refUploadError is the error (apply) or warning (plan) for Upload files
// whose copy on disk differs from the commit's.
func refUploadError(files []string, src repoSource) error {
	return fmt.Errorf("the plan uploads %s, which %s on disk from %s (commit %s); apply sends the files on disk: check out %s first (git checkout %s), or plan without --ref",
		strings.Join(files, ", "), plural(len(files), "differs", "differ"), src.rev, shortHash(src.commit), src.rev, src.rev)
}
