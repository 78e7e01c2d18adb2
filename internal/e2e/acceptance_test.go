package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// The opt-in live acceptance run (docs/acceptance.md). It needs a real IT
// Glue account and is skipped without these variables.
const (
	envAcceptKey     = "GLUE_SYNC_ACCEPTANCE_KEY"
	envAcceptOrg     = "GLUE_SYNC_ACCEPTANCE_ORG"
	envAcceptRegion  = "GLUE_SYNC_ACCEPTANCE_REGION"
	envAcceptBaseURL = "GLUE_SYNC_ACCEPTANCE_BASE_URL"
	envAcceptType    = "GLUE_SYNC_ACCEPTANCE_TYPE"
	// acceptPasswordEnv holds the Password trait the run sets.
	acceptPasswordEnv = "ACCEPTANCE_ADMIN_PW"
)

// acceptance is where one acceptance run happens.
type acceptance struct {
	org, typ string
	// env is the environment glue-sync runs with (the key, the URL, the
	// password's variable).
	env map[string]string
	api *client.Client
	// secret is the Password value the run sets.
	secret string
	// live is set against a real IT Glue account: glue-sync keeps its
	// production retry waits.
	live bool
	// passwordStepsOnly runs only what a key without Password Access
	// changes: the first apply (a Password trait set) and its re-plan, and
	// the Seats-only update that must keep the password. The drift repair,
	// the archive and the clean-up touch no password and run in the
	// variant with access of the same profile.
	passwordStepsOnly bool
}

// TestAcceptance applies a throwaway repository to one dedicated
// organization of a real IT Glue account, re-plans to zero, drifts,
// repairs and cleans up, refusing any plan that would touch anything else.
// Run it before a release:
//
//	GLUE_SYNC_ACCEPTANCE_KEY=ITG.xxx GLUE_SYNC_ACCEPTANCE_ORG="glue-sync acceptance" \
//	  go test ./internal/e2e -run Acceptance -v
func TestAcceptance(t *testing.T) {
	key, org := os.Getenv(envAcceptKey), os.Getenv(envAcceptOrg)
	if key == "" || org == "" {
		t.Skipf("live acceptance run skipped: set %s (an API key of a test account) and %s (an existing organization it may change); see docs/acceptance.md", envAcceptKey, envAcceptOrg)
	}
	base := os.Getenv(envAcceptBaseURL)
	if base == "" {
		region := os.Getenv(envAcceptRegion)
		if region == "" {
			region = "us"
		}
		u, err := client.RegionURL(region)
		if err != nil {
			t.Fatalf("%s: %v", envAcceptRegion, err)
		}
		base = u
	}
	typ := os.Getenv(envAcceptType)
	if typ == "" {
		typ = "glue-sync acceptance"
	}
	api, err := client.New(client.Config{BaseURL: base, APIKey: key})
	if err != nil {
		t.Fatal(err)
	}
	runAcceptance(t, acceptance{org: org, typ: typ, api: api, secret: clitest.Unique(t, "gs-acc-"), live: true,
		env: map[string]string{client.EnvBaseURL: base, client.EnvAPIKey: key}})
}

// TestAcceptanceOnSandbox runs the acceptance flow against the sandbox, in
// both profiles, with and without Password Access, so that the flow itself
// is kept working between releases. Without Password Access it runs the
// steps that access changes only (acceptance.passwordStepsOnly).
func TestAcceptanceOnSandbox(t *testing.T) {
	t.Parallel()
	for _, p := range sandbox.Profiles() {
		for _, noAccess := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/no-password-access=%v", p, noAccess), func(t *testing.T) {
				t.Parallel()
				sb := clitest.Start(t, clitest.Options{Seed: `
organization_types: [Customer]
organization_statuses: [Active]
organizations:
  - {name: Acceptance Org, type: Customer, status: Active}
  - {name: Bystander, type: Customer, status: Active}
`, Sandbox: func(o *sandbox.Options) { o.Profile, o.NoPasswordAccess = p, noAccess }})
				runAcceptance(t, acceptance{org: "Acceptance Org", typ: "glue-sync acceptance", api: sb.Client(t), secret: clitest.Unique(t, "gs-acc-"),
					env: sb.Env(nil), passwordStepsOnly: noAccess})
			})
		}
	}
}

func runAcceptance(t *testing.T, a acceptance) {
	ctx := context.Background()
	a.env[acceptPasswordEnv] = a.secret
	orgs, err := a.api.Organizations.List(ctx, &client.OrganizationListOptions{Names: []string{a.org}})
	if err != nil {
		t.Fatalf("reading the acceptance organization: %v", err)
	}
	var found []client.Organization
	for _, o := range orgs { // trust no filter
		if o.Name == a.org {
			found = append(found, o)
		}
	}
	if len(found) != 1 {
		t.Fatalf("organization %q: %d found; create exactly one organization of that name for the acceptance run", a.org, len(found))
	}
	dir := t.TempDir()
	a.write(t, dir, acceptAssets(a.org, a.typ, 10, false))
	if !a.passwordStepsOnly {
		t.Cleanup(func() { a.cleanUp(t, dir) })
	}

	// 1. Apply from nothing, then nothing is left to do.
	a.applyChecked(t, dir, true)
	a.replanEmpty(t, dir, "after the first apply")
	a.observe(t)
	if a.passwordStepsOnly {
		a.keepPassword(t, dir)
		return
	}

	// 2. Drift made outside glue-sync is planned back, exactly.
	db := a.asset(t, "gs-accept-db")
	drifted := map[string]any{}
	for k, v := range db.Traits.All() {
		drifted[k] = v
	}
	drifted["seats"] = 99
	if _, err := a.api.FlexibleAssets.Update(ctx, db.ID, client.FlexibleAssetWrite{Traits: drifted}); err != nil {
		t.Fatalf("drifting gs-accept-db: %v", err)
	}
	p, file := a.plan(t, dir)
	if c := p.Count(); c.Create != 0 || c.Update != 1 || c.Delete != 0 {
		t.Fatalf("plan after drift = %+v; want exactly the one update of gs-accept-db", c)
	}
	if r := a.run(t, "apply", "--auto-approve", file); r.Code != 0 { // that checked plan
		t.Fatalf("apply: %s", r)
	}
	a.replanEmpty(t, dir, "after repairing the drift")

	a.keepPassword(t, dir)

	// 4. Archiving must not make the next plan create a duplicate.
	a.write(t, dir, acceptAssets(a.org, a.typ, 12, true))
	a.applyChecked(t, dir, true)
	a.replanEmpty(t, dir, "after archiving gs-accept-db (an archived asset the index leaves out must not be created again)")
}

// keepPassword is step 3 of the acceptance flow.
func (a *acceptance) keepPassword(t *testing.T, dir string) {
	t.Helper()
	ctx := context.Background()
	// 3. An update that touches only Seats keeps the password: without its
	// variable, apply reads it through the passwords API or refuses; it
	// never sends the id the trait reads back as.
	a.write(t, dir, acceptAssets(a.org, a.typ, 12, false))
	delete(a.env, acceptPasswordEnv)
	r := a.run(t, "apply", "--auto-approve", "--format", "json", dir)
	a.env[acceptPasswordEnv] = a.secret
	switch {
	case r.Code == 0:
		web := a.asset(t, "gs-accept-web")
		id, _ := client.PasswordTraitID(web.Traits.Value("admin-password"))
		got, err := a.api.Passwords.Secret(ctx, id)
		if err != nil {
			t.Fatalf("apply kept the password through the passwords API, but it cannot be read back: %v", err)
		}
		if got != a.secret {
			t.Fatalf("the kept password changed: an update of Seats must leave it as it was")
		}
	case strings.Contains(r.Stdout+r.Stderr, "refused") && strings.Contains(r.Stdout+r.Stderr, acceptPasswordEnv):
		t.Logf("the key has no Password Access: apply refused the update and named %s, as it must", acceptPasswordEnv)
		a.applyChecked(t, dir, true) // with the variable
	default:
		t.Fatalf("apply of a Seats-only change without the password's variable: %s", r)
	}
	a.replanEmpty(t, dir, "after the Seats-only update")
}

// acceptAssets is the throwaway repository's assets document.
func acceptAssets(org, typ string, seats int, archiveDB bool) string {
	archived := ""
	if archiveDB {
		archived = "archived: true\n"
	}
	return fmt.Sprintf(`kind: FlexibleAsset
organization: %[1]q
type: %[2]q
traits:
  Name: gs-accept-web
  Seats: %[3]d
  Tier: Gold
  Admin Password: {env: %[4]s}
  Café Notes: crème brûlée
  Notes: |
    Restore from the nightly backup & check <the> ERP.

    Second paragraph, with  two spaces.
---
kind: FlexibleAsset
organization: %[1]q
type: %[2]q
%[5]straits:
  Name: gs-accept-db
  Seats: 4
  Tier: Silver
`, org, typ, seats, acceptPasswordEnv, archived)
}

// write writes the repository: configuration, type and organization, and
// the assets document.
func (a *acceptance) write(t *testing.T, dir, assets string) {
	t.Helper()
	files := map[string]string{
		"glue-sync.yaml": fmt.Sprintf(`version: 1
manage:
  organizations: [%q]
  flexibleAssetTypes: [%q]
prune:
  assets: {enabled: true, maxCount: 10, maxShare: 1}
  fields: {enabled: false}
  organizations: {enabled: false}
`, a.org, a.typ),
		"types/acceptance.yaml": fmt.Sprintf(`kind: FlexibleAssetType
name: %q
description: Made by glue-sync's acceptance run (go test ./internal/e2e -run Acceptance). IT Glue cannot delete types.
icon: flask
fields:
  - {name: Name, kind: Text, required: true, useForTitle: true, showInList: true}
  - {name: Seats, kind: Number, decimals: 0}
  - {name: Tier, kind: Select, options: [Gold, Silver]}
  - {name: Admin Password, kind: Password}
  - {name: Café Notes, kind: Text}
  - {name: Notes, kind: Textbox}
`, a.typ),
		"organizations/acceptance.yaml": fmt.Sprintf("kind: Organization\nname: %q\n", a.org),
		"assets/acceptance.yaml":        assets,
	}
	clitest.WriteFiles(t, dir, files)
}

// run runs glue-sync against the acceptance account (clitest.RunWith, with
// production waits when live), and stops the test at once if it printed
// the key or the password.
func (a *acceptance) run(t *testing.T, args ...string) clitest.Result {
	t.Helper()
	r := clitest.RunWith(t, a.env, clitest.Opts{ProductionWaits: a.live}, args...)
	s := clitest.Secrets{"the API key": a.env[client.EnvAPIKey], "the acceptance password": a.secret}
	if found := s.Found(r.Stdout + r.Stderr); len(found) > 0 {
		t.Fatalf("%q printed %v", args, found)
	}
	return r
}

// plan plans dir and refuses (fails the test before anything is applied)
// a plan that would touch anything outside the acceptance organization and
// type. It returns the plan and the plan file it saved.
func (a *acceptance) plan(t *testing.T, dir string) (*plan.Plan, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "plan.json")
	r := a.run(t, "plan", "--out", out, "--format", "json", dir)
	if r.Code != 0 {
		t.Fatalf("plan: %s", r)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	for _, ch := range p.Changes {
		if !a.inside(ch) {
			t.Fatalf("the plan would touch %s, outside organization %q and type %q: refusing to apply it", ch.ID, a.org, a.typ)
		}
	}
	return p, out
}

// inside reports whether a change stays within the acceptance organization
// and type.
func (a *acceptance) inside(ch plan.Change) bool {
	switch ch.Kind {
	case plan.KindOrganization:
		return ch.Name == a.org && ch.Action == plan.NoOp
	case plan.KindAssetType:
		return ch.Name == a.typ
	case plan.KindField:
		return ch.AssetType == a.typ
	case plan.KindAsset:
		return ch.Organization == a.org && ch.AssetType == a.typ
	}
	return false
}

// applyChecked plans dir, checks the plan stays inside, and applies that
// saved plan: the very plan checked (a plan file also refuses objects
// changed since it was made).
func (a *acceptance) applyChecked(t *testing.T, dir string, mustSucceed bool) {
	t.Helper()
	_, out := a.plan(t, dir)
	if r := a.run(t, "apply", "--auto-approve", out); mustSucceed && r.Code != 0 {
		t.Fatalf("apply: %s", r)
	}
}

// replanEmpty fails unless planning dir again finds nothing to do.
func (a *acceptance) replanEmpty(t *testing.T, dir, when string) {
	t.Helper()
	if r := a.run(t, "plan", "--detailed-exitcode", dir); r.Code != 0 {
		t.Fatalf("re-plan %s is not empty: %s", when, r)
	}
}

// asset reads one asset of the acceptance type and organization by name,
// checking every row the list returns (trust no filter).
func (a *acceptance) asset(t *testing.T, name string) client.FlexibleAsset {
	t.Helper()
	ctx := context.Background()
	types, err := a.api.FlexibleAssetTypes.List(ctx, a.typ)
	if err != nil || len(types) == 0 {
		t.Fatalf("type %q: %v", a.typ, err)
	}
	assets, err := a.api.FlexibleAssets.List(ctx, types[0].ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range assets {
		if x.Name == name && x.FlexibleAssetTypeID == types[0].ID {
			return x
		}
	}
	t.Fatalf("asset %q not found", name)
	return client.FlexibleAsset{}
}

// observe logs what the run learnt about the open questions of
// docs/api-assumptions.md.
func (a *acceptance) observe(t *testing.T) {
	ctx := context.Background()
	web := a.asset(t, "gs-accept-web")
	t.Logf("Textbox written as plain text reads back as: %s", web.Traits.Value("notes"))
	t.Logf("Password trait reads back as: %s", web.Traits.Value("admin-password"))
	if types, err := a.api.FlexibleAssetTypes.List(ctx, a.typ); err == nil && len(types) > 0 {
		for _, f := range types[0].Fields {
			if strings.HasPrefix(f.Name, "Caf") {
				t.Logf("name-key of %q: %q", f.Name, f.NameKey)
			}
		}
	}
	id, ok := client.PasswordTraitID(web.Traits.Value("admin-password"))
	if !ok {
		t.Logf("the Password trait is not an id: kept passwords are then refused unless their variable is set")
		return
	}
	switch got, err := a.api.Passwords.Secret(ctx, id); {
	case errors.Is(err, client.ErrNoPasswordAccess):
		t.Logf("the key has no Password Access: kept passwords need their variables at apply")
	case err != nil:
		t.Logf("reading the password: %v", err)
	case got != a.secret:
		t.Errorf("the password read back differs from the one set")
	}
}

// cleanUp deletes the run's assets through glue-sync itself (an empty
// assets document, prune on); the type stays (IT Glue cannot delete types).
func (a *acceptance) cleanUp(t *testing.T, dir string) {
	a.write(t, dir, "")
	if err := os.Remove(filepath.Join(dir, "assets/acceptance.yaml")); err != nil {
		t.Logf("cleaning up: %v", err)
	}
	out := filepath.Join(t.TempDir(), "cleanup.json")
	if r := a.run(t, "plan", "--out", out, "--format", "json", dir); r.Code != 0 {
		t.Errorf("cleaning up: plan: %s", r)
		return
	}
	b, _ := os.ReadFile(out)
	p, err := plan.Decode(bytes.NewReader(b))
	if err != nil {
		t.Errorf("cleaning up: %v", err)
		return
	}
	for _, ch := range p.Changes {
		if !a.inside(ch) || (ch.Action != plan.Delete && ch.Action != plan.NoOp) {
			t.Errorf("cleaning up: the plan would %s %s; not applying it", ch.Action, ch.ID)
			return
		}
	}
	if r := a.run(t, "apply", "--auto-approve", out); r.Code != 0 {
		t.Errorf("cleaning up: apply: %s", r)
	}
	if r := a.run(t, "plan", "--detailed-exitcode", dir); r.Code != 0 {
		t.Errorf("cleaning up: re-plan not empty: %s", r)
	}
	raw, _ := json.Marshal(p.Count())
	t.Logf("cleaned up: %s", raw)
}
