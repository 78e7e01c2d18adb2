package chaos

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/glue-sync/glue-sync/internal/apply"
	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/reposeed"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// concurrentOutside is what the account holds besides the repository's
// organizations and types: an organization outside its scope, with an
// asset.
const concurrentOutside = `organization_types: [Internal]
organizations:
  - {name: Outside Corp, type: Internal, status: Active, description: not in the repository}
flexible_assets:
  - {organization: Outside Corp, type: Race Server, traits: {Hostname: out-01, Role: hands off}}
`

// concurrentSeed already holds the organizations and types of
// concurrentRepo (derived from its files), so that two applies of it race
// only on asset creates (organizations, types and fields are re-checked
// but never swept: see docs/apply.md), plus concurrentOutside.
func concurrentSeed(t *testing.T) string {
	t.Helper()
	seed, err := reposeed.FromFiles(context.Background(), concurrentFiles(0), reposeed.Options{Extra: concurrentOutside})
	if err != nil {
		t.Fatal(err)
	}
	return seed
}

// concurrentPerOrg is how many servers and services each organization of
// the concurrent tests' repository holds: two make two dependent create
// waves per organization (servers, then services tagging them), each
// with more than one asset for the two applies to race on.
const concurrentPerOrg = 2

// concurrentRepo writes concurrentFiles(perOrg) to a new directory.
func concurrentRepo(t *testing.T, perOrg int) string {
	t.Helper()
	dir := t.TempDir() + "/race-repo"
	clitest.WriteFiles(t, dir, concurrentFiles(perOrg))
	return dir
}

// concurrentFiles is a repository of perOrg servers and services (each
// tagging its server, the first with a Password) in each of the two
// organizations.
func concurrentFiles(perOrg int) map[string]string {
	files := map[string]string{
		"glue-sync.yaml": "version: 1\nmanage:\n  organizations: [Race One, Race Two]\n  flexibleAssetTypes: [Race Server, Race Service]\n",
		"organizations/orgs.yaml": "kind: Organization\nname: Race One\ntype: Customer\nstatus: Active\n---\n" +
			"kind: Organization\nname: Race Two\ntype: Customer\nstatus: Active\n",
		"types/types.yaml": `kind: FlexibleAssetType
name: Race Server
fields:
  - {name: Hostname, kind: Text, required: true, useForTitle: true, showInList: true}
  - {name: Role, kind: Text}
---
kind: FlexibleAssetType
name: Race Service
fields:
  - {name: Service, kind: Text, required: true, useForTitle: true, showInList: true}
  - {name: Runs On, kind: Tag, tagType: {flexibleAssetType: Race Server}}
  - {name: Admin Password, kind: Password}
`,
	}
	for o, org := range []string{"Race One", "Race Two"} {
		var docs []string
		for i := range perOrg {
			docs = append(docs, fmt.Sprintf("kind: FlexibleAsset\norganization: %s\ntype: Race Server\ntraits:\n  Hostname: srv-%d-%02d\n  Role: web\n", org, o, i))
			svc := fmt.Sprintf("kind: FlexibleAsset\norganization: %s\ntype: Race Service\ntraits:\n  Service: svc-%d-%02d\n  Runs On: srv-%d-%02d\n", org, o, i, o, i)
			if i == 0 {
				svc += "  Admin Password: {env: " + genPasswordEnv + "}\n"
			}
			docs = append(docs, svc)
		}
		files[fmt.Sprintf("assets/org-%d.yaml", o)] = strings.Join(docs, "---\n")
	}
	return files
}

// TestConcurrentAppliesConverge: two apply DIR of one repository, started
// together from two "machines" (each its own lock folder) against one
// account answering with 429s, 5xx errors and dropped connections, each
// exit 0, 1 or 3 with a report that adds up; apply repeated until it
// succeeds then leaves an account with no duplicate that plans clean and
// is untouched outside the scope. The seeds are shared out between the
// profiles (see takes).
func TestConcurrentAppliesConverge(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		t.Parallel()
		for i, seed := range []int64{31, 32, 33, 34} {
			if !takes(prof, i) {
				continue
			}
			faults := storm(seed)
			t.Run(describe(faults), func(t *testing.T) {
				t.Parallel()
				rp := openRepo(t, concurrentRepo(t, concurrentPerOrg))
				repo := rp.dir
				faulty := startBox(t, prof, clitest.Canary(t, "ITG.key-"), faults, concurrentSeed(t))
				before := outsideScope(t, faulty.Snapshot(t), rp.ds)
				if len(before) == 0 {
					t.Fatal("the seed has nothing outside the scope: the scope check proves nothing")
				}
				e := env(t, faulty, []string{genPasswordEnv})
				var wg sync.WaitGroup
				results := make([]clitest.Result, 2)
				for i := range results {
					wg.Add(1)
					go func() {
						defer wg.Done()
						ei := map[string]string{"XDG_CACHE_HOME": t.TempDir()}
						for k, v := range e {
							ei[k] = v
						}
						results[i] = clitest.RunContext(context.Background(), t, ei, "apply", "--auto-approve", "--format", "json", repo)
					}()
				}
				wg.Wait()
				swept := 0
				for _, r := range results {
					checkConcurrentReport(t, r)
					var rep apply.JSONReport
					if json.Unmarshal([]byte(r.Stdout), &rep) == nil {
						swept += len(rep.Sweep)
						for _, n := range rep.Sweep {
							t.Logf("sweep: %s", n.Message)
						}
					}
				}
				if t.Failed() {
					t.FailNow()
				}
				if dups := duplicates(t, faulty.calm(t)); len(dups) > 0 {
					t.Errorf("DUPLICATES right after the two concurrent applies:\n%s\n%s\n%s", strings.Join(dups, "\n"), results[0], results[1])
				}
				runs := converge(context.Background(), t, e, repo)
				t.Logf("two concurrent applies (%d sweep notes), then converged in %d runs; %d requests, %d writes", swept, runs, faulty.Server.RequestCount(), faulty.writes.Load())
				checkConverged(t, faulty, e, rp, before)
			})
		}
	})
}

// checkConcurrentReport is checkReport for an apply that raced another:
// besides 0 and 1, exit 3 is expected (objects it would create appeared
// since its plan: the other apply made them; what depends on them is
// skipped, so the outcome may be "partial").
func checkConcurrentReport(t *testing.T, r clitest.Result) {
	t.Helper()
	if r.Code == cli.ExitStale {
		var rep apply.JSONReport
		if err := json.Unmarshal([]byte(r.Stdout), &rep); err != nil || rep.Counts.Stale == 0 || rep.Counts.Failed > 0 {
			t.Errorf("exit 3 without a stale report (%v)\n%s", err, r)
		}
		return
	}
	checkReport(t, r)
}
