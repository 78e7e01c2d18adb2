package reconcile

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/reposeed"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// A repository, and the sandbox account it describes exactly, with every
// field kind (Header included) and every tag kind glue-sync reads. The
// repository is the one statement of the declared objects: the account's
// seed is derived from it (package reposeed), plus what a repository
// cannot state (accountOnly) and the values the account spells
// differently (liveSpelling).
const (
	// accountOnly is what the account holds that a repository cannot
	// state: the objects Tag traits name, and an organization outside the
	// managed scope.
	accountOnly = `
organization_types: [Vendor]
organizations:
  - name: Acme
    configurations: [{name: mail-01}, {name: mail-02}]
    contacts: [{first_name: Ada, last_name: Lovelace}]
    domains: [{name: acme.example}]
    locations: [{name: Head Office}]
    passwords: [{name: Router admin, password: not-kept}]
  - {name: Unrelated Co, type: Vendor, status: Active}
`
	equalConfig = `version: 1
manage:
  organizations: [Acme]
  flexibleAssetTypes: [Server, Service]
prune:
  assets: {enabled: true, maxCount: 5}
`
	equalOrgs = `kind: Organization
name: Acme
type: Customer
status: Active
shortName: AC
description: |
  Main office
`
	equalTypes = `kind: FlexibleAssetType
name: Server
icon: server
enabled: true
fields:
  - {name: Host, kind: Text, useForTitle: true, showInList: true}
---
kind: FlexibleAssetType
name: Service
icon: star
enabled: true
showInMenu: true
fields:
  - {name: Title, kind: Text, useForTitle: true, showInList: true, required: true}
  - {name: Notes, kind: Textbox, hint: Anything else}
  - {name: Tier, kind: Select, options: [Gold, Silver]}
  - {name: Since, kind: Date, expiration: true}
  - {name: Seats, kind: Number, decimals: 0}
  - {name: Uptime, kind: Percent, decimals: 2}
  - {name: Managed, kind: Checkbox}
  - {name: Servers, kind: Tag, tagType: Configurations}
  - {name: Owner, kind: Tag, tagType: Contacts}
  - {name: Domains, kind: Tag, tagType: Domains}
  - {name: Site, kind: Tag, tagType: Locations}
  - {name: Logins, kind: Tag, tagType: Passwords}
  - {name: Section, kind: Header}
  - {name: Diagram, kind: Upload}
  - {name: Admin Password, kind: Password}
  - {name: Related, kind: Tag, tagType: {flexibleAssetType: Server}}
  - {name: Vendor, kind: Tag, tagType: Organizations}
`
	equalAssets = `kind: FlexibleAsset
organization: Acme
type: Server
traits: {Host: db-01}
---
kind: FlexibleAsset
organization: Acme
type: Service
traits:
  Title: Web
  Notes: |
    line one
    line two
  Tier: Gold
  Since: 2024-03-31
  Seats: 25
  Uptime: 99.50
  Managed: true
  Servers: [mail-02, mail-01]
  Owner: Ada Lovelace
  Domains: [acme.example]
  Site: [Head Office]
  Logins: [Router admin]
  Diagram: {file: files/arch.svg}
  Admin Password: {env: WEB_PW}
  Related: [db-01]
  Vendor: [Unrelated Co]
`
)

// liveSpelling are the values the account holds in another spelling than
// the repository, though equal to it: each is a normalisation rule the
// equality test holds Compute to. A key is "object/key" (see
// reposeed.Options.Live).
var liveSpelling = map[string]any{
	"Acme/description": "Main office",               // the repository's block scalar ends with a newline
	"Web/Notes":        "line one\r\nline two",      // CRLF line breaks, no final newline
	"Web/Servers":      []any{"mail-01", "mail-02"}, // the repository lists the tags in another order
}

// seedFromRepo derives the account's seed from the repository, with
// accountOnly and liveSpelling. It refuses a liveSpelling entry that
// matches nothing or spells the value as the repository does, so that
// none goes stale.
func seedFromRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	used := map[string]bool{}
	seed, err := reposeed.FromFiles(context.Background(), files, reposeed.Options{Assets: true, Extra: accountOnly,
		Env: map[string]string{"WEB_PW": "canary-password-3f9a"},
		Live: func(object, key string, v any) (any, bool) {
			alt, ok := liveSpelling[object+"/"+key]
			if ok && reflect.DeepEqual(alt, v) {
				t.Fatalf("liveSpelling[%q] spells the value as the repository does: drop it", object+"/"+key)
			}
			used[object+"/"+key] = used[object+"/"+key] || ok
			return alt, ok
		}})
	if err != nil {
		t.Fatal(err)
	}
	for k := range liveSpelling {
		if !used[k] {
			t.Fatalf("liveSpelling[%q] matches nothing the repository states", k)
		}
	}
	return seed
}

func loadRepo(t *testing.T, files map[string]string) *spec.DesiredState {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	d, diags := spec.Load(context.Background(), fsys, ".")
	for _, dg := range diags {
		if dg.Severity == spec.SeverityError {
			t.Fatalf("loading the test repository: %v", dg)
		}
	}
	return d
}

func TestRepoEqualToSandboxAccountPlansNothing(t *testing.T) {
	files := map[string]string{"glue-sync.yaml": equalConfig, "orgs.yaml": equalOrgs, "types.yaml": equalTypes,
		"assets.yaml": equalAssets, "files/arch.svg": "<svg/>"}
	d := loadRepo(t, files)
	sb := sandboxtest.Start(t)
	sb.Seed(t, seedFromRepo(t, files))
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	plan1 := func() *plan.Plan {
		t.Helper()
		l, err := ReadLive(ctx, ClientAPI(c), ScopeOf(d, nil))
		if err != nil {
			t.Fatal(err)
		}
		return compute(t, d, l, Options{BaseURL: sb.URL, Sandbox: true, FileSize: func(p string) (int64, bool) {
			return int64(len("<svg/>")), p == "files/arch.svg"
		}})
	}
	p := plan1()
	noErrors(t, p)
	if p.HasChanges() || len(p.Unmanaged) != 0 {
		t.Fatalf("changes %v, unmanaged %+v; a repository equal to the account must plan nothing", changeIDs(p), p.Unmanaged)
	}
	if got := p.Count().NoOp; got != 5 {
		t.Errorf("no-ops = %d; want 5 (1 organization, 2 types, 2 assets)", got)
	}

	// Change the account behind the repository's back: the plan shows
	// exactly that drift.
	acme := changeByID(t, p, "organization/Acme").LiveID
	if _, err := c.Organizations.Update(ctx, acme, client.OrganizationWrite{Description: ptr("Edited by hand")}); err != nil {
		t.Fatal(err)
	}
	types, err := c.FlexibleAssetTypes.List(ctx, "Service")
	if err != nil || len(types) != 1 {
		t.Fatalf("listing Service: %v", err)
	}
	notes := types[0].Fields[1]
	if _, err := c.FlexibleAssetFields.Update(ctx, notes.ID, client.FlexibleAssetFieldWrite{Hint: ptr("changed")}); err != nil {
		t.Fatal(err)
	}
	p = plan1()
	noErrors(t, p)
	want := []string{"update flexible-asset-field/Service/Notes", "update organization/Acme"}
	if diff := cmp.Diff(want, changeIDs(p)); diff != "" {
		t.Fatalf("changes after drift (-want +got):\n%s", diff)
	}
	wantDiffs := []plan.Diff{{Path: "description", Before: raw(`"Edited by hand"`), After: raw(`"Main office\n"`)}}
	if diff := cmp.Diff(wantDiffs, changeByID(t, p, "organization/Acme").Diffs); diff != "" {
		t.Errorf("organization diffs (-want +got):\n%s", diff)
	}
	out := mustJSON(p)
	for _, secret := range []string{"canary-password-3f9a", "not-kept", sb.Key} {
		if strings.Contains(out, secret) {
			t.Errorf("the plan holds the secret %q", secret)
		}
	}
}
