package chaos

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/glue-sync/glue-sync/internal/apply"
	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// TestInterruptedApply cancels apply's context as its K-th write reaches
// the account (so that write lands while its answer is lost), then reruns
// apply: it converges, with no duplicate and nothing outside the scope
// touched. Every write of examples/repo's apply and most of the generated
// repository's are interrupted once, in one profile or the other (see
// takes); the interrupts under faults run in both.
func TestInterruptedApply(t *testing.T) {
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		t.Parallel()
		small := genSize{orgs: 3, perType: 5}
		// The generated repo's apply takes 15 writes without faults (asset
		// creates go out in dependency waves, one POST per wave and
		// organization; 5 assets per type make the same writes as 10);
		// every k must be a write the apply makes.
		for _, tc := range []struct {
			name   string
			seed   func() string
			repo   func(*testing.T) string
			faults sandbox.Faults
			k      []int64
			// both runs every k in both profiles instead of sharing them out.
			both bool
		}{
			{"examples/repo", func() string { return string(demo.Seed()) },
				func(*testing.T) string { return clitest.ExampleRepo }, sandbox.Faults{}, []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, false},
			{"generated repo", func() string { return genSeed(small) },
				func(t *testing.T) string { return genRepo(t, small) }, sandbox.Faults{}, []int64{1, 2, 3, 4, 5, 6, 8, 10, 12, 15}, false},
			{"generated repo under faults", func() string { return genSeed(small) },
				func(t *testing.T) string { return genRepo(t, small) }, storm(11), []int64{10, 14}, true},
		} {
			rp := openRepo(t, tc.repo(t))
			for i, k := range tc.k {
				if !tc.both && !takes(prof, i) {
					continue
				}
				t.Run(tc.name+"/after write "+itoa(k), func(t *testing.T) {
					t.Parallel()
					b := startBox(t, prof, clitest.Canary(t, "ITG.key-"), tc.faults, tc.seed())
					before := outsideScope(t, b.Snapshot(t), rp.ds)
					e := env(t, b, rp.pwEnvs)

					ctx, cancel := context.WithCancel(context.Background())
					defer cancel()
					hook := func(n int64) {
						if n == k {
							cancel()
						}
					}
					b.onWrite.Store(&hook)
					r := clitest.RunContext(ctx, t, e, "apply", "--auto-approve", "--format", "json", rp.dir)
					b.onWrite.Store(nil)
					if b.writes.Load() < k {
						t.Fatalf("apply made only %d writes; the test wants to interrupt the %d-th\n%s", b.writes.Load(), k, r)
					}
					switch r.Code {
					case cli.ExitCancel:
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
					runs := converge(context.Background(), t, e, rp.dir)
					t.Logf("interrupted with exit %d, converged in %d more runs", r.Code, runs)
					checkConverged(t, b, e, rp, before)
				})
			}
		}
	})
}

// TestInterruptedPlanFileApply: a saved plan whose apply was cancelled
// after some creates landed is refused as a whole when applied again (exit
// 3, not a single write), and a fresh plan and apply then converge. The two
// interrupt points are shared out between the profiles (see takes).
func TestInterruptedPlanFileApply(t *testing.T) {
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
