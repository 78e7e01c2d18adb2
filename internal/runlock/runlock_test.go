//go:build unix

package runlock

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestAcquireIsExclusive(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	l, err := Acquire(ctx, dir, "https://api.itglue.com\n/repo", "applying plan.json", 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(ctx, dir, "https://api.itglue.com\n/repo", "applying", 0)
	var busy *BusyError
	if !errors.As(err, &busy) {
		t.Fatalf("second Acquire = %v; want a *BusyError", err)
	}
	if want := "PID " + itoa(os.Getpid()); !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "applying plan.json since") {
		t.Errorf("busy error %q does not name the holder (%s)", err, want)
	}
	other, err := Acquire(ctx, dir, "https://api.itglue.com\n/other-repo", "applying", 0)
	if err != nil {
		t.Fatalf("a lock for another key = %v; want it free", err)
	}
	other.Release()
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	again, err := Acquire(ctx, dir, "https://api.itglue.com\n/repo", "applying", 0)
	if err != nil {
		t.Fatalf("Acquire after Release = %v", err)
	}
	again.Release()
}

// TestAcquireWaits: with a wait, Acquire takes the lock once the holder
// releases it.
func TestAcquireWaits(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	l, err := Acquire(ctx, dir, "k", "applying", 0)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error, 1)
	go func() {
		l2, err := Acquire(ctx, dir, "k", "applying", time.Minute)
		if err == nil {
			l2.Release()
		}
		got <- err
	}()
	l.Release()
	if err := <-got; err != nil {
		t.Fatalf("waiting Acquire = %v", err)
	}
}

// TestAcquireStopsOnCancel: a waiting Acquire returns when ctx is done.
func TestAcquireStopsOnCancel(t *testing.T) {
	dir := t.TempDir()
	l, err := Acquire(context.Background(), dir, "k", "applying", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Acquire(ctx, dir, "k", "applying", time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Acquire with a cancelled context = %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
