package chaos

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/apply"
	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// bigRepo turns on the full-size generated repository (10 organizations x
// 3 types x 30 assets). It is off by default because the client's rate
// budget (2,700 requests per 5 minutes after a burst of 100, which the
// command line always uses) makes it take about a minute per run.
var bigRepo = flag.Bool("chaos.big", false, "also converge the 10 x 3 x 30 generated repository (slow: the client's rate budget)")

// maxRuns bounds the applies one convergence may take.
const maxRuns = 8

// storm is the fault mix of the convergence tests.
func storm(seed int64) sandbox.Faults {
	return sandbox.Faults{Seed: seed, RateLimitRate: 0.30, ServerErrorRate: 0.10, DropRate: 0.05}
}

// hail is a harsher mix that makes some runs fail, so that convergence
// needs reruns.
func hail(seed int64) sandbox.Faults {
	return sandbox.Faults{Seed: seed, RateLimitRate: 0.30, ServerErrorRate: 0.30, DropRate: 0.15}
}

func describe(f sandbox.Faults) string {
	return fmt.Sprintf("seed %d, %g%% 429, %g%% 5xx, %g%% drops", f.Seed, 100*f.RateLimitRate, 100*f.ServerErrorRate, 100*f.DropRate)
}

// checkReport checks one apply --format json run under faults: exit 0 or
// 1, and a report that gives every change a valid status and counts that
// add up; exit 0 only when everything applied.
func checkReport(t *testing.T, r clitest.Result) {
	t.Helper()
	checkReportOf(t, r, nil)
}

// checkReportOf is checkReport that also wants the report to list exactly
// the changes planned (sorted ids), when planned is not nil and the run
// got as far as a plan.
func checkReportOf(t *testing.T, r clitest.Result, planned []string) {
	t.Helper()
	if r.Code != cli.ExitOK && r.Code != cli.ExitError {
		t.Fatalf("want exit 0 or 1 under faults\n%s", r)
	}
	if strings.TrimSpace(r.Stdout) == "" {
		// Only a run that could not read the account prints no report.
		if r.Code == cli.ExitOK || !strings.Contains(r.Stderr, "error: ") {
			t.Fatalf("no report and no error\n%s", r)
		}
		return
	}
	var rep apply.JSONReport
	if err := json.Unmarshal([]byte(r.Stdout), &rep); err != nil {
		t.Fatalf("the report is not JSON: %v\n%s", err, r)
	}
	if planned != nil && rep.Outcome != apply.OutcomeRefused {
		var ids []string
		for _, ch := range rep.Changes {
			ids = append(ids, ch.ID)
		}
		slices.Sort(ids)
		if d := cmp.Diff(planned, ids); d != "" {
			t.Errorf("the report does not list every planned change (-plan +report):\n%s", d)
		}
	}
	got := map[apply.Status]int{}
	for _, ch := range rep.Changes {
		switch ch.Status {
		case apply.Applied, apply.Failed, apply.Skipped, apply.Stale, apply.NotAttempted:
			got[ch.Status]++
		default:
			t.Errorf("change %s has status %q, not one of the documented ones", ch.ID, ch.Status)
		}
		if ch.ID == "" || ch.Action == "" || ch.Action == plan.NoOp {
			t.Errorf("report entry %+v: want an id and an action that does something", ch)
		}
		if ch.Status != apply.Applied && ch.Message == "" {
			t.Errorf("change %s is %s without a message saying why", ch.ID, ch.Status)
		}
	}
	c := rep.Counts
	want := map[apply.Status]int{apply.Applied: c.Applied, apply.Failed: c.Failed, apply.Skipped: c.Skipped, apply.Stale: c.Stale, apply.NotAttempted: c.NotAttempted}
	for k, v := range want {
		if v == 0 {
			delete(want, k)
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("report counts disagree with its changes (-counts +changes):\n%s", d)
	}
	if r.Code == cli.ExitOK && len(rep.Changes) != c.Applied {
		t.Errorf("exit 0 but only %d of %d changes applied\n%s", c.Applied, len(rep.Changes), r)
	}
	if r.Code == cli.ExitError && rep.Outcome == apply.OutcomeApplied {
		t.Errorf("exit 1 with outcome %q\n%s", rep.Outcome, r)
	}
}

// converge applies repo to the faulty box until a run succeeds (at most
// maxRuns), checking each run, and returns how many runs it took.
func converge(ctx context.Context, t *testing.T, e map[string]string, repo string) int {
	t.Helper()
	return convergeFrom(ctx, t, e, repo, nil)
}

// convergeFrom is converge whose first run must report exactly the
// changes first (sorted ids), when not nil.
func convergeFrom(ctx context.Context, t *testing.T, e map[string]string, repo string, first []string) int {
	t.Helper()
	for i := 1; i <= maxRuns; i++ {
		r := clitest.RunContext(ctx, t, e, "apply", "--auto-approve", "--format", "json", repo)
		if i == 1 {
			checkReportOf(t, r, first)
		} else {
			checkReport(t, r)
		}
		if t.Failed() {
			t.FailNow()
		}
		if r.Code == cli.ExitOK {
			return i
		}
	}
	t.Fatalf("apply %s did not succeed in %d runs under faults", repo, maxRuns)
	return 0
}

// checkConverged turns the faults off (a fault-free copy of the account)
// and checks that a plan shows no change, that no object exists twice,
// and that everything outside the repository's scope is as before.
func checkConverged(t *testing.T, faulty *box, e map[string]string, rp *repo, before map[string]string) {
	t.Helper()
	calm := faulty.calm(t)
	ce := map[string]string{}
	for k, v := range e {
		ce[k] = v
	}
	ce["ITGLUE_BASE_URL"] = calm.URL
	r := clitest.RunContext(context.Background(), t, ce, "plan", "--format", "json", "--detailed-exitcode", rp.dir)
	if r.Code != cli.ExitOK {
		t.Errorf("plan after convergence: want exit 0 (no changes)\n%s", r)
	}
	if p, err := plan.Decode(strings.NewReader(r.Stdout)); err != nil {
		t.Errorf("plan after convergence: %v", err)
	} else {
		for _, ch := range p.Changes {
			if ch.Action != plan.NoOp {
				t.Errorf("plan after convergence: %s %s", ch.Action, ch.ID)
			}
		}
	}
	if dups := duplicates(t, calm); len(dups) > 0 {
		t.Errorf("DUPLICATES after convergence:\n%s", strings.Join(dups, "\n"))
	}
	after := outsideScope(t, calm.Snapshot(t), rp.ds)
	if d := cmp.Diff(before, after); d != "" {
		t.Errorf("objects outside the repository's scope changed (-before +after):\n%s", d)
	}
}

// plannedIDs returns the sorted ids of the changes a plan of repo holds
// against a fault-free copy of b's account.
func plannedIDs(t *testing.T, b *box, e map[string]string, repo string) []string {
	t.Helper()
	calm := b.calm(t)
	ce := maps.Clone(e)
	ce["ITGLUE_BASE_URL"] = calm.URL
	r := clitest.RunContext(context.Background(), t, ce, "plan", "--format", "json", repo)
	p, err := plan.Decode(strings.NewReader(r.Stdout))
	if r.Code != cli.ExitOK || err != nil {
		t.Fatalf("plan on a fault-free copy: %v\n%s", err, r)
	}
	ids := []string{}
	for _, ch := range p.Changes {
		if ch.Action != plan.NoOp {
			ids = append(ids, ch.ID)
		}
	}
	if len(ids) == 0 {
		t.Fatal("the plan has no change: convergence proves nothing")
	}
	slices.Sort(ids)
	return ids
}

// TestConvergesUnderFaults: under 30% 429s, 10% 5xx and 5% dropped
// connections, apply repeated until it succeeds leaves an account that
// plans clean, holds no duplicate and is untouched outside the scope. The
// seeds of one mix are shared out between the profiles (see takes); the
// harsher mix runs in both. The first apply of each must report exactly
// the changes a plan of the same account without faults holds (planned
// once per repository and profile: every seed starts from that account).
func TestConvergesUnderFaults(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		t.Parallel()
		big := genSmall
		if *bigRepo {
			big = genSize{orgs: 10, perType: 30}
		}
		for _, tc := range []struct {
			name string
			seed func() string
			repo func(*testing.T) string
			// faults are the sandbox's fault mixes, one subtest each, shared
			// out between the profiles; both run in both profiles.
			faults, both []sandbox.Faults
		}{
			{"examples/repo on the demo account", func() string { return string(demo.Seed()) },
				func(*testing.T) string { return clitest.ExampleRepo }, []sandbox.Faults{storm(1), storm(2), storm(3), storm(4)}, nil},
			{"generated repo", func() string { return genSeed(big) },
				func(t *testing.T) string { return genRepo(t, big) }, []sandbox.Faults{storm(7), storm(8)}, []sandbox.Faults{hail(9)}},
		} {
			rp := openRepo(t, tc.repo(t))
			var faults []sandbox.Faults
			for i, fs := range tc.faults {
				if takes(prof, i) {
					faults = append(faults, fs)
				}
			}
			key := clitest.Canary(t, "ITG.key-")
			calm := startBox(t, prof, key, sandbox.Faults{}, tc.seed())
			planned := plannedIDs(t, calm, env(t, calm, rp.pwEnvs), rp.dir)
			for _, fs := range append(faults, tc.both...) {
				t.Run(tc.name+"/"+describe(fs), func(t *testing.T) {
					t.Parallel()
					faulty := startBox(t, prof, key, fs, tc.seed())
					before := outsideScope(t, faulty.Snapshot(t), rp.ds)
					if len(before) == 0 {
						t.Fatal("the seed has nothing outside the scope: the scope check proves nothing")
					}
					e := env(t, faulty, rp.pwEnvs)
					runs := convergeFrom(context.Background(), t, e, rp.dir, planned)
					t.Logf("converged in %d runs, %d requests, %d writes", runs, faulty.Server.RequestCount(), faulty.writes.Load())
					checkConverged(t, faulty, e, rp, before)
				})
			}
		}
	})
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }
