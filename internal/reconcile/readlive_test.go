package reconcile

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

const readSeed = `
organization_types: [Customer, Internal]
organization_statuses: [Active, Inactive]
organizations:
  - name: Acme
    id: 10
    type: Customer
    status: Active
    domains: [{name: acme.example, id: 789}]
    configurations: [{name: mail-01, id: 457}]
  - name: Globex
    id: 11
    type: Internal
    status: Inactive
    configurations: [{name: gx-01}]
  - name: Initech
    id: 12
  - {name: Umbrella, id: 13}
  - {name: Hooli, id: 14}
  - {name: Wayne, id: 15}
  - {name: Stark, id: 16}
  - {name: Tyrell, id: 17}
flexible_asset_types:
  - name: Email
    id: 20
    fields:
      - {name: Domains, kind: Tag, tag_type: Domains, show_in_list: true}
      - {name: Type, kind: Select, options: [Office 365, Google], use_for_title: true, required: true}
      - {name: Servers, kind: Tag, tag_type: Configurations}
  - name: Other
    id: 21
    fields:
      - {name: Title, kind: Text, use_for_title: true, show_in_list: true}
flexible_assets:
  - {organization: Acme, type: Email, traits: {Type: Office 365, Domains: [acme.example], Servers: [mail-01]}}
  - {organization: Globex, type: Email, traits: {Type: Google}}
  - {organization: Initech, type: Email, traits: {Type: Google}}
  - {organization: Acme, type: Other, traits: {Title: Not in scope}}
`

func TestReadLiveFromSandbox(t *testing.T) {
	sb := sandboxtest.Start(t)
	sb.Seed(t, readSeed)
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	scope := Scope{
		Organizations: Names{Names: []string{"Acme", "Globex"}},
		AssetTypes:    Names{Names: []string{"Email"}},
		TagTargets:    map[string]Names{"Configurations": {Names: []string{"Acme"}}},
	}
	l, err := ReadLive(context.Background(), ClientAPI(c), scope)
	if err != nil {
		t.Fatal(err)
	}
	if got := names(l.OrganizationTypes); !slices.Equal(got, []string{"Customer", "Internal"}) {
		t.Errorf("organization types = %v", got)
	}
	if got := names(l.OrganizationStatuses); !slices.Equal(got, []string{"Active", "Inactive"}) {
		t.Errorf("organization statuses = %v", got)
	}
	if len(l.Organizations) != 8 || l.Organizations[0].Name != "Acme" || l.Organizations[1].OrganizationTypeName != "Internal" {
		t.Errorf("organizations = %+v; want Acme, Globex (Internal), Initech and 5 more", l.Organizations)
	}
	if len(l.AssetTypes) != 2 || len(l.AssetTypes[0].Fields) != 3 || l.AssetTypes[0].Fields[2].NameKey != "servers" {
		t.Fatalf("asset types = %+v; want Email with 3 fields, Other", l.AssetTypes)
	}
	email := l.Assets[20]
	if len(email) != 2 {
		t.Fatalf("Email assets = %d; want the 2 of Acme and Globex only (Initech is out of scope)", len(email))
	}
	for _, a := range email {
		if a.OrganizationID == 12 {
			t.Errorf("read an asset of Initech, which is out of scope")
		}
	}
	if _, read := l.Assets[21]; read {
		t.Errorf("read assets of type Other, which is out of scope")
	}
	if r := l.AssetsRead[20]; r.All || !slices.Equal(r.Organizations, []int64{10, 11}) {
		t.Errorf("AssetsRead[Email] = %+v; want organizations 10 and 11", r)
	}
	if !l.assetsReadFor(20, 10) || l.assetsReadFor(20, 12) || l.assetsReadFor(21, 10) {
		t.Errorf("assetsReadFor does not follow AssetsRead %+v", l.AssetsRead)
	}
	cfg := l.TagTargets["Configurations"]
	if len(cfg) != 1 || len(cfg[10]) != 1 || cfg[10][0].Name != "mail-01" || cfg[10][0].ID != 457 {
		t.Errorf("configurations = %+v; want Acme's mail-01 (457) only", cfg)
	}
	if _, read := l.TagTargets["Domains"]; read {
		t.Errorf("read domains, which no scope asked for")
	}
	for ep := range c.Stats().Endpoints {
		if strings.HasPrefix(ep, "GET ") && strings.HasSuffix(ep, ":id") {
			t.Errorf("ReadLive read an object by itself: %s", ep)
		}
	}
}

func TestReadLiveMostOrganizationsUsesOneListPerType(t *testing.T) {
	sb := sandboxtest.Start(t)
	sb.Seed(t, readSeed)
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	// 3 of 8 organizations: more than a quarter, so unfiltered lists.
	scope := Scope{Organizations: Names{Names: []string{"Acme", "Globex", "Initech"}}, AssetTypes: Names{Names: []string{"Email"}}}
	l, err := ReadLive(context.Background(), ClientAPI(c), scope)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Assets[20]) != 3 || !l.AssetsRead[20].All {
		t.Errorf("Email assets = %d, read %+v; want all 3 in one list", len(l.Assets[20]), l.AssetsRead[20])
	}
	// Plus the client's one read of archived assets (the sandbox refuses
	// filter[archived], so it is not asked again).
	if got := c.Stats().Endpoints["GET /flexible_assets"].Requests; got != 1+1 {
		t.Errorf("GET /flexible_assets requests = %d; want 1 and the archived probe", got)
	}
}

func TestReadLiveAllOrganizationsUsesOneListPerType(t *testing.T) {
	sb := sandboxtest.Start(t)
	sb.Seed(t, readSeed)
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	l, err := ReadLive(context.Background(), ClientAPI(c), Scope{Organizations: Names{All: true}, AssetTypes: Names{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Assets[20]) != 3 || len(l.Assets[21]) != 1 || !l.AssetsRead[20].All {
		t.Errorf("assets = %d Email, %d Other, read %+v; want 3, 1, all", len(l.Assets[20]), len(l.Assets[21]), l.AssetsRead)
	}
	if got := c.Stats().Endpoints["GET /flexible_assets"].Requests; got != 2+1 {
		t.Errorf("GET /flexible_assets requests = %d; want 2 (one per type) and the archived probe", got)
	}
}

func names(rs []client.NamedRecord) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name)
	}
	return out
}

func TestReadLiveTagTargetsAccountWideFromSandbox(t *testing.T) {
	var seed strings.Builder
	seed.WriteString("organizations:\n")
	var orgs []string
	for i := range 10 {
		name := "Org " + string(rune('A'+i))
		orgs = append(orgs, name)
		seed.WriteString("  - name: " + name + "\n    configurations: [{name: srv}]\n")
	}
	seed.WriteString("  - name: Other\n    configurations: [{name: srv}]\n")
	sb := sandboxtest.Start(t)
	sb.Seed(t, seed.String())
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	l, err := ReadLive(context.Background(), ClientAPI(c), Scope{TagTargets: map[string]Names{"Configurations": {Names: orgs}}})
	if err != nil {
		t.Fatal(err)
	}
	byOrg := l.TagTargets["Configurations"]
	if len(byOrg) != 10 {
		t.Fatalf("configurations kept for %d organizations; want the 10 in scope", len(byOrg))
	}
	for _, o := range l.Organizations {
		if ts, in := byOrg[o.ID]; in != (o.Name != "Other") || (in && (len(ts) != 1 || ts[0].Name != "srv")) {
			t.Errorf("organization %q: configurations %+v, kept %v", o.Name, ts, in)
		}
	}
	if got := c.Stats().Endpoints["GET /configurations"].Requests; got != 1 {
		t.Errorf("GET /configurations requests = %d; want 1 for the whole account", got)
	}
}
