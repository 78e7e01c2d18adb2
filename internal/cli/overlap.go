package cli

import (
	"io"
	"io/fs"
	"os"
	"sync"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/progress"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/safefile"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// earlyRead is the live read plan, apply DIR (once it holds its lock) and
// github plan start while the repository loads: the
// connection glue-sync.yaml alone determines (region, base URL) and the
// reads that do not depend on the rest of the repository
// (reconcile.Prefetch: the four account-wide lists, and the asset lists of
// the types manage: names when they are read whole).
type earlyRead struct {
	t *target
	// scope is what glue-sync.yaml alone selects; pf the read, once
	// started.
	scope reconcile.Scope
	pf    *reconcile.Prefetch
	cfg   spec.RepoConfig
	// gate holds the read's progress, and notices the client's notices,
	// until the repository has loaded, so that nothing the read prints
	// comes before the repository's diagnostics (or at all, when it is
	// abandoned).
	gate    *progressGate
	notices *heldWriter
	// debug holds --debug's request lines the same way, but shows them
	// after the diagnostics when the read is abandoned: requests that went
	// out are never hidden from --debug.
	debug *heldWriter
}

// heldWriter keeps what is written until release (then passes it on),
// flushAndClose (then drops what comes later) or drop (drops it all). It is what lets the early
// read's client write from its own goroutines while the loader writes
// diagnostics: nothing reaches the shared stderr out of turn.
type heldWriter struct {
	mu     sync.Mutex
	out    io.Writer
	open   bool
	closed bool
	held   []byte
}

// Write holds b, passes it on once released, or drops it once closed.
func (h *heldWriter) Write(b []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.closed:
	case h.open:
		return h.out.Write(b)
	default:
		h.held = append(h.held, b...)
	}
	return len(b), nil
}

// release writes what was held and passes later writes on.
func (h *heldWriter) release() { h.end(true, false) }

// flushAndClose writes what was held and drops later writes (the lines of
// requests cancelled after their read was abandoned).
func (h *heldWriter) flushAndClose() { h.end(true, true) }

// drop drops what was held and what comes later.
func (h *heldWriter) drop() { h.end(false, true) }

func (h *heldWriter) end(write, closing bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if write && len(h.held) > 0 && !h.closed {
		_, _ = h.out.Write(h.held)
	}
	h.held = nil
	h.open, h.closed = !closing, closing
}

// progressGate passes progress to the printer once opened; before that it
// keeps the last page count of each list, shown when it opens (waits
// announced before then are over or shown again by the next request).
type progressGate struct {
	p     *progress.Printer
	mu    sync.Mutex
	open  bool
	order []string
	last  map[string][2]int
}

func (g *progressGate) page(what string, read, pages int) {
	g.mu.Lock()
	if !g.open {
		if _, ok := g.last[what]; !ok {
			g.order = append(g.order, what)
		}
		g.last[what] = [2]int{read, pages}
		g.mu.Unlock()
		return
	}
	g.mu.Unlock()
	g.p.Page(what, read, pages)
}

func (g *progressGate) wait(reason string, d time.Duration) {
	g.mu.Lock()
	open := g.open
	g.mu.Unlock()
	if open {
		g.p.Wait(reason, d)
	}
}

// show opens the gate, showing the progress kept.
func (g *progressGate) show() {
	g.mu.Lock()
	g.open = true
	order, last := g.order, g.last
	g.order, g.last = nil, nil
	g.mu.Unlock()
	for _, what := range order {
		g.p.Page(what, last[what][0], last[what][1])
	}
}

// startEarlyRead opens the target and starts the read before the
// repository is loaded (openEarlyRead, then start), or returns nil.
func startEarlyRead(d *deps, opts *planOptions) *earlyRead {
	e := openEarlyRead(d, opts)
	e.start(d)
	return e
}

// openEarlyRead opens the target of a read to start before the repository
// is loaded, sending nothing yet (apply takes its lock in between), or
// returns nil, leaving both for after loading: with --sandbox (the API is
// in this process, with no latency to hide, and opening it prints a line
// that would come before the diagnostics), with --target (a --target the
// repository does not declare must fail before any request), when DIR is
// not a folder (at --ref's commit, with --ref), when its glue-sync.yaml
// alone does not load cleanly, or when the target cannot be opened (its
// error is reported after the repository's, as before). Without a
// glue-sync.yaml the account is the environment's and only the
// account-wide lists start early (the types read are the declared ones).
func openEarlyRead(d *deps, opts *planOptions) *earlyRead {
	if opts.target.sandbox || len(opts.targets) > 0 {
		return nil
	}
	var fsys fs.FS
	root := "."
	if opts.ref != "" {
		// The commit is found again when the repository is read from it
		// (loadSource): a ref that moved in between can only change
		// glue-sync.yaml, which adopt compares.
		src, err := resolveRef(d, opts.dir, opts.ref)
		if err != nil {
			return nil // reported by loadSource, as before
		}
		fsys, root = src.fsys, src.path
	} else {
		if fi, err := os.Stat(opts.dir); err != nil || !fi.IsDir() {
			return nil
		}
		fsys = safefile.DirFS(opts.dir)
	}
	config, plain := configFiles(fsys, root)
	if !plain {
		return nil
	}
	cfgDS := &spec.DesiredState{} // no glue-sync.yaml: the environment's account, the declared objects
	if config {
		var diags spec.Diagnostics
		cfgDS, diags = spec.Load(d.ctx, configOnlyFS{fsys, root}, root)
		if cfgDS == nil || diags.HasErrors() {
			return nil
		}
	}
	gate := &progressGate{p: d.progress(), last: map[string][2]int{}}
	notices, debug := &heldWriter{out: d.io.ErrOut}, &heldWriter{out: d.io.ErrOut}
	hooks := []client.Option{client.WithWaitNotice(gate.wait), client.WithReadProgress(gate.page)}
	t, err := openTargetWith(d, &opts.target, &cfgDS.Config, hooks, notices, debug)
	if err != nil {
		return nil
	}
	return &earlyRead{t: t, scope: reconcile.ScopeOf(cfgDS, nil), cfg: cfgDS.Config, gate: gate, notices: notices, debug: debug}
}

// configFiles reports whether the folder root of fsys holds a
// glue-sync.yaml (or .yml), and whether it can be read alone: every such
// file is a regular file, and the folder could be listed. A symbolic link
// is followed only by the whole repository's load, so glue-sync.yaml
// alone would name no account, and the early read would read the
// default region's with the key.
func configFiles(fsys fs.FS, root string) (found, plain bool) {
	entries, err := fs.ReadDir(fsys, root)
	if err != nil {
		return false, false
	}
	for _, e := range entries {
		if n := e.Name(); n == spec.ConfigFile || n == spec.ConfigFileAlt {
			found = true
			if !e.Type().IsRegular() {
				return true, false
			}
		}
	}
	return found, true
}

// start sends the early read (nothing for nil).
func (e *earlyRead) start(d *deps) {
	if e == nil {
		return
	}
	e.pf = reconcile.StartPrefetch(d.ctx, reconcile.ClientAPI(e.t.client), e.scope)
}

// abandon stops the early read (the repository failed to load) before
// any more of it is sent, and closes its target.
func (e *earlyRead) abandon(d *deps) {
	if e == nil {
		return
	}
	if e.pf != nil {
		e.pf.Stop()
	}
	e.notices.drop()
	e.debug.flushAndClose()
	e.t.holdClock(d) // d.ctx back to the run's own context
	e.t.Close()
}

// adopt returns the early target for the loaded repository ds, with the
// read attached for computePlan, or nil (the early read abandoned) when
// glue-sync.yaml said otherwise by the time the whole repository was read.
func (e *earlyRead) adopt(d *deps, ds *spec.DesiredState) *target {
	if e == nil {
		return nil
	}
	if !sameEarlyConfig(e.cfg, ds.Config) {
		e.abandon(d)
		return nil
	}
	e.debug.release()
	e.notices.release()
	e.gate.show()
	e.t.prefetch = e.pf
	return e.t
}

// liveAPI is what the next reconcile.ReadLive reads through: the first
// time, the early read's answers (then the client); after that, the
// client (a second plan, apply's re-plan, reads afresh). Call done once
// ReadLive returns: it stops what the read did not take.
func (t *target) liveAPI() (api reconcile.API, done func()) {
	pf := t.prefetch
	if pf == nil {
		return reconcile.ClientAPI(t.client), func() {}
	}
	t.prefetch = nil
	return pf.API(), pf.Stop
}

// sameEarlyConfig reports whether two readings of glue-sync.yaml agree on
// what the early read used: the connection and the manage: scope.
func sameEarlyConfig(a, b spec.RepoConfig) bool {
	same := func(x, y spec.Scope) bool {
		if x.All != y.All || len(x.Names) != len(y.Names) {
			return false
		}
		for i := range x.Names {
			if x.Names[i] != y.Names[i] {
				return false
			}
		}
		return true
	}
	return a.Region == b.Region && a.BaseURL == b.BaseURL &&
		same(a.Manage.Organizations, b.Manage.Organizations) && same(a.Manage.AssetTypes, b.Manage.AssetTypes)
}

// loadAndConnect loads the repository (loadRepo) and opens the target,
// with the live read overlapping the loading when it can (startEarlyRead).
// A repository that fails to load stops the read at once and reports
// exactly what it reported before; reads already sent are not waited for.
func loadAndConnect(d *deps, opts *planOptions) (*spec.DesiredState, *target, error) {
	opts.dir = discoverRepo(d, opts.dir)
	early := startEarlyRead(d, opts)
	if d.loading != nil {
		d.loading()
	}
	ds, err := loadRepo(d, opts)
	if err != nil {
		early.abandon(d)
		return nil, nil, err
	}
	if t := early.adopt(d, ds); t != nil {
		return ds, t, nil
	}
	t, err := openTarget(d, &opts.target, &ds.Config)
	if err != nil {
		return nil, nil, withExitCode(ExitError, err)
	}
	return ds, t, nil
}

// configOnlyFS shows only the glue-sync.yaml (or .yml) of the folder
// root of a file system, so that spec.Load reads the repository
// configuration alone.
type configOnlyFS struct {
	fs.FS
	root string
}

// ReadDir lists root's configuration file, and nothing else.
func (c configOnlyFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name != c.root {
		return nil, nil
	}
	entries, err := fs.ReadDir(c.FS, name)
	var keep []fs.DirEntry
	for _, e := range entries {
		if n := e.Name(); (n == spec.ConfigFile || n == spec.ConfigFileAlt) && e.Type().IsRegular() {
			keep = append(keep, e)
		}
	}
	return keep, err
}

// Stat is the file system's.
func (c configOnlyFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.FS, name) }
