package e2e

import (
	"context"
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestDeletionThreshold: deleting more than the prune policy allows (by
// count or by share) is a plan error unless --force; forced, apply deletes
// them.
func TestDeletionThreshold(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		a := demoAccount(t, prof, "")
		// Cap deletes at 1, and drop Northwind's email asset from the repo:
		// with the demo's NW Old Tape Rotation that makes 2 deletes.
		cfg := clitest.ReadFile(t, filepath.Join(clitest.ExampleRepo, "glue-sync.yaml"))
		capped := strings.Replace(cfg, "maxCount: 5", "maxCount: 1", 1)
		nwAssets := clitest.ReadFile(t, filepath.Join(clitest.ExampleRepo, "assets/northwind/assets.yaml"))
		_, withoutEmail, ok := strings.Cut(nwAssets, "\n---\n")
		if capped == cfg || !ok || !strings.Contains(nwAssets[:len(nwAssets)-len(withoutEmail)], "API Email Example") {
			t.Fatal("examples/repo changed shape: update this test's edits")
		}
		dir := clitest.CopyDir(t, clitest.ExampleRepo, map[string]string{"glue-sync.yaml": capped, "assets/northwind/assets.yaml": withoutEmail})

		r := a.run(t, nil, "plan", "--detailed-exitcode", dir)
		if r.Code != cli.ExitError {
			t.Fatalf("plan over the deletion threshold: want exit 1\n%s", r)
		}
		if !strings.Contains(r.Stdout+r.Stderr, "--force") {
			t.Errorf("the refusal does not say how to override it (--force):\n%s", r)
		}
		if r := a.run(t, nil, "apply", "--auto-approve", dir); r.Code != cli.ExitError {
			t.Errorf("apply over the deletion threshold: want exit 1\n%s", r)
		}
		a.asset(t, "Northwind Traders", "API Email Example", "Exchange 2013") // still there

		// Forced, the plan applied (the JSON report lists every change of
		// it) deletes exactly those two.
		r = a.run(t, nil, "apply", "--auto-approve", "--force", "--format", "json", dir)
		if r.Code != cli.ExitOK {
			t.Fatalf("apply --force: %s", r)
		}
		var deletes []string
		for _, ch := range applyJSON(t, r).Changes {
			if ch.Action == plan.Delete {
				deletes = append(deletes, ch.Name+" "+string(ch.Status))
			}
		}
		slices.Sort(deletes)
		if want := []string{"Exchange 2013 applied", "NW Old Tape Rotation applied"}; !slices.Equal(deletes, want) {
			t.Fatalf("forced apply deletes %q; want %q", deletes, want)
		}
		// By share, on the same account (now as dir left it): the edge is
		// one delete, within maxCount 5, that is a larger share of the
		// assets in scope than maxShare allows. Narrowed to Northwind
		// Traders (the 6 assets of withoutEmail in scope), dropping
		// QuickBooks Enterprise is 1 of 6 (17%), just over a maxShare of
		// 0.15; counted over the whole account it would not be.
		var kept []string
		for _, doc := range strings.Split(withoutEmail, "\n---\n") {
			if !strings.Contains(doc, "Application: QuickBooks Enterprise\n") {
				kept = append(kept, doc)
			}
		}
		if len(kept) != 5 {
			t.Fatal("examples/repo's Northwind assets changed shape: update this test's edits")
		}
		byShare := clitest.CopyDir(t, clitest.ExampleRepo, northwindOnly(t,
			strings.Replace(cfg, "maxShare: 0.25", "maxShare: 0.15", 1), strings.Join(kept, "\n---\n")))
		if r := a.run(t, nil, "plan", byShare); r.Code != cli.ExitError || !strings.Contains(r.Stdout, "delete 1 of the 6 assets in scope (17%), more than maxShare 0.15 allows") {
			t.Errorf("plan over the share threshold: want exit 1 naming 1 of 6 and maxShare\n%s", r)
		}
		if r := a.run(t, nil, "apply", "--auto-approve", "--force", byShare); r.Code != cli.ExitOK || !strings.Contains(r.Stdout, "QuickBooks Enterprise") {
			t.Errorf("apply --force over the share threshold: want exit 0 deleting QuickBooks Enterprise\n%s", r)
		}

		nw := a.org(t, "Northwind Traders")
		email := a.assetType(t, "API Email Example")
		left, err := a.api.FlexibleAssets.List(context.Background(), email.ID, &client.FlexibleAssetListOptions{OrganizationID: nw.ID})
		if err != nil || len(left) != 0 {
			t.Errorf("Northwind email assets after a forced apply: %d (err %v); want 0", len(left), err)
		}
	})
}

// TestPruneAssetsThatTagEachOther: deleting an asset drops the tags other
// assets hold on it. When those assets are deleted in the same run, that
// is the run's own doing, not a change made since the plan: nothing may
// be refused as stale.
func TestPruneAssetsThatTagEachOther(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		a := demoAccount(t, prof, "")
		// examples/repo narrowed to Northwind Traders, without Northwind's
		// assets: Northwind Orders (which tags the backup job NW Nightly
		// SQL) and the backup job are both deleted, with the rest of
		// Northwind's assets.
		cfg := clitest.ReadFile(t, filepath.Join(clitest.ExampleRepo, "glue-sync.yaml"))
		dir := clitest.CopyDir(t, clitest.ExampleRepo, northwindOnly(t, cfg, ""))
		r := a.run(t, nil, "apply", "--auto-approve", "--force", dir)
		if r.Code != cli.ExitOK {
			t.Fatalf("apply --force: %s", r)
		}
		for _, gone := range []string{"Northwind Orders", "NW Nightly SQL"} {
			if !strings.Contains(r.Stdout, gone) {
				t.Errorf("apply does not report deleting %s:\n%s", gone, r.Stdout)
			}
		}
		if left := changes(a.planJSON(t, dir, "--force")); len(left) != 0 {
			t.Errorf("plan after apply: %q; want none", left)
		}
	})
}

// northwindOnly is the files that narrow a copy of examples/repo to
// Northwind Traders: cfg (the text of a glue-sync.yaml) managing only it,
// its organization document, nwAssets as its assets and no other assets.
func northwindOnly(t *testing.T, cfg, nwAssets string) map[string]string {
	t.Helper()
	const list = "organizations: [Contoso Ltd, Fabrikam Inc, Northwind Traders]"
	var northwind string
	for _, doc := range strings.Split(clitest.ReadFile(t, filepath.Join(clitest.ExampleRepo, "organizations/clients.yaml")), "\n---\n") {
		if strings.Contains(doc, "name: Northwind Traders\n") {
			northwind = doc
		}
	}
	if !strings.Contains(cfg, list) || northwind == "" {
		t.Fatal("examples/repo changed shape: update this test's edits")
	}
	return map[string]string{
		"glue-sync.yaml":               strings.Replace(cfg, list, "organizations: [Northwind Traders]", 1),
		"organizations/clients.yaml":   northwind,
		"assets/northwind/assets.yaml": nwAssets, "assets/contoso/apps.yaml": "", "assets/contoso/backups.yaml": "",
		"assets/contoso/email.yaml": "", "assets/contoso/internet.yaml": "", "assets/fabrikam/assets.yaml": "",
	}
}
