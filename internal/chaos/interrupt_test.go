package chaos

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/glue-sync/glue-sync/internal/apply"
	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// maxChain bounds the runs of one interrupt chain.
const maxChain = 24

// TestInterruptedApply interrupts apply again and again on one account:
// each run's context is cancelled as its second write reaches the account
// (its sixth attempt at a write under faults), so that write lands while
// its answer is lost, and the next run starts
// from what the last one left, until a run finishes. Every interrupted run
// exits 130 with a report (or 0/1 when the cancel came late), and the
// account then converges, with no duplicate and nothing outside the scope
// touched.
//
// A run's writes after an interrupt are what the last run left undone, so
// a chain loses the answer to every second write of a fresh apply, in
// order, each time after the writes before it landed; the pessimistic
// profile's chain starts with its first write lost and the default
// profile's with its second, so between them every write of each
// repository's apply has its answer lost once (this replaced one fresh
// account per interrupted write, at a third of the cost). The chain under
// faults runs in both profiles, offset by three attempts.
func TestInterruptedApply(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		t.Parallel()
		for _, tc := range []struct {
			name   string
			seed   func() string
			repo   func(*testing.T) string
			faults sandbox.Faults
			// writes is how many writes a fresh apply makes without faults:
			// the chain must interrupt at least writes/every runs.
			writes int
			// every: each run is cancelled at its every-th write (its
			// every/2-th in the pessimistic profile's first run).
			every int64
		}{
			// examples/repo's 14 writes: type update, create and rename,
			// bulk field move, field update and create, organization
			// update, bulk asset update, asset creates (two dependent waves
			// in one organization, one in another), asset update, delete.
			{"examples/repo", func() string { return string(demo.Seed()) },
				func(*testing.T) string { return clitest.ExampleRepo }, sandbox.Faults{}, 14, 2},
			// The generated repo's 15: two type creates, two field creates
			// (one on a created type), an organization create, a bulk
			// asset update, then three dependent create waves per
			// organization.
			{"generated repo", func() string { return genSeed(genSmall) },
				func(t *testing.T) string { return genRepo(t, genSmall) }, sandbox.Faults{}, 15, 2},
			// Under faults the writes include retries; every sixth is cut.
			{"generated repo under faults", func() string { return genSeed(genSmall) },
				func(t *testing.T) string { return genRepo(t, genSmall) }, storm(11), 15, 6},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				rp := openRepo(t, tc.repo(t))
				b := startBox(t, prof, clitest.Canary(t, "ITG.key-"), tc.faults, tc.seed())
				before := outsideScope(t, b.Snapshot(t), rp.ds)
				e := env(t, b, rp.pwEnvs)
				k := tc.every
				if prof == sandbox.ProfilePessimistic {
					k = tc.every / 2
				}
				interrupted := 0
				for run := 1; ; run++ {
					if run > maxChain {
						t.Fatalf("apply did not finish in %d runs interrupted at their write %d", maxChain, tc.every)
					}
					r, hit := applyInterrupted(t, b, e, rp.dir, k)
					if hit {
						interrupted++
					}
					k = tc.every
					switch r.Code {
					case cli.ExitCancel:
						if !hit {
							t.Fatalf("run %d: exit 130 without an interrupt\n%s", run, r)
						}
						var rep apply.JSONReport
						if err := json.Unmarshal([]byte(r.Stdout), &rep); err != nil {
							t.Fatalf("interrupted apply: the report is not JSON: %v\n%s", err, r)
						}
						if rep.Outcome != apply.OutcomeCancelled && rep.Counts.NotAttempted+rep.Counts.Failed == 0 {
							t.Errorf("interrupted apply: outcome %q with counts %+v; want something not attempted\n%s", rep.Outcome, rep.Counts, r)
						}
					case cli.ExitOK, cli.ExitError:
						checkReport(t, r)
					default:
						t.Fatalf("interrupted apply: want exit 130 (or 0/1 when the cancel came late)\n%s", r)
					}
					if t.Failed() {
						t.FailNow()
					}
					if r.Code == cli.ExitOK {
						t.Logf("%d runs, %d of them interrupted; %d requests, %d writes", run, interrupted, b.Server.RequestCount(), b.writes.Load())
						break
					}
				}
				if want := tc.writes / int(tc.every); interrupted < want {
					t.Errorf("only %d runs were interrupted; a fresh apply makes %d writes, so want at least %d", interrupted, tc.writes, want)
				}
				checkConverged(t, b, e, rp, before)
			})
		}
	})
}

// applyInterrupted runs apply --format json of repo against b, cancelling
// it as its k-th write reaches the account, and reports whether it got
// that far.
func applyInterrupted(t *testing.T, b *box, e map[string]string, repo string, k int64) (clitest.Result, bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	at := b.writes.Load() + k
	var hit atomic.Bool
	hook := func(n int64) {
		if n == at {
			hit.Store(true)
			cancel()
		}
	}
	b.onWrite.Store(&hook)
	r := clitest.RunContext(ctx, t, e, "apply", "--auto-approve", "--format", "json", repo)
	b.onWrite.Store(nil)
	return r, hit.Load()
}

// TestInterruptedPlanFileApply: a saved plan whose apply was cancelled
// after some creates landed is refused as a whole when applied again (exit
// 3, not a single write), and a fresh plan and apply then converge. The two
// interrupt points are shared out between the profiles (see takes).
func TestInterruptedPlanFileApply(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		t.Parallel()
		rp := openRepo(t, clitest.ExampleRepo)
		for i, k := range []int64{2, 6} {
			if !takes(prof, i) {
				continue
			}
			t.Run("after write "+itoa(k), func(t *testing.T) {
				t.Parallel()
				b := startBox(t, prof, clitest.Canary(t, "ITG.key-"), sandbox.Faults{}, string(demo.Seed()))
				before := outsideScope(t, b.Snapshot(t), rp.ds)
				e := env(t, b, rp.pwEnvs)
				file := filepath.Join(t.TempDir(), "plan.json")
				if r := clitest.RunContext(context.Background(), t, e, "plan", "--out", file, clitest.ExampleRepo); r.Code != cli.ExitOK {
					t.Fatalf("plan --out: %s", r)
				}
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				hook := func(n int64) {
					if n == k {
						cancel()
					}
				}
				b.onWrite.Store(&hook)
				r := clitest.RunContext(ctx, t, e, "apply", "--auto-approve", file)
				b.onWrite.Store(nil)
				if r.Code != cli.ExitCancel {
					t.Fatalf("interrupted apply of a plan file: want exit %d\n%s", cli.ExitCancel, r)
				}
				writes := b.writes.Load()
				r = clitest.RunContext(context.Background(), t, e, "apply", "--auto-approve", file)
				if r.Code != cli.ExitStale {
					t.Errorf("second apply of a partly applied plan file: want exit %d (refused)\n%s", cli.ExitStale, r)
				}
				if got := b.writes.Load() - writes; got != 0 {
					t.Errorf("the refused plan file made %d writes; want none", got)
				}
				converge(context.Background(), t, e, clitest.ExampleRepo)
				checkConverged(t, b, e, rp, before)
			})
		}
	})
}
