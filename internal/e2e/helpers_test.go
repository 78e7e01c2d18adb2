package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

// exampleRepo is examples/repo, from this package's directory.
const exampleRepo = "../../examples/repo"

// secretEnvs are the Password variables examples/repo names.
var secretEnvs = []string{"CONTOSO_ERP_SVC_PASSWORD", "CONTOSO_HQ_ROUTER_PASSWORD", "FABRIKAM_WMS_SVC_PASSWORD"}

// account is a sandbox with the environment that points glue-sync at it.
type account struct {
	sb  *sandboxtest.Sandbox
	env map[string]string
	api *client.Client
}

func unique(t *testing.T, prefix string) string {
	t.Helper()
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return prefix + hex.EncodeToString(b)
}

// demoAccount starts a sandbox holding the demo account, with key as its
// API key when not empty, and every Password variable set.
func demoAccount(t *testing.T, key string) *account {
	t.Helper()
	return newAccount(t, key, string(demo.Seed()))
}

func newAccount(t *testing.T, key, seed string) *account {
	t.Helper()
	sb := sandboxtest.Start(t, func(o *sandbox.Options) {
		if key != "" {
			o.APIKey = key
		}
	})
	sb.Seed(t, seed)
	env := map[string]string{client.EnvBaseURL: sb.URL, client.EnvAPIKey: sb.Key}
	for _, e := range secretEnvs {
		env[e] = "pw-" + strings.ToLower(e)
	}
	api, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return &account{sb: sb, env: env, api: api}
}

// result is one glue-sync run.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return "exit " + itoa(int64(r.code)) + "\n--- stdout:\n" + r.stdout + "\n--- stderr:\n" + r.stderr
}

// run runs glue-sync with args against the account, with extra variables.
func (a *account) run(t *testing.T, extra map[string]string, args ...string) result {
	t.Helper()
	env := maps.Clone(a.env)
	maps.Copy(env, extra)
	return runEnv(t, env, args...)
}

// sandboxPlaceholder is the password value --sandbox uses for unset
// variables (cli.sandboxPlaceholder): a password value like any other.
const sandboxPlaceholder = "sandbox-placeholder"

// runEnv runs glue-sync with args and the environment env. Every run is a
// secret canary: the API key and the password values set (or the sandbox's
// placeholder) must appear neither in stdout or stderr nor in a plan file
// --out wrote.
func runEnv(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	ios, _, out, errOut := cli.TestStreams()
	code := cli.Main(context.Background(), args, func(k string) string { return env[k] }, ios)
	r := result{code: code, stdout: out.String(), stderr: errOut.String()}
	secrets := map[string]string{client.EnvAPIKey: env[client.EnvAPIKey], "the sandbox placeholder": sandboxPlaceholder}
	for _, e := range secretEnvs {
		secrets[e] = env[e]
	}
	outputs := map[string]string{"stdout": r.stdout, "stderr": r.stderr}
	for i, arg := range args {
		if arg == "--out" && i+1 < len(args) {
			if b, err := os.ReadFile(args[i+1]); err == nil {
				outputs["plan file "+args[i+1]] = string(b)
			}
		}
	}
	for where, text := range outputs {
		for name, v := range secrets {
			if v != "" && strings.Contains(text, v) {
				t.Errorf("%q: %s contains the value of %s", args, where, name)
			}
		}
	}
	return r
}

// planJSON runs plan --format json and decodes it.
func (a *account) planJSON(t *testing.T, dir string, args ...string) *plan.Plan {
	t.Helper()
	r := a.run(t, nil, append([]string{"plan", "--format", "json", dir}, args...)...)
	if r.code != cli.ExitOK {
		t.Fatalf("plan %s: %s", dir, r)
	}
	p, err := plan.Decode(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatalf("plan %s: %v\n%s", dir, err, r)
	}
	if p.Source.Dir != dir || p.Target.BaseURL != a.sb.URL {
		t.Errorf("plan %s: source %+v, target %+v; want the directory and the account's URL", dir, p.Source, p.Target)
	}
	if err := p.CheckDiffs(); err != nil {
		t.Errorf("plan %s breaks the plan.Change contract:\n%v", dir, err)
	}
	return p
}

// mustApply applies dir and fails the test unless everything applied.
func (a *account) mustApply(t *testing.T, dir string) result {
	t.Helper()
	r := a.run(t, nil, "apply", "--auto-approve", dir)
	if r.code != cli.ExitOK {
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

// copyRepo copies examples/repo to a temporary directory and applies the
// given file edits (path -> new content; "" deletes the file).
func copyRepo(t *testing.T, edits map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "repo")
	if err := os.CopyFS(dir, os.DirFS(exampleRepo)); err != nil {
		t.Fatal(err)
	}
	for path, content := range edits {
		p := filepath.Join(dir, filepath.FromSlash(path))
		if content == "" {
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// readFile returns a repository file's content.
func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
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
