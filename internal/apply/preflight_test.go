package apply

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestApplyChecksSecretsAndUploadsFirst: a plan whose later changes need a
// Password variable or an Upload file that is missing writes nothing, and
// the error lists every missing value at once.
func TestApplyChecksSecretsAndUploadsFirst(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "present.pdf"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Source: plan.Source{Dir: dir}, Changes: []plan.Change{
		{ID: "organization/First", Action: plan.Create, Kind: plan.KindOrganization, Name: "First",
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"name": raw(`"First"`)}}},
		{ID: "flexible-asset/Acme/Wiki/A", Action: plan.Create, Kind: plan.KindAsset, Organization: "Acme", AssetType: "Wiki",
			Name: "A", Write: &plan.Write{SendTraits: true, Secrets: map[string]plan.SecretSource{"pw": {Env: "SET_PW"}, "pw2": {Env: "MISSING_PW"}, "pw3": {Env: "KEPT_PW", Keep: true}},
				Uploads: map[string]plan.UploadSource{"doc": {File: "present.pdf"}, "doc2": {File: "missing.pdf"}}}},
		{ID: "flexible-asset/Acme/Wiki/B", Action: plan.Create, Kind: plan.KindAsset, Organization: "Acme", AssetType: "Wiki",
			Name: "B", Write: &plan.Write{SendTraits: true, Secrets: map[string]plan.SecretSource{"pw": {Env: "OTHER_PW"}}}},
	}}
	getenv := func(k string) string {
		if k == "SET_PW" {
			return "s3cret"
		}
		return ""
	}
	stats := c.Stats().Requests
	_, err := Apply(ctx, ClientAPI(c), p, Options{Getenv: getenv})
	if err == nil {
		t.Fatal("Apply started with missing values")
	}
	for _, w := range []string{"nothing was applied", "MISSING_PW", "OTHER_PW", "missing.pdf", "flexible-asset/Acme/Wiki/A", "flexible-asset/Acme/Wiki/B", "3 values"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
	for _, n := range []string{"SET_PW", "KEPT_PW", "present.pdf", "s3cret"} {
		if strings.Contains(err.Error(), n) {
			t.Errorf("error names %q, which is there:\n%v", n, err)
		}
	}
	if n := c.Stats().Requests - stats; n != 0 {
		t.Errorf("%d requests before refusing; want none", n)
	}
	if orgs, err := c.Organizations.List(ctx, &client.OrganizationListOptions{Names: []string{"First"}}); err != nil || len(orgs) != 0 {
		t.Errorf("organization First: %d found (err %v); want none written", len(orgs), err)
	}
}
