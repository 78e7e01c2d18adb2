package apply

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

const testSeed = `
organization_types: [Customer]
organization_statuses: [Active]
organizations:
  - name: Acme
    type: Customer
    status: Active
    description: old
    configurations:
      - {name: ACME-SRV01, hostname: srv01.acme.example}
flexible_asset_types:
  - name: Wiki
    fields:
      - {name: Title, kind: Text, required: true, use_for_title: true, show_in_list: true}
      - {name: Body, kind: Textbox}
flexible_assets:
  - organization: Acme
    type: Wiki
    traits: {Title: Home, Body: hello}
`

func start(t testing.TB) (*client.Client, *sandboxtest.Sandbox) {
	t.Helper()
	sb := sandboxtest.Start(t)
	sb.Seed(t, testSeed)
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0),
		client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c, sb
}

func raw(s string) json.RawMessage { return json.RawMessage(s) }

func statuses(rep *Report) map[string]Status {
	out := map[string]Status{}
	for _, r := range rep.Results {
		out[r.ID] = r.Status
	}
	return out
}

func liveOrg(t testing.TB, c *client.Client, name string) client.Organization {
	t.Helper()
	orgs, err := c.Organizations.List(context.Background(), &client.OrganizationListOptions{Names: []string{name}})
	if err != nil || len(orgs) != 1 {
		t.Fatalf("organization %q: %d found, err %v", name, len(orgs), err)
	}
	return orgs[0]
}

func liveType(t testing.TB, c *client.Client, name string) client.FlexibleAssetType {
	t.Helper()
	ts, err := c.FlexibleAssetTypes.List(context.Background(), name)
	if err != nil || len(ts) != 1 {
		t.Fatalf("type %q: %d found, err %v", name, len(ts), err)
	}
	return ts[0]
}

// TestApplyCreatesInDependencyOrder builds a plan by hand that creates an
// organization, a type (its fields in the type's own POST, one Tag field
// added afterwards pointing at the new type), and two assets, the second
// tagging the first, with a Password read from the environment.
func TestApplyCreatesInDependencyOrder(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "diagram.svg"), []byte("<svg/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Source: plan.Source{Dir: dir}, Changes: []plan.Change{
		{ID: "flexible-asset-type/Runbook", Action: plan.Create, Kind: plan.KindAssetType, Name: "Runbook",
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"icon": raw(`"book"`), "name": raw(`"Runbook"`)},
				Fields: []plan.FieldWrite{
					{Attributes: map[string]json.RawMessage{"name": raw(`"Name"`), "kind": raw(`"Text"`), "order": raw(`1`),
						"use-for-title": raw(`true`), "show-in-list": raw(`true`), "required": raw(`true`)}},
					{Attributes: map[string]json.RawMessage{"name": raw(`"Secret"`), "kind": raw(`"Password"`), "order": raw(`2`)}},
					{Attributes: map[string]json.RawMessage{"name": raw(`"Diagram"`), "kind": raw(`"Upload"`), "order": raw(`3`)}},
				}}},
		{ID: "flexible-asset-field/Runbook/See Also", Action: plan.Create, Kind: plan.KindField, AssetType: "Runbook", Name: "See Also",
			DependsOn: []string{"flexible-asset-type/Runbook"},
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"name": raw(`"See Also"`), "kind": raw(`"Tag"`), "order": raw(`4`)},
				Refs:    map[string]plan.Ref{"flexible-asset-type-id": {Change: "flexible-asset-type/Runbook"}},
				TagType: &plan.Ref{Change: "flexible-asset-type/Runbook"}}},
		{ID: "organization/Globex", Action: plan.Create, Kind: plan.KindOrganization, Name: "Globex",
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"name": raw(`"Globex"`), "short-name": raw(`"GLX"`)}}},
		{ID: "flexible-asset/Globex/Runbook/Restart", Action: plan.Create, Kind: plan.KindAsset, Organization: "Globex",
			AssetType: "Runbook", Name: "Restart",
			DependsOn: []string{"organization/Globex", "flexible-asset-type/Runbook"},
			Write: &plan.Write{SendTraits: true, Traits: map[string]json.RawMessage{"name": raw(`"Restart"`)},
				Refs: map[string]plan.Ref{"organization-id": {Change: "organization/Globex"},
					"flexible-asset-type-id": {Change: "flexible-asset-type/Runbook"}}}},
		{ID: "flexible-asset/Globex/Runbook/Failover", Action: plan.Create, Kind: plan.KindAsset, Organization: "Globex",
			AssetType: "Runbook", Name: "Failover",
			DependsOn: []string{"organization/Globex", "flexible-asset/Globex/Runbook/Restart"},
			Write: &plan.Write{SendTraits: true, Traits: map[string]json.RawMessage{"name": raw(`"Failover"`)},
				Refs: map[string]plan.Ref{"organization-id": {Change: "organization/Globex"},
					"flexible-asset-type-id": {Change: "flexible-asset-type/Runbook"}},
				Tags: map[string][]plan.Ref{"see-also": {{Change: "flexible-asset/Globex/Runbook/Restart"}}},
				FieldKeys: map[string]plan.FieldRef{"see-also": {Change: "flexible-asset-field/Runbook/See Also"},
					"diagram": {Change: "flexible-asset-type/Runbook", Name: "Diagram"}},
				Secrets: map[string]plan.SecretSource{"secret": {Env: "RUNBOOK_SECRET"}},
				Uploads: map[string]plan.UploadSource{"diagram": {File: "diagram.svg"}}}},
	}}
	var progress bytes.Buffer
	env := map[string]string{"RUNBOOK_SECRET": "canary-3f9a1c"}
	rep, err := Apply(ctx, ClientAPI(c), p, Options{Progress: &progress, Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	if c := rep.Counts(); c != (Counts{Applied: 5}) {
		t.Fatalf("counts = %v; want 5 applied\nprogress:\n%s", c, progress.String())
	}
	ty := liveType(t, c, "Runbook")
	var names []string
	for _, f := range ty.Fields {
		names = append(names, f.Name+":"+f.TagType)
	}
	wantFields := []string{"Name:", "Secret:", "Diagram:", "See Also:FlexibleAssetType: " + itoa(ty.ID)}
	if diff := cmp.Diff(wantFields, names); diff != "" {
		t.Errorf("fields of the new type (-want +got):\n%s", diff)
	}
	org := liveOrg(t, c, "Globex")
	assets, err := c.FlexibleAssets.List(ctx, ty.ID, &client.FlexibleAssetListOptions{OrganizationID: org.ID})
	if err != nil || len(assets) != 2 {
		t.Fatalf("assets of Globex: %d, err %v", len(assets), err)
	}
	ids, ok := client.TagIDs(assets[1].Traits.Value("see-also"))
	if !ok || len(ids) != 1 || ids[0] != assets[0].ID {
		t.Errorf("Failover's see-also = %s; want a tag of Restart (id %d)", assets[1].Traits.Value("see-also"), assets[0].ID)
	}
	if d := string(assets[1].Traits.Value("diagram")); !strings.Contains(d, "diagram.svg") {
		t.Errorf("Failover's diagram = %s; want the uploaded diagram.svg", d)
	}
	if _, ok := assets[1].Traits.Get("secret"); !ok {
		t.Errorf("Failover has no secret trait; want the password read from RUNBOOK_SECRET")
	}
	if strings.Contains(progress.String(), "canary-3f9a1c") {
		t.Errorf("progress shows the secret value:\n%s", progress.String())
	}
	if !strings.Contains(progress.String(), "[5/5] + flexible-asset Globex/Runbook/Failover: applied (id ") {
		t.Errorf("progress = %q; want a numbered line per change", progress.String())
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// TestApplyReportsFailedSkippedAndRunsTheRest: a change that fails takes
// down only the changes that depend on it.
func TestApplyReportsFailedSkippedAndRunsTheRest(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t)
	acme := liveOrg(t, c, "Acme")
	wiki := liveType(t, c, "Wiki")
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{
		// The sandbox refuses an empty name: this create fails.
		{ID: "organization/Broken", Action: plan.Create, Kind: plan.KindOrganization, Name: "Broken",
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"name": raw(`""`)}}},
		{ID: "flexible-asset/Broken/Wiki/A", Action: plan.Create, Kind: plan.KindAsset, Organization: "Broken", AssetType: "Wiki",
			Name: "A", DependsOn: []string{"organization/Broken"},
			Write: &plan.Write{SendTraits: true, Traits: map[string]json.RawMessage{"title": raw(`"A"`)}}},
		{ID: "flexible-asset/Acme/Wiki/B", Action: plan.Create, Kind: plan.KindAsset, Organization: "Acme", AssetType: "Wiki",
			Name: "B", Write: &plan.Write{SendTraits: true, Traits: map[string]json.RawMessage{"title": raw(`"B"`)}}},
		{ID: "flexible-asset/Acme/Wiki/C", Action: plan.Create, Kind: plan.KindAsset, Organization: "Acme", AssetType: "Wiki",
			Name: "C", Write: &plan.Write{SendTraits: true, Traits: map[string]json.RawMessage{"title": raw(`"C"`), "no-such-field": raw(`"x"`)}}},
		{ID: "flexible-asset/Acme/Wiki/D", Action: plan.Create, Kind: plan.KindAsset, Organization: "Acme", AssetType: "Wiki",
			Name: "D", Write: &plan.Write{SendTraits: true, Traits: map[string]json.RawMessage{"title": raw(`"D"`)},
				Tags: map[string][]plan.Ref{"body": {{Change: "flexible-asset/Broken/Wiki/A"}}}}},
	}}
	rep, err := Apply(ctx, ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Status{
		"organization/Broken":          Failed,
		"flexible-asset/Broken/Wiki/A": Skipped,
		"flexible-asset/Acme/Wiki/B":   Applied,
		"flexible-asset/Acme/Wiki/C":   Failed,
		"flexible-asset/Acme/Wiki/D":   Skipped,
	}
	if diff := cmp.Diff(want, statuses(rep)); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if msg := rep.Results[3].Message; !strings.Contains(msg, "no-such-field") {
		t.Errorf("refused trait message = %q; want it to name the trait", msg)
	}
	assets, err := c.FlexibleAssets.List(ctx, wiki.ID, &client.FlexibleAssetListOptions{OrganizationID: acme.ID})
	if err != nil || len(assets) != 2 {
		t.Errorf("Acme's wiki assets: %d (err %v); want Home and B", len(assets), err)
	}
	var out bytes.Buffer
	if err := rep.WriteText(&out); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"Failed (2):", "Skipped (a change they depend on did not succeed) (2):",
		"Apply complete: 1 applied, 2 failed, 2 skipped, 0 stale, 0 not attempted."} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("report lacks %q:\n%s", s, out.String())
		}
	}
}

func TestApplyAfterCancelReportsNotAttempted(t *testing.T) {
	c, _ := start(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{
		{ID: "organization/X", Action: plan.Create, Kind: plan.KindOrganization, Name: "X"},
		{ID: "organization/Y", Action: plan.Create, Kind: plan.KindOrganization, Name: "Y"},
	}}
	rep, err := Apply(ctx, ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Counts(); got != (Counts{NotAttempted: 2}) {
		t.Errorf("counts = %v; want 2 not attempted", got)
	}
}

func TestApplyRefusesPlansItCannotRun(t *testing.T) {
	c, _ := start(t)
	tests := []struct {
		name    string
		p       *plan.Plan
		wantErr string
	}{
		{"nil", nil, "no plan"},
		{"errors", &plan.Plan{Diagnostics: []plan.Diagnostic{{Severity: plan.SeverityError, Message: "x"}}}, "the plan has errors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Apply(context.Background(), ClientAPI(c), tt.p, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Apply error = %v; want %q", err, tt.wantErr)
			}
		})
	}
	// An attribute this build does not know fails its change, not silently.
	p := &plan.Plan{Changes: []plan.Change{{ID: "organization/Z", Action: plan.Create, Kind: plan.KindOrganization, Name: "Z",
		Write: &plan.Write{Attributes: map[string]json.RawMessage{"colour": raw(`"red"`)}}}}}
	rep, err := Apply(context.Background(), ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Results[0]; r.Status != Failed || !strings.Contains(r.Message, "colour") {
		t.Errorf("result = %+v; want failed naming the attribute", r)
	}
}
