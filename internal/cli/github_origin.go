package cli

import (
	"fmt"
	"io/fs"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/gitsrc"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// originGuard keeps github plan from sending the API key to an IT Glue
// origin (API base URL) that only the pull request names: when neither
// the environment nor the flags pin the origin, the pull request's
// glue-sync.yaml must name the origin the base branch's copy names. Under
// pull_request_target (the base's workflow and secrets, the fork's files)
// a fork could otherwise point glue-sync.yaml at a host of its own and
// receive the key. nil (no check) when the origin is pinned or with
// --sandbox.
type originGuard struct {
	// base is the origin the base branch names: its glue-sync.yaml's, the
	// default region's when it has none or cannot be read.
	base string
	// unread says why the base branch's copy could not be read ("" when
	// it was, or when the folder or its glue-sync.yaml is new).
	unread string
}

// newOriginGuard reads the origin the base branch names: glue-sync.yaml
// at the base commit itself (--base, else the event's base sha), not at
// the merge base, which a pull request chooses by where it branches off.
func newOriginGuard(d *deps, opts *ghPlanOptions, g *ghContext) *originGuard {
	if opts.target.sandbox || originPinned(d, &opts.target) {
		return nil
	}
	cfg, unread := baseRepoConfig(d, opts, g)
	base, err := client.ResolveBaseURL(cfg.Region, cfg.BaseURL)
	if err != nil {
		base, _ = client.RegionURL(client.DefaultRegion)
		unread = "its glue-sync.yaml names no usable origin"
	}
	return &originGuard{base: base, unread: unread}
}

// check refuses a glue-sync.yaml naming another origin than the base
// branch's, before anything is sent to it. A glue-sync.yaml whose origin
// does not resolve passes: opening the target refuses it, sending nothing.
func (o *originGuard) check(cfg *spec.RepoConfig) error {
	if o == nil {
		return nil
	}
	head, err := client.ResolveBaseURL(cfg.Region, cfg.BaseURL)
	if err != nil || head == o.base {
		return nil
	}
	what := "the base branch's"
	fix := "merge the change first, or pin the origin with " + client.EnvBaseURL + " / --base-url (or " + client.EnvRegion + " / --region)"
	if o.unread != "" {
		what = "the default region's, as the base branch's copy could not be read (" + o.unread + ")"
		fix = "fetch the base commit (actions/checkout with fetch-depth: 0), merge the change first, or pin the origin with " +
			client.EnvBaseURL + " / --base-url (or " + client.EnvRegion + " / --region)"
	}
	return fmt.Errorf("this pull request changes the IT Glue API origin (glue-sync.yaml: %s -> %s; the first is %s); "+
		"github plan does not send the API key to an origin the base branch does not name: %s",
		sanitizeOneLine(o.base), sanitizeOneLine(head), what, fix)
}

// baseRepoConfig reads DIR's glue-sync.yaml at the base commit: the zero
// config (the default region) when the folder or the file is new there,
// and with unread saying why when the commit cannot be read.
func baseRepoConfig(d *deps, opts *ghPlanOptions, g *ghContext) (cfg spec.RepoConfig, unread string) {
	rev := opts.base
	if rev == "" && g.pr != nil {
		rev = g.pr.Base.SHA
	}
	if rev == "" {
		return cfg, "no base branch is known: pass --base REV"
	}
	repo, err := gitsrc.Open(opts.dir)
	if err != nil {
		return cfg, err.Error()
	}
	rel, err := repo.RelPath(opts.dir)
	if err != nil {
		return cfg, err.Error()
	}
	c, err := repo.Resolve(d.ctx, rev)
	if err != nil {
		return cfg, err.Error()
	}
	fsys := c.FS()
	if fi, err := fs.Stat(fsys, rel); err != nil || !fi.IsDir() {
		return cfg, "" // the folder is new in this pull request
	}
	found, plain := configFiles(fsys, rel)
	if !found {
		return cfg, ""
	}
	var lfs fs.FS = fsys // a linked glue-sync.yaml: read as loading does
	if plain {
		lfs = configOnlyFS{fsys, rel}
	}
	ds, diags := spec.Load(d.ctx, lfs, rel)
	if ds == nil || diags.HasErrors() {
		return cfg, fmt.Sprintf("the base branch's files (commit %s) have errors", shortHash(c.Hash))
	}
	return ds.Config, ""
}
