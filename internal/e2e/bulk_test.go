package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/reposeed"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// bulkPages is how many Runbook pages each of the 3 organizations of
// bulkFiles has. Every other page is updated: 18 updates, 16 applied after
// the 2 made stale. That is past the edge the test guards, the request
// budget of TestApplyPlanFileInBulk (10, or 16 in the pessimistic
// profile): one GET or one PATCH per updated asset would exceed it either
// way. Each organization's list stays one page (the sandbox serves 250),
// and bulk chunks hold 500, so more pages cross no other edge.
const bulkPages = 12

// bulkSeed is the account bulkFiles describes, but with Step 1 on every
// page: 3 organizations with bulkPages Runbook pages each.
func bulkSeed(t *testing.T) string {
	t.Helper()
	seed, err := reposeed.FromFiles(context.Background(), bulkFiles(), reposeed.Options{Assets: true,
		Live: func(_, key string, _ any) (any, bool) { return 1, key == "Step" }})
	if err != nil {
		t.Fatal(err)
	}
	return seed
}

// bulkFiles declares 3 organizations with bulkPages Runbook pages each, Step 2
// on every other page.
func bulkFiles() map[string]string {
	files := map[string]string{"types/runbook.yaml": "kind: FlexibleAssetType\nname: Runbook\nfields:\n" +
		"  - {name: Title, kind: Text, required: true, useForTitle: true, showInList: true}\n" +
		"  - {name: Step, kind: Number, decimals: 0}\n"}
	var orgs []string
	for o := range 3 {
		orgs = append(orgs, fmt.Sprintf("kind: Organization\nname: Org %d\ntype: Customer\nstatus: Active\n", o))
		var as []string
		for i := range bulkPages {
			as = append(as, fmt.Sprintf("kind: FlexibleAsset\norganization: Org %d\ntype: Runbook\ntraits: {Title: page %d-%02d, Step: %d}\n", o, o, i, 1+i%2))
		}
		files[fmt.Sprintf("assets/org-%d.yaml", o)] = strings.Join(as, "---\n")
	}
	files["organizations/all.yaml"] = strings.Join(orgs, "---\n")
	return files
}

// bulkRepo writes bulkFiles to a new directory.
func bulkRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	clitest.WriteFiles(t, dir, bulkFiles())
	return dir
}

// TestApplyPlanFileInBulk: a saved plan of 18 asset updates is checked
// and written with 5 requests, yet an asset edited and one
// deleted since the plan are refused as stale (exit 3) and the rest
// applied; the next plan holds exactly those two, and a rerun converges.
func TestApplyPlanFileInBulk(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		a := newAccount(t, prof, "", bulkSeed(t))
		repo := bulkRepo(t)
		file := filepath.Join(t.TempDir(), "plan.json")
		if r := a.run(t, nil, "plan", "--out", file, repo); r.Code != cli.ExitOK {
			t.Fatalf("plan --out: %s", r)
		}
		saved, err := plan.Decode(strings.NewReader(clitest.ReadFile(t, file)))
		if err != nil {
			t.Fatal(err)
		}
		if c := saved.Count(); c.Update != 3*bulkPages/2 || c.Create+c.Delete != 0 {
			t.Fatalf("plan counts %+v; want %d updates", c, 3*bulkPages/2)
		}
		ctx := context.Background()
		edited, gone := a.asset(t, "Org 1", "Runbook", "page 1-03"), a.asset(t, "Org 2", "Runbook", "page 2-05")
		traits := map[string]any{"title": "page 1-03", "step": 7}
		if _, err := a.api.FlexibleAssets.Update(ctx, edited.ID, client.FlexibleAssetWrite{Traits: traits}); err != nil {
			t.Fatal(err)
		}
		if err := a.api.FlexibleAssets.Delete(ctx, gone.ID); err != nil {
			t.Fatal(err)
		}

		before := a.Server.RequestCount()
		r := a.run(t, nil, "apply", "--auto-approve", file)
		requests := a.Server.RequestCount() - before
		if r.Code != cli.ExitStale {
			t.Fatalf("apply of a stale plan: want exit %d\n%s", cli.ExitStale, r)
		}
		for _, want := range []string{"Org 1/Runbook/page 1-03", "Org 2/Runbook/page 2-05: flexible-asset " + itoa(gone.ID) + " no longer exists",
			fmt.Sprintf("%d applied, 0 failed, 0 skipped, 2 stale", 3*bulkPages/2-2)} {
			if !strings.Contains(r.Stdout, want) {
				t.Errorf("report does not say %q:\n%s", want, r.Stdout)
			}
		}
		// Two small lists to check the plan's account (organization types
		// and statuses), one list of Runbook assets per organization for the
		// guards, one GET for the asset missing from them, one bulk PATCH (one
		// object per request: a GET and a PATCH per update, 34 or more).
		// Each of the 3 asset lists may add a read of archived assets (or,
		// once, a probe the server refuses), and in the pessimistic profile
		// two timed-out pages (1000 and 500 objects) before the 250 the
		// sandbox serves: the cost formula of docs/api-assumptions.md.
		const lists = 3
		limit := 7 + lists
		if prof == sandbox.ProfilePessimistic {
			limit += lists * 2
		}
		if requests > int64(limit) {
			t.Errorf("apply of %d updates made %d requests; want at most %d (bulk reads and writes)", 3*bulkPages/2, requests, limit)
		}
		if got := a.asset(t, "Org 1", "Runbook", "page 1-03").Traits.Value("step"); string(got) != "7" {
			t.Errorf("the edited asset's step = %s; want the hand edit 7 kept", got)
		}
		// A rerun's plan (its JSON report lists every change of it) holds
		// exactly the two refused objects, and applies them.
		r = a.run(t, nil, "apply", "--auto-approve", "--format", "json", repo)
		var got []string
		for _, c := range applyJSON(t, r).Changes {
			got = append(got, string(c.Action)+" "+c.ID+": "+string(c.Status))
		}
		want := []string{"create flexible-asset/Org 2/Runbook/page 2-05: applied", "update flexible-asset/Org 1/Runbook/page 1-03: applied"}
		slices.Sort(got)
		if r.Code != cli.ExitOK || !slices.Equal(got, want) {
			t.Errorf("rerun after the stale apply: exit %d, changes %q; want 0 and %q", r.Code, got, want)
		}
		if left := changes(a.planJSON(t, repo)); len(left) != 0 {
			t.Errorf("plan after the rerun: %q; want none", left)
		}
	})
}
