package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// gitFixture is a git repository in a temporary folder, built with go-git,
// holding a copy of examples/repo at examples/repo.
type gitFixture struct {
	t    *testing.T
	dir  string
	repo *git.Repository
	now  time.Time
}

func newGitFixture(t *testing.T) *gitFixture {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, false)
	if err != nil {
		t.Fatal(err)
	}
	g := &gitFixture{t: t, dir: dir, repo: r, now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	src := filepath.Join("..", "..", "examples", "repo")
	err = filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		g.write("examples/repo/"+filepath.ToSlash(rel), string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// repoDir is the glue-sync repository's folder on disk.
func (g *gitFixture) repoDir() string { return filepath.Join(g.dir, "examples", "repo") }

func (g *gitFixture) write(name, content string) {
	g.t.Helper()
	full := filepath.Join(g.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		g.t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
		g.t.Fatal(err)
	}
}

// edit replaces old with new in the file name, which must contain it.
func (g *gitFixture) edit(name, old, new string) {
	g.t.Helper()
	b, err := os.ReadFile(filepath.Join(g.dir, filepath.FromSlash(name)))
	if err != nil || !strings.Contains(string(b), old) {
		g.t.Fatalf("%s: cannot edit %q: %v", name, old, err)
	}
	g.write(name, strings.Replace(string(b), old, new, 1))
}

func (g *gitFixture) commit(msg string) string {
	g.t.Helper()
	wt, err := g.repo.Worktree()
	if err != nil {
		g.t.Fatal(err)
	}
	if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
		g.t.Fatal(err)
	}
	g.now = g.now.Add(time.Hour)
	sig := &object.Signature{Name: "Test", Email: "test@example.com", When: g.now}
	h, err := wt.Commit(msg, &git.CommitOptions{Author: sig, Committer: sig})
	if err != nil {
		g.t.Fatal(err)
	}
	return h.String()
}

func (g *gitFixture) tag(name, hash string) {
	g.t.Helper()
	if _, err := g.repo.CreateTag(name, plumbing.NewHash(hash), nil); err != nil {
		g.t.Fatal(err)
	}
}

func TestValidateRef(t *testing.T) {
	g := newGitFixture(t)
	g.commit("a valid repository")
	g.edit("examples/repo/assets/fabrikam/assets.yaml", "organization: Fabrikam Inc", "organization: Fabrikam Incorporated")
	g.commit("break it")

	// The work tree has the broken content...
	if code, out, _ := runMain(t, "validate", g.repoDir()); code != ExitError || !strings.Contains(out, "Fabrikam Incorporated") {
		t.Fatalf("validate of the work tree = %d, %q; want 1 naming the unknown organization", code, out)
	}
	// ...HEAD~1 the valid one, and HEAD the broken one again, named from
	// the git repository's root.
	code, out, errOut := runMain(t, "validate", "--ref", "HEAD~1", g.repoDir())
	if code != ExitOK || out != "" || !strings.Contains(errOut, "validated 12 files") || !strings.Contains(errOut, "examples/repo at HEAD~1") {
		t.Errorf("validate --ref HEAD~1 = %d\nstdout:\n%s\nstderr:\n%s\nwant 0 and the valid repository", code, out, errOut)
	}
	code, out, _ = runMain(t, "validate", "--ref", "HEAD", "--format", "github", g.repoDir())
	if code != ExitError || !strings.Contains(out, "file=examples/repo/assets/fabrikam/assets.yaml,line=") {
		t.Errorf("validate --ref HEAD = %d\n%s\nwant 1 with positions from the git root", code, out)
	}

	// DIR is relative to the current directory, wherever that is.
	t.Chdir(filepath.Join(g.dir, "examples"))
	if code, _, errOut := runMain(t, "validate", "--ref", "HEAD~1", "repo"); code != ExitOK {
		t.Errorf("validate --ref HEAD~1 repo from examples/ = %d\n%s", code, errOut)
	}
	t.Chdir(g.repoDir())
	if code, _, errOut := runMain(t, "validate", "--ref", "HEAD~1"); code != ExitOK {
		t.Errorf("validate --ref HEAD~1 from examples/repo = %d\n%s", code, errOut)
	}

	// The folder may exist only in the commit.
	t.Chdir(g.dir)
	if err := os.RemoveAll("examples"); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runMain(t, "validate", "--ref", "HEAD~1", "examples/repo"); code != ExitOK {
		t.Errorf("validate --ref HEAD~1 of a folder deleted on disk = %d\n%s", code, errOut)
	}
	if code, _, errOut := runMain(t, "plan", "--sandbox", "--ref", "HEAD~1", "examples/repo"); code != ExitOK {
		t.Errorf("plan --ref HEAD~1 of a folder deleted on disk = %d\n%s", code, errOut)
	}
}

func TestRefErrors(t *testing.T) {
	g := newGitFixture(t)
	g.commit("first")
	g.write("new/glue-sync.yaml", "version: 1\n") // not committed
	plain := t.TempDir()
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"not a repository", []string{"validate", "--ref", "HEAD", plain}, []string{"is not inside a git repository", "drop --ref"}},
		{"unknown revision", []string{"validate", "--ref", "v9", g.repoDir()}, []string{`unknown revision "v9"`, "git fetch --tags"}},
		{"missing at that commit", []string{"validate", "--ref", "HEAD", filepath.Join(g.dir, "new")}, []string{"new (new in the git repository at", "does not exist at HEAD (commit "}},
		{"a file, not a folder", []string{"validate", "--ref", "HEAD", filepath.Join(g.repoDir(), "glue-sync.yaml")}, []string{"glue-sync.yaml is not a folder at HEAD"}},
		{"plan", []string{"plan", "--sandbox", "--ref", "nosuch", g.repoDir()}, []string{`unknown revision "nosuch"`}},
		{"apply a plan file", []string{"apply", "--ref", "HEAD", filepath.Join(g.repoDir(), "glue-sync.yaml")}, []string{"--ref shape a new plan"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runMain(t, tt.args...)
			if code != ExitError {
				t.Fatalf("exit code = %d; want %d\nstdout:\n%s\nstderr:\n%s", code, ExitError, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr does not contain %q:\n%s", w, errOut)
				}
			}
		})
	}
}

// planJSON is the part of a JSON plan these tests read.
type planJSON struct {
	Source struct {
		Dir    string `json:"dir"`
		Commit string `json:"commit"`
	} `json:"source"`
	Changes []struct {
		ID     string `json:"id"`
		Action string `json:"action"`
		Source string `json:"source"`
	} `json:"changes"`
}

func (p planJSON) action(id string) string {
	for _, c := range p.Changes {
		if c.ID == id {
			return c.Action
		}
	}
	return ""
}

func TestPlanRef(t *testing.T) {
	g := newGitFixture(t)
	v1 := g.commit("first")
	g.tag("v1", v1)
	// The sandbox's Backup Job already has this description, so only v1
	// plans an update of it.
	g.edit("examples/repo/types/backup-job.yaml", "description: One scheduled backup job and its restore testing.", "description: Backup jobs.")
	head := g.commit("match the account")
	const backupJob = "flexible-asset-type/Backup Job"

	plan := func(args ...string) planJSON {
		t.Helper()
		code, out, errOut := runMain(t, append([]string{"plan", "--sandbox", "--format", "json"}, args...)...)
		if code != ExitOK {
			t.Fatalf("plan %v = %d\n%s", args, code, errOut)
		}
		var p planJSON
		if err := json.Unmarshal([]byte(out), &p); err != nil {
			t.Fatalf("plan %v: %v\n%s", args, err, out)
		}
		return p
	}
	old := plan("--ref", "v1", g.repoDir())
	if old.Source.Commit != v1 {
		t.Errorf("source.commit = %q; want v1's hash %s", old.Source.Commit, v1)
	}
	if got := old.action(backupJob); got != "update" {
		t.Errorf("at v1, %s is %q; want update", backupJob, got)
	}
	if c := old.Changes[0]; !strings.HasPrefix(c.Source, "examples/repo/") {
		t.Errorf("change source = %q; want a path from the git root", c.Source)
	}
	cur := plan(g.repoDir())
	if cur.Source.Commit != head {
		t.Errorf("work tree source.commit = %q; want HEAD %s", cur.Source.Commit, head)
	}
	if got := cur.action(backupJob); got != "no-op" {
		t.Errorf("in the work tree, %s is %q; want no-op", backupJob, got)
	}
}

func TestRefUploadDrift(t *testing.T) {
	g := newGitFixture(t)
	g.commit("first")
	g.write("examples/repo/files/contoso-erp-architecture.svg", "<svg>edited, not committed</svg>")
	code, _, errOut := runMain(t, "plan", "--sandbox", "--ref", "HEAD", g.repoDir())
	if code != ExitOK || !strings.Contains(errOut, "warning: the plan uploads files/contoso-erp-architecture.svg, which differs on disk from HEAD") {
		t.Errorf("plan --ref HEAD with an edited upload = %d; want 0 and a warning\n%s", code, errOut)
	}
	code, _, errOut = runMain(t, "apply", "--sandbox", "--auto-approve", "--ref", "HEAD", g.repoDir())
	if code != ExitError || !strings.Contains(errOut, "differs on disk from HEAD") || !strings.Contains(errOut, "nothing was applied") {
		t.Errorf("apply --ref HEAD with an edited upload = %d; want 1, refused\n%s", code, errOut)
	}
	// Restored, the same apply goes through.
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "repo", "files", "contoso-erp-architecture.svg"))
	if err != nil {
		t.Fatal(err)
	}
	g.write("examples/repo/files/contoso-erp-architecture.svg", string(b))
	if code, _, errOut := runMain(t, "apply", "--sandbox", "--auto-approve", "--ref", "HEAD", g.repoDir()); code != ExitOK {
		t.Errorf("apply --ref HEAD = %d; want 0\n%s", code, errOut)
	}
}
