package chaos

import (
	"context"
	"flag"
	"testing"

	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// sweepSeeds turns on TestSeedSweep: that many fault seeds, from 1000.
var sweepSeeds = flag.Int("chaos.seeds", 0, "converge under that many more fault seeds (slow; e.g. -chaos.seeds=40 -parallel 8)")

// TestSeedSweep is the convergence test over many fault seeds and two
// mixes (one heavy on drops, which are what turns a blind retry into a
// duplicate), alternating examples/repo and the generated repository. It
// is off unless -chaos.seeds is given: a hunt for rare orderings, not a CI
// check.
func TestSeedSweep(t *testing.T) {
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		if *sweepSeeds == 0 {
			t.Skip("give -chaos.seeds=N to sweep N fault seeds")
		}
		small := genSize{orgs: 3, perType: 10}
		for s := int64(1000); s < 1000+int64(*sweepSeeds); s++ {
			f := sandbox.Faults{Seed: s, RateLimitRate: 0.2, ServerErrorRate: 0.15, DropRate: 0.1}
			if s%4 >= 2 {
				f = sandbox.Faults{Seed: s, ServerErrorRate: 0.1, DropRate: 0.35}
			}
			t.Run(describe(f), func(t *testing.T) {
				t.Parallel()
				seed, dir := string(demo.Seed()), clitest.ExampleRepo
				if s%2 == 0 {
					seed, dir = genSeed(small), genRepo(t, small)
				}
				rp := openRepo(t, dir)
				b := startBox(t, prof, clitest.Canary(t, "ITG.key-"), f, seed)
				before := outsideScope(t, b.Snapshot(t), rp.ds)
				e := env(t, b, rp.pwEnvs)
				n := converge(context.Background(), t, e, rp.dir)
				t.Logf("converged in %d runs", n)
				checkConverged(t, b, e, rp, before)
			})
		}
	})
}
