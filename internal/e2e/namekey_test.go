package e2e

import (
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// TestNonASCIIFieldNames: a new type whose field names are not ASCII, and
// assets using them, apply in one run and re-plan clean. The name-keys
// glue-sync predicts ("caf-menu") may differ from the API's ("cafe-menu",
// P13 in docs/api-assumptions.md): apply must write the traits under the
// keys the API gave the created fields. The repository holds only that
// type, its asset and the organization of the asset (the rest of
// examples/repo has no non-ASCII field name); in both profiles, as the
// pessimistic one makes name-keys its own way.
func TestNonASCIIFieldNames(t *testing.T) {
	t.Parallel()
	forProfiles(t, func(t *testing.T, prof sandbox.Profile) {
		a := demoAccount(t, prof, "")
		dir := t.TempDir()
		clitest.WriteFiles(t, dir, map[string]string{
			"glue-sync.yaml":             "version: 1\nmanage:\n  organizations: [Contoso Ltd]\n  flexibleAssetTypes: [Café Runbook]\n",
			"organizations/contoso.yaml": "kind: Organization\nname: Contoso Ltd\n",
			"types/cafe.yaml": `kind: FlexibleAssetType
name: Café Runbook
fields:
  - {name: Café Menü, kind: Text, useForTitle: true, showInList: true}
  - {name: Straße, kind: Text}
`,
			"assets/contoso/cafe.yaml": `kind: FlexibleAsset
organization: Contoso Ltd
type: Café Runbook
traits:
  Café Menü: Espresso
  Straße: Hauptstraße 1
`,
		})
		r := a.run(t, nil, "apply", "--auto-approve", dir)
		if r.Code != cli.ExitOK {
			t.Fatalf("apply: %s", r)
		}
		got := a.asset(t, "Contoso Ltd", "Café Runbook", "Espresso")
		if got.Traits.Len() != 2 {
			t.Errorf("traits %v; want both set", got.Traits)
		}
		if left := changes(a.planJSON(t, dir)); len(left) != 0 {
			t.Errorf("plan after apply: %q; want none", left)
		}
	})
}
