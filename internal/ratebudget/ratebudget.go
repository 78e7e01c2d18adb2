package ratebudget

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/glue-sync/glue-sync/internal/runlock"
)

// Supported reports whether buckets are shared between processes on this
// system (it has file locks).
const Supported = runlock.Supported

// Limits of the state file and of waiting for its lock.
const (
	// LockWait is the longest a reservation waits for the file lock; the
	// lock is held for microseconds, so a longer wait means a stuck holder.
	LockWait = 5 * time.Second
	// maxState bounds what is read of the state file.
	maxState = 256
	// maxDebt bounds the tokens reserved ahead of time that a state file
	// may claim: a damaged file cannot hold requests back for longer than
	// that many tokens take to come back.
	maxDebt = 1000
	// staleAfter: state files untouched for this long are removed (their
	// bucket is full again long before).
	staleAfter = 24 * time.Hour
	// suffix names state files.
	suffix = ".budget"
	// header starts every state file, with the format's version.
	header = "glue-sync rate budget v1"
)

// Bucket is a token bucket shared through a state file. It is safe for
// concurrent use, also from several processes.
type Bucket struct {
	path  string
	rate  float64 // tokens per second
	burst float64
	now   func() time.Time
	// beforeOpen, when set, runs before each open of the state file
	// (tests: what another process may do between the checks and the open).
	beforeOpen func()
}

// File is the state file for the account at baseURL with key, under dir:
// a hash of both (so that two keys, or two regions, never share a budget),
// which never shows the key.
func File(dir, baseURL, key string) string {
	sum := sha256.Sum256([]byte("glue-sync rate budget\n" + strings.TrimRight(baseURL, "/") + "\n" + key))
	return filepath.Join(dir, hex.EncodeToString(sum[:12])+suffix)
}

// New returns the bucket of the account at baseURL with key, whose state
// lives under dir (created 0700 when missing): perSecond requests a second
// after a burst. now is the clock (nil: time.Now); every process sharing
// a bucket must use the same rate and burst, and the wall clock. New
// removes the state files under dir untouched for a day.
func New(dir, baseURL, key string, perSecond float64, burst int, now func() time.Time) (*Bucket, error) {
	if !Supported {
		return nil, errors.New("this system has no file locks: each glue-sync process keeps its own rate budget")
	}
	if !(perSecond > 0) || math.IsInf(perSecond, 0) || burst < 1 {
		return nil, fmt.Errorf("a shared rate budget needs a finite positive rate and a burst of at least 1 (got %g a second, burst %d)", perSecond, burst)
	}
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the rate budget folder %s: %w", dir, err)
	}
	b := &Bucket{path: File(dir, baseURL, key), rate: perSecond, burst: float64(burst), now: now}
	prune(dir, b.path, time.Now())
	return b, nil
}

// Path is the bucket's state file.
func (b *Bucket) Path() string { return b.path }

// Reserve takes one token and returns how long the caller must wait
// before sending its request (0 when a token was there). When ctx's
// deadline comes before that time, nothing is taken and the error wraps
// context.DeadlineExceeded. A caller that does not send after all (ctx
// ended while it waited) gives the token back with Refund.
func (b *Bucket) Reserve(ctx context.Context) (time.Duration, error) {
	var wait time.Duration
	err := b.update(ctx, func(tokens float64) (float64, error) {
		tokens--
		if tokens < 0 {
			wait = time.Duration(-tokens / b.rate * float64(time.Second))
		}
		if dl, ok := ctx.Deadline(); ok && wait > 0 && wait > time.Until(dl) {
			return 0, fmt.Errorf("waiting %s for the shared rate budget would pass the deadline: %w", wait.Round(time.Millisecond), context.DeadlineExceeded)
		}
		return tokens, nil
	})
	if err != nil {
		return 0, err
	}
	return wait, nil
}

// Refund gives back a token Reserve took for a request that was not sent.
// It is best effort: an error leaves the bucket one token short.
func (b *Bucket) Refund() {
	ctx, cancel := context.WithTimeout(context.Background(), LockWait)
	defer cancel()
	_ = b.update(ctx, func(tokens float64) (float64, error) { return tokens + 1, nil })
}

// update reads the bucket under the file lock, refills it for the time
// passed, applies f and writes the result. An error from f writes nothing.
func (b *Bucket) update(ctx context.Context, f func(tokens float64) (float64, error)) error {
	file, err := b.lock(ctx)
	if err != nil {
		return err
	}
	defer func() {
		_ = runlock.UnlockFile(file)
		file.Close()
	}()
	now := b.now()
	stamp := now
	tokens, at, ok := parse(file)
	switch {
	case !ok || at.After(now.Add(time.Minute)):
		// Unreadable, damaged, or from a clock far ahead: a fresh bucket.
		tokens = b.burst
	case at.After(now):
		// Counted a little ahead (another process's clock read later):
		// nothing to refill, and the time up to at is not counted twice.
		stamp = at
	default:
		tokens += now.Sub(at).Seconds() * b.rate
	}
	tokens = min(max(tokens, -maxDebt), b.burst)
	tokens, err = f(tokens)
	if err != nil {
		return err
	}
	line := []byte(header + "\n" + strconv.FormatFloat(tokens, 'f', 6, 64) + " " + strconv.FormatInt(stamp.UnixNano(), 10) + "\n")
	if _, err := file.WriteAt(line, 0); err != nil {
		return fmt.Errorf("writing the rate budget %s: %w", b.path, err)
	}
	if err := file.Truncate(int64(len(line))); err != nil {
		return fmt.Errorf("writing the rate budget %s: %w", b.path, err)
	}
	return nil
}

// lock opens the state file (created 0600) and takes its lock, polling
// until it is free, ctx ends or LockWait passes. It re-opens the file when
// it was removed or replaced meanwhile, so that every process locks the
// file that is at the path.
func (b *Bucket) lock(ctx context.Context) (*os.File, error) {
	deadline := time.Now().Add(LockWait)
	poll := 100 * time.Microsecond
	for {
		if fi, err := os.Lstat(b.path); err == nil && !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("the rate budget %s is not a regular file: remove it", b.path)
		}
		if b.beforeOpen != nil {
			b.beforeOpen()
		}
		f, err := os.OpenFile(b.path, os.O_RDWR|os.O_CREATE|openFlags, 0o600)
		if err != nil {
			if fi, lerr := os.Lstat(b.path); lerr == nil && !fi.Mode().IsRegular() {
				return nil, fmt.Errorf("the rate budget %s is not a regular file: remove it", b.path)
			}
			return nil, fmt.Errorf("opening the rate budget %s: %w", b.path, err)
		}
		if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
			f.Close()
			return nil, fmt.Errorf("the rate budget %s is not a regular file: remove it", b.path)
		}
		ok, err := runlock.TryLockFile(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking the rate budget %s: %w", b.path, err)
		}
		if ok {
			held, err1 := f.Stat()
			there, err2 := os.Lstat(b.path)
			if err1 == nil && err2 == nil && os.SameFile(held, there) {
				return f, nil
			}
			_ = runlock.UnlockFile(f) // removed or replaced: lock the new one
		}
		f.Close()
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the rate budget %s stayed locked for %s", b.path, LockWait)
		}
		t := time.NewTimer(poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, context.Cause(ctx)
		case <-t.C:
		}
		poll = min(2*poll, 5*time.Millisecond)
	}
}

// parse reads the state: tokens, and when they were counted. ok is false
// for anything but a well-formed state of this format.
func parse(f *os.File) (tokens float64, at time.Time, ok bool) {
	buf := make([]byte, maxState)
	n, err := f.ReadAt(buf, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return 0, time.Time{}, false
	}
	rest, found := strings.CutPrefix(string(buf[:n]), header+"\n")
	if !found {
		return 0, time.Time{}, false
	}
	fields := strings.Fields(rest)
	if len(fields) != 2 {
		return 0, time.Time{}, false
	}
	tokens, err1 := strconv.ParseFloat(fields[0], 64)
	ns, err2 := strconv.ParseInt(fields[1], 10, 64)
	if err1 != nil || err2 != nil || math.IsNaN(tokens) || math.IsInf(tokens, 0) || ns <= 0 {
		return 0, time.Time{}, false
	}
	return tokens, time.Unix(0, ns), true
}

// prune removes state files under dir untouched for staleAfter, except
// keep. A process still using a removed file re-creates it on its next
// reservation (lock re-opens the path).
func prune(dir, keep string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		if !isStateName(e.Name()) || p == keep || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err == nil && now.Sub(fi.ModTime()) > staleAfter {
			_ = os.Remove(p)
		}
	}
}

// isStateName reports whether name is one File makes (24 lowercase hex
// digits and the suffix): prune removes nothing else from a folder that
// may be any folder the user named.
func isStateName(name string) bool {
	h, ok := strings.CutSuffix(name, suffix)
	if !ok || len(h) != 24 {
		return false
	}
	for _, r := range h {
		if (r < '0' || r > '9') && (r < 'a' || r > 'f') {
			return false
		}
	}
	return true
}
