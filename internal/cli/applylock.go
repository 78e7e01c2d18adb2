package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/runlock"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// lockDir is where apply keeps its lock files: glue-sync/locks under the
// user cache directory ($XDG_CACHE_HOME, else the system's default).
func lockDir(d *deps) (string, error) {
	base := d.getenv("XDG_CACHE_HOME")
	if base == "" {
		var err error
		if base, err = os.UserCacheDir(); err != nil {
			return "", err
		}
	}
	return filepath.Join(base, "glue-sync", "locks"), nil
}

// lockApply takes the local lock of an apply to the account at baseURL
// from the repository folder repo, so that two applies on this machine
// never interleave (the second waits up to --wait-lock, then stops with
// the holder's PID). The sandbox is never shared, so it is not locked.
// When no lock can be made (a read-only cache folder, a system without
// file locks) apply goes on, saying so: the lock is a convenience of one
// machine, not what keeps duplicates out (see docs/apply.md).
func lockApply(d *deps, opts *applyOptions, t *target, repo, what string) (release func(), err error) {
	noop := func() {}
	if t.sandbox != nil {
		return noop, nil
	}
	if !runlock.Supported {
		fmt.Fprintln(d.io.ErrOut, "note: this system has no file locks, so nothing stops another apply on this machine from running at the same time")
		return noop, nil
	}
	dir, err := lockDir(d)
	if err != nil {
		fmt.Fprintf(d.io.ErrOut, "note: no local apply lock (%v); nothing stops another apply on this machine from running at the same time\n", err)
		return noop, nil
	}
	sayWaiting(d, opts)
	l, err := runlock.Acquire(d.ctx, dir, lockKey(t, repo), what, opts.waitLock)
	var busy *runlock.BusyError
	switch {
	case errors.As(err, &busy):
		return nil, fmt.Errorf("%w: wait for it to finish (or pass --wait-lock 10m to wait); nothing was applied", err)
	case err != nil && d.ctx.Err() != nil:
		return nil, withExitCode(ExitCancel, errors.New("interrupted while waiting for the apply lock; nothing was applied"))
	case err != nil:
		fmt.Fprintf(d.io.ErrOut, "note: no local apply lock (%v); nothing stops another apply on this machine from running at the same time\n", err)
		return noop, nil
	}
	return func() { _ = l.Release() }, nil
}

// sayWaiting says, with --wait-lock, that apply would wait for another.
func sayWaiting(d *deps, opts *applyOptions) {
	if opts.waitLock > 0 {
		fmt.Fprintf(d.io.ErrOut, "Waiting up to %s for any other apply to this account from this repository to finish…\n", opts.waitLock)
	}
}

// lockKey is the apply lock's key: the account's base URL and the real
// path of the repository folder.
func lockKey(t *target, repo string) string {
	if abs, err := filepath.Abs(repo); err == nil {
		repo = abs
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			repo = real
		}
	}
	return t.baseURL + "\n" + repo
}

// tryLockApply takes the apply lock lockApply would take, at once and
// silently, or returns nil: when another apply holds it, or when it
// cannot be taken (no file locks, no cache folder). apply DIR then goes
// the way it went before it read while loading: it loads, then lockApply
// waits, refuses or says why, exactly as before.
func tryLockApply(d *deps, t *target, repo, what string) (release func()) {
	if t.sandbox != nil || !runlock.Supported {
		return nil
	}
	dir, err := lockDir(d)
	if err != nil {
		return nil
	}
	l, err := runlock.Acquire(d.ctx, dir, lockKey(t, repo), what, 0)
	if err != nil {
		return nil
	}
	return func() { _ = l.Release() }
}

// loadLockAndConnect is apply DIR's loadAndConnect: the live read
// overlaps loading the repository only once apply holds its lock, so no
// request is sent while another apply to the account from this repository
// runs (its writes would make the read stale). The lock is taken before
// loading, when it is free at once; when it is not (or cannot be taken),
// apply loads, opens the target and then waits for the lock or refuses,
// as it did before it read while loading, and reads after. A repository
// that fails to load stops the read, releases the lock and reports
// exactly what it reported before.
func loadLockAndConnect(d *deps, opts *applyOptions) (*spec.DesiredState, *target, func(), error) {
	opts.dir = discoverRepo(d, opts.dir)
	what := "applying " + opts.dir
	var release func()
	early := openEarlyRead(d, &opts.planOptions)
	if early != nil {
		if release = tryLockApply(d, early.t, opts.dir, what); release == nil {
			early.abandon(d) // nothing was sent
			early = nil
		}
	}
	early.start(d)
	if d.loading != nil {
		d.loading()
	}
	ds, err := loadRepo(d, &opts.planOptions)
	if err != nil {
		early.abandon(d)
		if release != nil {
			release()
		}
		return nil, nil, nil, err
	}
	if early != nil && sameEarlyConfig(early.cfg, ds.Config) {
		sayWaiting(d, opts) // where it said it before: the lock is taken
		return ds, early.adopt(d, ds), release, nil
	}
	if early != nil { // glue-sync.yaml changed while loading: lock what it says now
		early.abandon(d)
		release()
	}
	t, err := openTarget(d, &opts.target, &ds.Config)
	if err != nil {
		return nil, nil, nil, withExitCode(ExitError, err)
	}
	if release, err = lockApply(d, opts, t, opts.dir, what); err != nil {
		t.Close()
		return nil, nil, nil, lockError(err)
	}
	return ds, t, release, nil
}

// defaultWaitLock is --wait-lock's default: do not wait.
const defaultWaitLock = time.Duration(0)

// lockError gives a lockApply error its exit code (1 unless cancelled).
func lockError(err error) error {
	var ee *exitError
	if errors.As(err, &ee) {
		return err
	}
	return withExitCode(ExitError, err)
}

// planRepoDir is the repository folder a saved plan was made from, for the
// lock's key: the same folder as apply DIR locks.
func planRepoDir(p *plan.Plan) string {
	if p.Source.Dir == "" {
		return "."
	}
	return p.Source.Dir
}
