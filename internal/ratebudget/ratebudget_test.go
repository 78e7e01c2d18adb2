//go:build unix

package ratebudget

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/runlock"
)

const (
	testURL = "https://api.itglue.com"
	testKey = "ITG.secret-key-0123456789"
)

// fakeClock is a settable clock.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func newClock() *fakeClock { return &fakeClock{t: time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)} }

// grantsWithin counts the grants (times a request may go) in the busiest
// window of length w.
func busiest(grants []time.Time, w time.Duration) int {
	worst, lo := 0, 0
	for hi := range grants {
		for grants[hi].Sub(grants[lo]) >= w {
			lo++
		}
		worst = max(worst, hi-lo+1)
	}
	return worst
}

// TestTwoBucketsShareOneBudget: two Buckets on the same folder (as two
// processes would be) hand out one budget between them: a burst, then the
// rate, whichever of them asks. Two folders (no sharing) hand out twice.
func TestTwoBucketsShareOneBudget(t *testing.T) {
	for _, tt := range []struct {
		name   string
		shared bool
		want   func(worst int) bool
	}{
		{"same folder", true, func(w int) bool { return w <= 10+20 }},
		{"separate folders", false, func(w int) bool { return w > 10+20 }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock := newClock()
			dirA := t.TempDir()
			dirB := dirA
			if !tt.shared {
				dirB = t.TempDir()
			}
			// 20 requests per 10 s after a burst of 10.
			a, err := New(dirA, testURL, testKey, 2, 10, clock.now)
			if err != nil {
				t.Fatal(err)
			}
			b, err := New(dirB, testURL, testKey, 2, 10, clock.now)
			if err != nil {
				t.Fatal(err)
			}
			// Each asks for a token every 100 ms of simulated time and
			// sends when told; count the sends in every 10 s window.
			var grants []time.Time
			for i := range 400 {
				bk := a
				if i%2 == 1 {
					bk = b
				}
				wait, err := bk.Reserve(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				grants = append(grants, clock.t.Add(wait))
				clock.t = clock.t.Add(wait + 100*time.Millisecond)
			}
			sortTimes(grants)
			if w := busiest(grants, 10*time.Second); !tt.want(w) {
				t.Errorf("busiest 10 s window: %d requests (burst 10 + 20 per 10 s)", w)
			}
		})
	}
}

func sortTimes(ts []time.Time) { slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) }) }

func TestStateFileIsPrivateAndNeverShowsTheKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "budget")
	b, err := New(dir, testURL, testKey, 9, 100, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Reserve(context.Background()); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(b.Path())
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("state file mode %v, want 0600", perm)
	}
	di, _ := os.Stat(dir)
	if perm := di.Mode().Perm(); perm != 0o700 {
		t.Errorf("folder mode %v, want 0700", perm)
	}
	body, _ := os.ReadFile(b.Path())
	if strings.Contains(b.Path(), testKey) || strings.Contains(string(body), testKey) || strings.Contains(b.Path(), "itglue") {
		t.Errorf("the state file shows the key or URL: %s: %q", b.Path(), body)
	}
	if len(body) > maxState {
		t.Errorf("state file is %d bytes, want under %d", len(body), maxState)
	}
	other := File(dir, testURL, testKey+"x")
	eu := File(dir, "https://api.eu.itglue.com", testKey)
	if other == b.Path() || eu == b.Path() {
		t.Error("another key or another region shares the state file")
	}
}

// TestDamagedStateIsReset: whatever the file holds, a reservation works
// and waits at most what a fresh bucket or maxDebt allows.
func TestDamagedStateIsReset(t *testing.T) {
	clock := newClock()
	for _, tt := range []struct {
		name, body string
		wait       time.Duration // the longest acceptable wait
	}{
		{"empty", "", 0},
		{"garbage", "\x00\x01not a budget at all", 0},
		{"NaN", header + "\nNaN 1\n", 0},
		{"infinite", header + "\n+Inf 1\n", 0},
		{"far more than the burst", header + "\n1e300 " + ns(clock.t) + "\n", 0},
		{"a clock far ahead", header + "\n-50 " + ns(clock.t.Add(time.Hour)) + "\n", 0},
		{"an absurd debt", header + "\n-1e12 " + ns(clock.t) + "\n", time.Duration(maxDebt+1) * time.Second},
		{"huge", strings.Repeat("9", 1<<20), 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			b, err := New(dir, testURL, testKey, 1, 5, clock.now)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(b.Path(), []byte(tt.body), 0o600); err != nil {
				t.Fatal(err)
			}
			wait, err := b.Reserve(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if wait > tt.wait {
				t.Errorf("wait %s, want at most %s", wait, tt.wait)
			}
			body, _ := os.ReadFile(b.Path())
			if len(body) > maxState {
				t.Errorf("state file left at %d bytes", len(body))
			}
		})
	}
}

func ns(t time.Time) string { return strconv.FormatInt(t.UnixNano(), 10) }

// TestReserveRefundAndDeadline: an empty bucket says how long to wait; a
// wait past the context's deadline takes nothing; Refund gives back.
func TestReserveRefundAndDeadline(t *testing.T) {
	clock := newClock()
	b, err := New(t.TempDir(), testURL, testKey, 1, 1, clock.now)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if w, _ := b.Reserve(ctx); w != 0 {
		t.Fatalf("first reservation waits %s, want 0 (the burst)", w)
	}
	if w, _ := b.Reserve(ctx); w != time.Second {
		t.Fatalf("second reservation waits %s, want 1s", w)
	}
	short, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	if _, err := b.Reserve(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a wait past the deadline = %v, want DeadlineExceeded", err)
	}
	b.Refund() // the second reservation was not sent
	if w, _ := b.Reserve(ctx); w != time.Second {
		t.Errorf("after a refund and a refused reservation the wait is %s, want 1s", w)
	}
}

// TestLockedStateWaitsForTheContext: a holder that never lets go cannot
// block a reservation beyond its context.
func TestLockedStateWaitsForTheContext(t *testing.T) {
	b, err := New(t.TempDir(), testURL, testKey, 1, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(b.Path(), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if ok, err := runlock.TryLockFile(f); !ok || err != nil {
		t.Fatalf("locking: %v %v", ok, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Reserve(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Reserve on a held lock with a cancelled context = %v, want Canceled", err)
	}
	_ = runlock.UnlockFile(f)
	if _, err := b.Reserve(context.Background()); err != nil {
		t.Errorf("Reserve once the lock is free = %v", err)
	}
}

func TestStaleStateFilesArePruned(t *testing.T) {
	dir := t.TempDir()
	old := File(dir, testURL, "another key")
	recent := File(dir, testURL, "a third key")
	other := filepath.Join(dir, "notes.txt")
	// A file of the user's that merely ends like a state file (the folder
	// is --shared-budget's, any folder) is never glue-sync's to remove.
	users := filepath.Join(dir, "q3.budget")
	for _, p := range []string{old, recent, other, users} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-2 * staleAfter)
	for _, p := range []string{old, other, users} {
		if err := os.Chtimes(p, long, long); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := New(dir, testURL, testKey, 1, 1, nil); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{old: false, recent: true, other: true, users: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s exists = %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}

// envChild makes the test binary a child of TestTwoProcessesShareOneBudget:
// it holds the state folder.
const envChild = "GLUE_SYNC_RATEBUDGET_TEST_DIR"

// TestTwoProcessesShareOneBudget runs two real processes (this test binary
// again) that reserve tokens at once, each as fast as it can: with one
// state folder their grants together keep to one budget; with a folder
// each they take twice as much.
func TestTwoProcessesShareOneBudget(t *testing.T) {
	if dir := os.Getenv(envChild); dir != "" {
		childReserve(dir)
		return
	}
	const perChild, burst, perSec = 60, 10, 100
	for _, shared := range []bool{true, false} {
		dirs := []string{t.TempDir()}
		if shared {
			dirs = append(dirs, dirs[0])
		} else {
			dirs = append(dirs, t.TempDir())
		}
		var cmds []*exec.Cmd
		var outs []*strings.Builder
		for _, dir := range dirs {
			cmd := exec.Command(os.Args[0], "-test.run=^TestTwoProcessesShareOneBudget$", "-test.count=1")
			cmd.Env = append(os.Environ(), envChild+"="+dir)
			out := &strings.Builder{}
			cmd.Stdout, cmd.Stderr = out, out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			cmds, outs = append(cmds, cmd), append(outs, out)
		}
		var grants []time.Time
		for i, cmd := range cmds {
			if err := cmd.Wait(); err != nil {
				t.Fatalf("child: %v\n%s", err, outs[i])
			}
			for _, line := range strings.Split(outs[i].String(), "\n") {
				if v, ok := strings.CutPrefix(line, "grant "); ok {
					n, err := strconv.ParseInt(v, 10, 64)
					if err != nil {
						t.Fatal(err)
					}
					grants = append(grants, time.Unix(0, n))
				}
			}
		}
		if len(grants) != 2*perChild {
			t.Fatalf("got %d grants from the children, want %d", len(grants), 2*perChild)
		}
		sortTimes(grants)
		// The most any span may hold: the burst plus what the rate refills
		// in it (plus one for rounding).
		over := 0
		for i := range grants {
			for j := i; j < len(grants); j++ {
				if float64(j-i+1) > burst+perSec*grants[j].Sub(grants[i]).Seconds()+1 {
					over = max(over, j-i+1)
				}
			}
		}
		if shared && over > 0 {
			t.Errorf("one state folder: a span held %d grants, more than the shared budget allows", over)
		}
		if !shared && over == 0 {
			t.Error("a folder each: the two processes kept to one budget, want them to overrun it (the test cannot tell sharing apart)")
		}
	}
}

// childReserve is the child's part: reserve 60 tokens of a budget of 100
// a second after a burst of 10, printing when each may be sent.
func childReserve(dir string) {
	var last time.Time
	now := func() time.Time { last = time.Now(); return last }
	b, err := New(dir, testURL, testKey, 100, 10, now)
	if err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		os.Exit(1)
	}
	for range 60 {
		wait, err := b.Reserve(context.Background())
		if err != nil {
			os.Stdout.WriteString("error " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString("grant " + ns(last.Add(wait)) + "\n")
	}
}

// TestStatePathSwappedForALinkIsNeverFollowed: when the state file is
// replaced by a symbolic link between the check and the open (someone
// else who can write the folder), the bucket writes nothing through the
// link: the file it points at is left as it was.
func TestStatePathSwappedForALinkIsNeverFollowed(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(t.TempDir(), "important.txt")
	const content = "the user's own file\n"
	if err := os.WriteFile(victim, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := New(dir, testURL, testKey, 1, 5, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.beforeOpen = func() {
		_ = os.Remove(b.Path())
		if err := os.Symlink(victim, b.Path()); err != nil {
			t.Error(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := b.Reserve(ctx); err == nil {
		t.Error("Reserve through a state path that is a link succeeded")
	}
	got, err := os.ReadFile(victim)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != content {
		t.Errorf("the file the link points at was written: %q", got)
	}
}
