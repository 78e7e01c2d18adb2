package e2e

import (
	"context"
	"encoding/json"
	"maps"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// secretEnvs are the Password variables examples/repo names.
var secretEnvs = []string{"CONTOSO_ERP_SVC_PASSWORD", "CONTOSO_HQ_ROUTER_PASSWORD", "FABRIKAM_WMS_SVC_PASSWORD"}

// account is a sandbox account with the environment that points glue-sync
// at it, every Password variable set, and an API client to inspect it.
type account struct {
	*clitest.Account
	env map[string]string
	api *client.Client
}

// demoAccount starts a sandbox holding the demo account, with key as its
// API key when not empty, and every Password variable set.
func demoAccount(t *testing.T, p sandbox.Profile, key string) *account {
	t.Helper()
	return newAccount(t, p, key, string(demo.Seed()))
}

// forProfiles runs f once per sandbox profile, as parallel subtests named
// after it, the pessimistic profile (the least convenient reading of IT
// Glue's documentation) first. Each has its own account.
func forProfiles(t *testing.T, f func(t *testing.T, p sandbox.Profile)) {
	for _, p := range []sandbox.Profile{sandbox.ProfilePessimistic, sandbox.ProfileDefault} {
		t.Run(p.String(), func(t *testing.T) {
			t.Parallel()
			f(t, p)
		})
	}
}

// inPessimistic runs f in the pessimistic profile only, as a subtest named
// after it (not parallel), for a test whose assertions the profile cannot
// change; its doc comment says why.
func inPessimistic(t *testing.T, f func(t *testing.T, p sandbox.Profile)) {
	p := sandbox.ProfilePessimistic
	t.Run(p.String(), func(t *testing.T) { f(t, p) })
}

func newAccount(t *testing.T, p sandbox.Profile, key, seed string) *account {
	t.Helper()
	a := clitest.Start(t, clitest.Options{Key: key, Seed: seed, Sandbox: func(o *sandbox.Options) { o.Profile = p }})
	pw := map[string]string{}
	for _, e := range secretEnvs {
		pw[e] = "pw-" + strings.ToLower(e)
	}
	return &account{Account: a, env: a.Env(pw), api: a.Client(t)}
}

// run runs glue-sync with args against the account, with extra variables
// (clitest.Run: every output is checked for the key and password values).
func (a *account) run(t *testing.T, extra map[string]string, args ...string) clitest.Result {
	t.Helper()
	env := maps.Clone(a.env)
	maps.Copy(env, extra)
	return clitest.Run(t, env, args...)
}

// planJSON runs plan --format json and decodes it.
func (a *account) planJSON(t *testing.T, dir string, args ...string) *plan.Plan {
	t.Helper()
	r := a.run(t, nil, append([]string{"plan", "--format", "json", dir}, args...)...)
	if r.Code != cli.ExitOK {
		t.Fatalf("plan %s: %s", dir, r)
	}
	p, err := plan.Decode(strings.NewReader(r.Stdout))
	if err != nil {
		t.Fatalf("plan %s: %v\n%s", dir, err, r)
	}
	if p.Source.Dir != dir || p.Target.BaseURL != a.URL {
		t.Errorf("plan %s: source %+v, target %+v; want the directory and the account's URL", dir, p.Source, p.Target)
	}
	if err := p.CheckDiffs(); err != nil {
		t.Errorf("plan %s breaks the plan.Change contract:\n%v", dir, err)
	}
	return p
}

// mustApply applies dir and fails the test unless everything applied.
func (a *account) mustApply(t *testing.T, dir string) clitest.Result {
	t.Helper()
	r := a.run(t, nil, "apply", "--auto-approve", dir)
	if r.Code != cli.ExitOK {
		t.Fatalf("apply %s: %s", dir, r)
	}
	return r
}

// changes lists a plan's changes that do something, as "action id".
func changes(p *plan.Plan) []string {
	var out []string
	for _, ch := range p.Changes {
		if ch.Action != plan.NoOp {
			out = append(out, string(ch.Action)+" "+ch.ID)
		}
	}
	return out
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

// org returns the live organization called name.
func (a *account) org(t *testing.T, name string) client.Organization {
	t.Helper()
	orgs, err := a.api.Organizations.List(context.Background(), &client.OrganizationListOptions{Names: []string{name}})
	if err != nil || len(orgs) != 1 {
		t.Fatalf("organization %q: %d found (err %v)", name, len(orgs), err)
	}
	return orgs[0]
}

// assetType returns the live flexible asset type called name.
func (a *account) assetType(t *testing.T, name string) client.FlexibleAssetType {
	t.Helper()
	ts, err := a.api.FlexibleAssetTypes.List(context.Background(), name)
	if err != nil || len(ts) != 1 {
		t.Fatalf("flexible asset type %q: %d found (err %v)", name, len(ts), err)
	}
	return ts[0]
}

// asset returns the live asset of org and type whose name is name.
func (a *account) asset(t *testing.T, org, typ, name string) client.FlexibleAsset {
	t.Helper()
	o, ty := a.org(t, org), a.assetType(t, typ)
	as, err := a.api.FlexibleAssets.List(context.Background(), ty.ID, &client.FlexibleAssetListOptions{OrganizationID: o.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range as {
		if x.Name == name {
			return x
		}
	}
	t.Fatalf("no %s asset %q in %s", typ, name, org)
	return client.FlexibleAsset{}
}
