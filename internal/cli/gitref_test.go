package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/gitsrc/gittest"
)

// repoDir is the glue-sync repository's folder in g's work tree.
func repoDir(g *gittest.Repo) string { return filepath.Join(g.Dir, "examples", "repo") }

func TestValidateRef(t *testing.T) {
	g, _ := cli.CommittedExampleGit(t) // a valid repository
	g.Edit("examples/repo/assets/fabrikam/assets.yaml", "organization: Fabrikam Inc", "organization: Fabrikam Incorporated")
	g.Commit("break it")

	// The work tree has the broken content...
	if code, out, _ := clitest.Run(t, nil, "validate", repoDir(g)).Outputs(); code != cli.ExitError || !strings.Contains(out, "Fabrikam Incorporated") {
		t.Fatalf("validate of the work tree = %d, %q; want 1 naming the unknown organization", code, out)
	}
	// ...HEAD~1 the valid one, and HEAD the broken one again, named from
	// the git repository's root.
	code, out, errOut := clitest.Run(t, nil, "validate", "--ref", "HEAD~1", repoDir(g)).Outputs()
	if code != cli.ExitOK || out != "" || !strings.Contains(errOut, "validated 12 files") || !strings.Contains(errOut, "examples/repo at HEAD~1") {
		t.Errorf("validate --ref HEAD~1 = %d\nstdout:\n%s\nstderr:\n%s\nwant 0 and the valid repository", code, out, errOut)
	}
	code, out, _ = clitest.Run(t, nil, "validate", "--ref", "HEAD", "--format", "github", repoDir(g)).Outputs()
	if code != cli.ExitError || !strings.Contains(out, "file=examples/repo/assets/fabrikam/assets.yaml,line=") {
		t.Errorf("validate --ref HEAD = %d\n%s\nwant 1 with positions from the git root", code, out)
	}

	// DIR is relative to the current directory, wherever that is.
	t.Chdir(filepath.Join(g.Dir, "examples"))
	if code, _, errOut := clitest.Run(t, nil, "validate", "--ref", "HEAD~1", "repo").Outputs(); code != cli.ExitOK {
		t.Errorf("validate --ref HEAD~1 repo from examples/ = %d\n%s", code, errOut)
	}
	t.Chdir(repoDir(g))
	if code, _, errOut := clitest.Run(t, nil, "validate", "--ref", "HEAD~1").Outputs(); code != cli.ExitOK {
		t.Errorf("validate --ref HEAD~1 from examples/repo = %d\n%s", code, errOut)
	}

	// The folder may exist only in the commit.
	t.Chdir(g.Dir)
	if err := os.RemoveAll("examples"); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := clitest.Run(t, nil, "validate", "--ref", "HEAD~1", "examples/repo").Outputs(); code != cli.ExitOK {
		t.Errorf("validate --ref HEAD~1 of a folder deleted on disk = %d\n%s", code, errOut)
	}
	if code, _, errOut := clitest.Run(t, nil, "plan", "--sandbox", "--ref", "HEAD~1", "examples/repo").Outputs(); code != cli.ExitOK {
		t.Errorf("plan --ref HEAD~1 of a folder deleted on disk = %d\n%s", code, errOut)
	}
}

func TestRefErrors(t *testing.T) {
	t.Parallel()
	g, _ := cli.CommittedExampleGit(t)
	g.Write(map[string]string{"new/glue-sync.yaml": "version: 1\n"}) // not committed
	plain := t.TempDir()
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"not a repository", []string{"validate", "--ref", "HEAD", plain}, []string{"is not inside a git repository", "drop --ref"}},
		{"unknown revision", []string{"validate", "--ref", "v9", repoDir(g)}, []string{`unknown revision "v9"`, "git fetch --tags"}},
		{"missing at that commit", []string{"validate", "--ref", "HEAD", filepath.Join(g.Dir, "new")}, []string{"new (new in the git repository at", "does not exist at HEAD (commit "}},
		{"a file, not a folder", []string{"validate", "--ref", "HEAD", filepath.Join(repoDir(g), "glue-sync.yaml")}, []string{"glue-sync.yaml is not a folder at HEAD"}},
		{"plan", []string{"plan", "--sandbox", "--ref", "nosuch", repoDir(g)}, []string{`unknown revision "nosuch"`}},
		{"apply a plan file", []string{"apply", "--ref", "HEAD", filepath.Join(repoDir(g), "glue-sync.yaml")}, []string{"--ref shape a new plan"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := clitest.Run(t, nil, tt.args...).Outputs()
			if code != cli.ExitError {
				t.Fatalf("exit code = %d; want %d\nstdout:\n%s\nstderr:\n%s", code, cli.ExitError, out, errOut)
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
	t.Parallel()
	g, v1 := cli.CommittedExampleGit(t)
	g.Tag("v1", v1)
	// The sandbox's Backup Job already has this description, so only v1
	// plans an update of it.
	g.Edit("examples/repo/types/backup-job.yaml", "description: One scheduled backup job and its restore testing.", "description: Backup jobs.")
	head := g.Commit("match the account")
	const backupJob = "flexible-asset-type/Backup Job"

	plan := func(args ...string) planJSON {
		t.Helper()
		code, out, errOut := clitest.Run(t, nil, append([]string{"plan", "--sandbox", "--format", "json"}, args...)...).Outputs()
		if code != cli.ExitOK {
			t.Fatalf("plan %v = %d\n%s", args, code, errOut)
		}
		var p planJSON
		if err := json.Unmarshal([]byte(out), &p); err != nil {
			t.Fatalf("plan %v: %v\n%s", args, err, out)
		}
		return p
	}
	old := plan("--ref", "v1", repoDir(g))
	if old.Source.Commit != v1 {
		t.Errorf("source.commit = %q; want v1's hash %s", old.Source.Commit, v1)
	}
	if got := old.action(backupJob); got != "update" {
		t.Errorf("at v1, %s is %q; want update", backupJob, got)
	}
	if c := old.Changes[0]; !strings.HasPrefix(c.Source, "examples/repo/") {
		t.Errorf("change source = %q; want a path from the git root", c.Source)
	}
	cur := plan(repoDir(g))
	if cur.Source.Commit != head {
		t.Errorf("work tree source.commit = %q; want HEAD %s", cur.Source.Commit, head)
	}
	if got := cur.action(backupJob); got != "no-op" {
		t.Errorf("in the work tree, %s is %q; want no-op", backupJob, got)
	}
}

func TestRefUploadDrift(t *testing.T) {
	t.Parallel()
	g, _ := cli.CommittedExampleGit(t)
	g.Write(map[string]string{"examples/repo/files/contoso-erp-architecture.svg": "<svg>edited, not committed</svg>"})
	code, _, errOut := clitest.Run(t, nil, "plan", "--sandbox", "--ref", "HEAD", repoDir(g)).Outputs()
	if code != cli.ExitOK || !strings.Contains(errOut, "warning: the plan uploads files/contoso-erp-architecture.svg, which differs on disk from HEAD") {
		t.Errorf("plan --ref HEAD with an edited upload = %d; want 0 and a warning\n%s", code, errOut)
	}
	code, _, errOut = clitest.Run(t, nil, "apply", "--sandbox", "--auto-approve", "--ref", "HEAD", repoDir(g)).Outputs()
	if code != cli.ExitError || !strings.Contains(errOut, "differs on disk from HEAD") || !strings.Contains(errOut, "nothing was applied") {
		t.Errorf("apply --ref HEAD with an edited upload = %d; want 1, refused\n%s", code, errOut)
	}
	// Restored, the same apply goes through.
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "repo", "files", "contoso-erp-architecture.svg"))
	if err != nil {
		t.Fatal(err)
	}
	g.Write(map[string]string{"examples/repo/files/contoso-erp-architecture.svg": string(b)})
	if code, _, errOut := clitest.Run(t, nil, "apply", "--sandbox", "--auto-approve", "--ref", "HEAD", repoDir(g)).Outputs(); code != cli.ExitOK {
		t.Errorf("apply --ref HEAD = %d; want 0\n%s", code, errOut)
	}
}
