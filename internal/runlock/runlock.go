package runlock

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Lock is a held lock; Release it when done.
type Lock struct {
	f    *os.File
	path string
}

// Path is the lock file.
func (l *Lock) Path() string { return l.path }

// BusyError says another process holds the lock.
type BusyError struct {
	// Path is the lock file.
	Path string
	// Holder is what the holder wrote into it ("PID 1234 on host, since
	// 15:20:01 UTC"), or "" when unreadable.
	Holder string
	// Waited is how long Acquire waited before giving up.
	Waited time.Duration
}

func (e *BusyError) Error() string {
	who := "another glue-sync apply"
	if e.Holder != "" {
		who += " (" + e.Holder + ")"
	}
	waited := ""
	if e.Waited > 0 {
		waited = fmt.Sprintf(" after waiting %s", e.Waited)
	}
	return fmt.Sprintf("%s is applying to this account from this repository%s (lock file %s)", who, waited, e.Path)
}

// File is the lock file's path for key under dir: a hash, so that a URL
// or a path never has to be a valid file name.
func File(dir, key string) string {
	sum := sha256.Sum256([]byte(key))
	return filepath.Join(dir, "apply-"+hex.EncodeToString(sum[:8])+".lock")
}

// pollEvery is how often a waiting Acquire tries again.
const pollEvery = 100 * time.Millisecond

// Acquire takes the lock for key under dir (created when missing). When
// another process holds it, Acquire tries again until wait has passed (0:
// once) or ctx is done, then returns a *BusyError naming the holder. what
// says what the holder does, for the other side's message.
func Acquire(ctx context.Context, dir, key, what string, wait time.Duration) (*Lock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the lock folder %s: %w", dir, err)
	}
	path := File(dir, key)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening the lock file %s: %w", path, err)
	}
	start := time.Now()
	var tick *time.Ticker
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		if ok {
			break
		}
		waited := time.Since(start)
		if waited >= wait {
			holder := readHolder(path)
			f.Close()
			return nil, &BusyError{Path: path, Holder: holder, Waited: wait}
		}
		if tick == nil {
			tick = time.NewTicker(pollEvery)
			defer tick.Stop()
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-tick.C:
		}
	}
	host, _ := os.Hostname()
	info := fmt.Sprintf("PID %d on %s, %s since %s", os.Getpid(), host, what, time.Now().UTC().Format("15:04:05 UTC"))
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(info+"\n"), 0)
	}
	return &Lock{f: f, path: path}, nil
}

// readHolder reads what the holder wrote, bounded and on one line.
func readHolder(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	b := make([]byte, 256)
	n, _ := f.Read(b)
	s := strings.TrimSpace(string(b[:n]))
	s, _, _ = strings.Cut(s, "\n")
	return strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}

// Release drops the lock. The file stays: removing it would let a third
// process lock a new file while a second still waits on the old one.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := unlock(l.f)
	if cerr := l.f.Close(); err == nil {
		err = cerr
	}
	l.f = nil
	if err != nil {
		return fmt.Errorf("releasing the lock %s: %w", l.path, err)
	}
	return nil
}

// errUnsupported is returned by tryLock where file locks are not available.
var errUnsupported = errors.New("file locks are not supported on this system")

// TryLockFile takes the same exclusive lock Acquire holds, on an open
// file, without waiting: false when another process (or another open of
// the file) holds it. Where Supported is false it always fails. Other
// packages that keep a small file consistent across processes (the shared
// rate budget) use it; the lock is dropped by UnlockFile, by closing f, or
// when the process exits.
func TryLockFile(f *os.File) (bool, error) { return tryLock(f) }

// UnlockFile drops a lock TryLockFile took.
func UnlockFile(f *os.File) error { return unlock(f) }
