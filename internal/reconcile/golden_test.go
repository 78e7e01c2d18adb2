package reconcile

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestGoldenPlan renders a plan with one change of each sort as JSON and
// compares it with testdata/plan.golden (go test -run Golden -update to
// rewrite it after an intended change).
func TestGoldenPlan(t *testing.T) {
	d, l := fixture()
	d.Config.Prune.Assets = spec.Prune{Enabled: true, MaxCount: 5}
	d.Organizations[0].Description = ptr("Head office")
	d.Organizations = append(d.Organizations, &spec.Organization{Pos: pos(60), Name: "Beta", Type: ptr("Customer")})
	f := d.AssetTypes[1].Fields
	f[2].Options = []string{"Gold", "Silver", "Bronze"}
	d.AssetTypes[1].Fields = append(f, &spec.Field{Pos: pos(22), Name: "Owner", Kind: spec.KindText, Hint: ptr("Who runs it")})
	web := d.Assets[1]
	web.Traits.Get("Seats").Text = "30"
	web.Traits.Set(spec.NewTraitValue(spec.TraitParts{Key: "Owner", Field: "Owner", Kind: spec.KindText, Text: "Ops"}))
	web.Traits.Delete("Notes")
	l.Assets[200][0].Traits = l.Assets[200][0].Traits.Without("admin-password")
	l.Assets[100] = append(l.Assets[100], client.FlexibleAsset{ID: 1001, OrganizationID: 10, FlexibleAssetTypeID: 100, Name: "old-01",
		Traits: client.TraitsOf(map[string]json.RawMessage{"host": raw(`"old-01"`)})})
	p := compute(t, d, l, Options{SourceDir: "repo", BaseURL: "https://api.itglue.com", EnvSet: opts().EnvSet})
	noErrors(t, p)
	var buf bytes.Buffer
	if err := plan.Encode(&buf, p); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "plan.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run Golden -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), buf.String()); diff != "" {
		t.Errorf("plan differs from %s (-want +got):\n%s", golden, diff)
	}
}
