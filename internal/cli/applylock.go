package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/runlock"
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
	if abs, err := filepath.Abs(repo); err == nil {
		repo = abs
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			repo = real
		}
	}
	if opts.waitLock > 0 {
		fmt.Fprintf(d.io.ErrOut, "Waiting up to %s for any other apply to this account from this repository to finish…\n", opts.waitLock)
	}
	l, err := runlock.Acquire(d.ctx, dir, t.baseURL+"\n"+repo, what, opts.waitLock)
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
