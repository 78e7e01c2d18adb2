package cli

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// counted passes requests to an account and counts them.
type counted struct {
	h            http.Handler
	reqs, writes atomic.Int64
}

func (c *counted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.reqs.Add(1)
	if r.Method != http.MethodGet {
		c.writes.Add(1)
	}
	c.h.ServeHTTP(w, r)
}

// swapped answers at one URL for whichever account is current: two IT
// Glue accounts answer at the same API root, told apart by the key.
type swapped struct{ cur atomic.Pointer[counted] }

func (s *swapped) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.cur.Load().ServeHTTP(w, r) }

// planFileWorld is a demo account (and another account) behind one URL, a
// copy of the example repository in a fake git work tree, and a plan of
// it saved by glue-sync plan --out.
type planFileWorld struct {
	a, b     *counted
	sw       *swapped
	url, dir string
	repo     string
	env      map[string]string
	good     []byte // the saved plan, as plan wrote it
}

const (
	commitA = "0123456789abcdef0123456789abcdef01234567"
	commitB = "89abcdef0123456789abcdef0123456789abcdef"
)

func newPlanFileWorld(t *testing.T) *planFileWorld {
	t.Helper()
	const key = "ITG.planfile-test-key"
	sa, err := demo.NewServer(key)
	if err != nil {
		t.Fatal(err)
	}
	// Another account: the same objects, but its own organization types.
	sb, err := sandbox.New(sandbox.Options{APIKey: key, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	other := strings.Replace(string(demo.Seed()), "organization_types: [Customer, Prospect, Internal]", "organization_types: [Vendor, Customer, Prospect, Internal]", 1)
	if other == string(demo.Seed()) {
		t.Fatal("the demo seed's organization_types line moved; update this test")
	}
	if err := sb.LoadSeed(strings.NewReader(other)); err != nil {
		t.Fatal(err)
	}
	w := &planFileWorld{a: &counted{h: sa}, b: &counted{h: sb}, dir: t.TempDir()}
	w.sw = &swapped{}
	w.sw.cur.Store(w.a)
	hs := httptest.NewServer(w.sw)
	t.Cleanup(hs.Close)
	w.url = hs.URL
	w.repo = filepath.Join(w.dir, "repo")
	if err := os.CopyFS(w.repo, os.DirFS("../../examples/repo")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(w.dir, ".git", "HEAD"), commitA+"\n")
	writeFile(t, filepath.Join(w.dir, "secret.txt"), "outside the repository")
	w.env = map[string]string{"ITGLUE_API_KEY": key, "ITGLUE_BASE_URL": w.url,
		"CONTOSO_HQ_ROUTER_PASSWORD": "pw-router", "CONTOSO_ERP_SVC_PASSWORD": "pw-erp", "FABRIKAM_WMS_SVC_PASSWORD": "pw-wms"}
	out := filepath.Join(w.dir, "plan.json")
	if code, _, errOut := w.run(t, "plan", "--out", out, w.repo); code != ExitOK {
		t.Fatalf("plan: exit %d\n%s", code, errOut)
	}
	w.good, err = os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	w.a.reqs.Store(0)
	return w
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func (w *planFileWorld) run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ios, _, out, errOut := TestStreams()
	code := Main(context.Background(), args, envOf(w.env), ios)
	return code, out.String(), errOut.String()
}

// tampered writes the good plan, edited by f, to a new file.
func (w *planFileWorld) tampered(t *testing.T, f func(p *plan.Plan)) string {
	t.Helper()
	p, err := plan.Decode(bytes.NewReader(w.good))
	if err != nil {
		t.Fatal(err)
	}
	f(p)
	var buf bytes.Buffer
	if err := plan.Encode(&buf, p); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// find returns the first change of p that matches.
func find(t *testing.T, p *plan.Plan, match func(ch *plan.Change) bool) *plan.Change {
	t.Helper()
	for i := range p.Changes {
		if match(&p.Changes[i]) {
			return &p.Changes[i]
		}
	}
	t.Fatal("the example plan has no such change; update this test")
	return nil
}

func withSecret(ch *plan.Change) bool { return ch.Write != nil && len(ch.Write.Secrets) > 0 }
func withUpload(ch *plan.Change) bool { return ch.Write != nil && len(ch.Write.Uploads) > 0 }

func setSecrets(ch *plan.Change, env string) {
	for k := range ch.Write.Secrets {
		ch.Write.Secrets[k] = plan.SecretSource{Env: env}
	}
}

func setUploads(ch *plan.Change, file string) {
	for k := range ch.Write.Uploads {
		ch.Write.Uploads[k] = plan.UploadSource{File: file}
	}
}

// TestApplyRefusesTamperedPlanFiles: a plan file edited after plan (in CI,
// an artifact of a pull-request job) is refused before apply sends the
// key anywhere or writes anything, with a message naming the problem; the
// plan as saved then applies.
func TestApplyRefusesTamperedPlanFiles(t *testing.T) {
	t.Parallel()
	w := newPlanFileWorld(t)
	if err := os.Symlink(filepath.Join(w.dir, "secret.txt"), filepath.Join(w.repo, "files", "leak.txt")); err != nil {
		t.Fatal(err)
	}
	attacker := &counted{h: http.NotFoundHandler()}
	hs := httptest.NewServer(attacker)
	t.Cleanup(hs.Close)

	tests := []struct {
		name   string
		tamper func(p *plan.Plan)
		noEnv  []string // variables unset for this run
		other  bool     // another account answers at the URL
		reads  bool     // the check needs to read the account (never write)
		want   string
	}{
		{name: "delete added without a guard", tamper: func(p *plan.Plan) {
			del := *find(t, p, func(ch *plan.Change) bool { return ch.Action == plan.Delete })
			victim := find(t, p, func(ch *plan.Change) bool { return ch.Action == plan.NoOp && ch.Kind == plan.KindAsset })
			del.ID, del.LiveID, del.Guard, del.Name = "flexible-asset/victim", victim.LiveID, nil, victim.Name
			p.Changes = append(p.Changes, del)
		}, want: `("flexible-asset/victim"): a delete without a guard`},
		{name: "guard removed from a delete", tamper: func(p *plan.Plan) {
			find(t, p, func(ch *plan.Change) bool { return ch.Action == plan.Delete }).Guard = nil
		}, want: `a delete without a guard`},
		{name: "guard removed from an update", tamper: func(p *plan.Plan) {
			find(t, p, func(ch *plan.Change) bool { return ch.Action == plan.Update }).Guard = nil
		}, want: `an update without a guard`},
		{name: "absolute upload", tamper: func(p *plan.Plan) { setUploads(find(t, p, withUpload), "/proc/self/environ") },
			want: `file "/proc/self/environ" is absolute`},
		{name: "upload through ..", tamper: func(p *plan.Plan) { setUploads(find(t, p, withUpload), "../secret.txt") },
			want: `file "../secret.txt" leads outside the repository`},
		{name: "upload of .git/config", tamper: func(p *plan.Plan) { setUploads(find(t, p, withUpload), ".git/config") },
			want: `goes through the hidden ".git"`},
		{name: "upload through a symbolic link out", tamper: func(p *plan.Plan) { setUploads(find(t, p, withUpload), "files/leak.txt") },
			want: `a symbolic link leading outside the repository`},
		{name: "upload of a folder", tamper: func(p *plan.Plan) { setUploads(find(t, p, withUpload), "files") },
			want: `which is not a regular file`},
		{name: "repository moved to /", tamper: func(p *plan.Plan) {
			p.Source.Dir = "/"
			setUploads(find(t, p, withUpload), "proc/self/environ")
		}, want: `uploads files from "/", which is neither inside the current directory nor a glue-sync repository`},
		{name: "secret read from the API key", tamper: func(p *plan.Plan) { setSecrets(find(t, p, withSecret), "ITGLUE_API_KEY") },
			want: `reads ITGLUE_API_KEY: {env: ITGLUE_API_KEY}: ITGLUE_* variables belong to glue-sync`},
		{name: "secret read from GITHUB_TOKEN", tamper: func(p *plan.Plan) { setSecrets(find(t, p, withSecret), "GITHUB_TOKEN") },
			want: `reads GITHUB_TOKEN: {env: GITHUB_TOKEN}: GITHUB_* variables belong to glue-sync, the CI system or a cloud`},
		{name: "change id duplicated", tamper: func(p *plan.Plan) {
			p.Changes = append(p.Changes, *find(t, p, func(ch *plan.Change) bool { return ch.Action == plan.Create }))
		}, want: `the id is also change`},
		{name: "depends on a change that is not there", tamper: func(p *plan.Plan) {
			ch := find(t, p, func(ch *plan.Change) bool { return ch.Action == plan.Create })
			ch.DependsOn = append(ch.DependsOn, "organization/Nowhere")
		}, want: `depends_on names "organization/Nowhere", which is no earlier change`},
		{name: "key sent to another host", tamper: func(p *plan.Plan) { p.Target.BaseURL = hs.URL },
			noEnv: []string{"ITGLUE_BASE_URL"}, want: `a saved plan never chooses where the API key is sent`},
		{name: "account fingerprint removed", tamper: func(p *plan.Plan) { p.Target.Account = "" },
			want: `this plan does not record which account it was made against`},
		{name: "another account at the same URL", tamper: func(*plan.Plan) {}, other: true, reads: true,
			want: `this plan was made against another account than the one this API key opens`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := w.tampered(t, tt.tamper)
			saved := w.env
			w.env = map[string]string{}
			for k, v := range saved {
				w.env[k] = v
			}
			for _, k := range tt.noEnv {
				delete(w.env, k)
			}
			defer func() { w.env = saved }()
			acct := w.a
			if tt.other {
				acct = w.b
			}
			w.sw.cur.Store(acct)
			defer w.sw.cur.Store(w.a)
			before, beforeW := acct.reqs.Load(), acct.writes.Load()
			code, _, errOut := w.run(t, "apply", "--auto-approve", path)
			if code != ExitError || !strings.Contains(errOut, tt.want) {
				t.Fatalf("apply: exit %d; want 1 and stderr containing %q:\n%s", code, tt.want, errOut)
			}
			if strings.Contains(errOut, `\n`) {
				t.Errorf("the refusal shows escaped line breaks; want one problem per line:\n%s", errOut)
			}
			if got := acct.writes.Load() - beforeW; got != 0 {
				t.Errorf("the account saw %d writes; want none", got)
			}
			if got := acct.reqs.Load() - before; !tt.reads && got != 0 {
				t.Errorf("the account saw %d requests; want none before the refusal", got)
			}
			if n := attacker.reqs.Load(); n != 0 {
				t.Errorf("the other host saw %d requests; want none", n)
			}
			if strings.Contains(errOut, w.env["ITGLUE_API_KEY"]) {
				t.Errorf("stderr holds the API key")
			}
		})
	}

	// The plan as saved applies: the refusals above were the checks, not
	// a broken setup.
	path := w.tampered(t, func(*plan.Plan) {})
	if code, _, errOut := w.run(t, "apply", "--auto-approve", path); code != ExitOK {
		t.Fatalf("apply of the untouched plan: exit %d\n%s", code, errOut)
	}
	if w.a.writes.Load() == 0 {
		t.Error("the untouched plan wrote nothing")
	}
}

// TestApplyPlanFileCommit: a plan applied where another commit is
// checked out says so, and --require-same-commit refuses it.
func TestApplyPlanFileCommit(t *testing.T) {
	t.Parallel()
	w := newPlanFileWorld(t)
	path := w.tampered(t, func(*plan.Plan) {})
	writeFile(t, filepath.Join(w.dir, ".git", "HEAD"), commitB+"\n")
	code, _, errOut := w.run(t, "apply", "--auto-approve", "--require-same-commit", path)
	if code != ExitError || !strings.Contains(errOut, "--require-same-commit: the plan was made from commit 0123456789ab, but") ||
		!strings.Contains(errOut, "is at 89abcdef0123") {
		t.Fatalf("apply --require-same-commit: exit %d; want 1 naming both commits:\n%s", code, errOut)
	}
	if n := w.a.reqs.Load(); n != 0 {
		t.Errorf("the refused apply made %d requests", n)
	}
	code, _, errOut = w.run(t, "apply", "--auto-approve", path)
	if code != ExitOK || !strings.Contains(errOut, "note: the plan was made from commit 0123456789ab") {
		t.Fatalf("apply: exit %d; want 0 with a note about the commit:\n%s", code, errOut)
	}
	code, _, errOut = w.run(t, "apply", "--auto-approve", "--require-same-commit", w.repo)
	if code != ExitError || !strings.Contains(errOut, "--require-same-commit is for a saved plan") {
		t.Errorf("apply DIR --require-same-commit: exit %d\n%s", code, errOut)
	}
}

// TestPlanOutWarnsWhenApplyWouldRefuse: a repository whose plan apply
// would refuse from a file (an Upload in a hidden folder) is told so when
// the plan is saved, not only at apply.
func TestPlanOutWarnsWhenApplyWouldRefuse(t *testing.T) {
	t.Parallel()
	repo := filepath.Join(t.TempDir(), "repo")
	if err := os.CopyFS(repo, os.DirFS("../../examples/repo")); err != nil {
		t.Fatal(err)
	}
	apps := filepath.Join(repo, "assets", "contoso", "apps.yaml")
	b, err := os.ReadFile(apps)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), "file: files/contoso-erp-architecture.svg", "file: .attachments/contoso-erp-architecture.svg", 1)
	if edited == string(b) {
		t.Fatal("the example's Upload moved; update this test")
	}
	writeFile(t, apps, edited)
	if err := os.Rename(filepath.Join(repo, "files"), filepath.Join(repo, ".attachments")); err != nil {
		t.Fatal(err)
	}
	ios, _, _, errOut := TestStreams()
	out := filepath.Join(t.TempDir(), "plan.json")
	if code := Main(context.Background(), []string{"plan", "--sandbox", "--out", out, repo}, envOf(nil), ios); code != ExitOK {
		t.Fatalf("plan: exit %d\n%s", code, errOut)
	}
	if want := `warning: apply will refuse this plan file:` + "\n" + `  change `; !strings.Contains(errOut.String(), want) ||
		!strings.Contains(errOut.String(), `goes through the hidden ".attachments"`) {
		t.Errorf("plan --out stderr does not warn about the hidden Upload folder:\n%s", errOut)
	}
}
