package render_test

import (
	"encoding/json"
	"os"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/render"
)

func ExampleText() {
	p := &plan.Plan{Changes: []plan.Change{
		{ID: "organization/Acme", Action: plan.Update, Kind: plan.KindOrganization, Name: "Acme",
			Source: "organizations/acme.yaml:1:1",
			Diffs:  []plan.Diff{{Path: "description", Before: json.RawMessage(`"old"`), After: json.RawMessage(`"new"`)}}},
		{ID: "flexible-asset/Acme/Email/O365", Action: plan.Update, Kind: plan.KindAsset, Organization: "Acme",
			AssetType: "Email", Name: "O365", Diffs: []plan.Diff{{Path: "traits.Admin Password", Sensitive: true}}},
	}}
	if err := render.Text(os.Stdout, p, render.TextOptions{}); err != nil {
		panic(err)
	}
	// Output:
	// Changes are marked with these symbols:
	//   ~ update in place
	//
	// Organizations:
	//
	//   ~ organization "Acme"  (organizations/acme.yaml:1:1)
	//       ~ description: "old" -> "new"
	//
	// Flexible assets:
	//
	//   ~ flexible-asset "Acme" / "Email" / "O365"
	//       ~ traits.Admin Password: (sensitive value changed)
	//
	// Plan: 0 to create, 2 to update, 0 to delete.
}
