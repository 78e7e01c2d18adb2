package gitsrc_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/gitsrc"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// TestLoadFromCommitMatchesWorkTree loads the same repository from the
// work tree and from a commit and expects the same desired state and the
// same diagnostics, symbolic link rules included.
func TestLoadFromCommitMatchesWorkTree(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(r *testRepo)
		errors bool
	}{
		{"examples", nil, false},
		{"link to a file beside the repository root", func(r *testRepo) {
			r.Write(map[string]string{"examples/extra/more.yaml": "kind: Organization\nname: Linked Org\n"})
			r.Symlink("examples/repo/organizations/linked.yaml", "../../extra/more.yaml")
		}, true}, // ../../extra is outside the repo root examples/repo
		{"link outside the repository root", func(r *testRepo) {
			r.Write(map[string]string{"outside.yaml": "kind: Organization\nname: Outside\n"})
			r.Symlink("examples/repo/organizations/out.yaml", "../../../outside.yaml")
		}, true},
		{"link inside the repository root", func(r *testRepo) {
			// organizations/clients.yaml becomes a link to a hidden copy.
			orgs := filepath.Join(r.Dir, "examples", "repo", "organizations", "clients.yaml")
			b, err := os.ReadFile(orgs)
			if err != nil {
				t.Fatal(err)
			}
			r.Write(map[string]string{"examples/repo/.shared/clients.yaml": string(b)})
			if err := os.Remove(orgs); err != nil {
				t.Fatal(err)
			}
			r.Symlink("examples/repo/organizations/clients.yaml", "../.shared/clients.yaml")
		}, false},
		{"linked folder", func(r *testRepo) {
			r.Symlink("examples/repo/orgs-link", "organizations")
		}, false},
		{"hidden and non-YAML files", func(r *testRepo) {
			r.Write(map[string]string{"examples/repo/.draft/x.yaml": "not: [valid", "examples/repo/notes.txt": "hello"})
		}, false},
	}
	// The whole examples are compared once ("examples"). The link cases
	// change a copy of the smallest repository their links need, the
	// examples' glue-sync.yaml and organizations/clients.yaml, committed
	// once: each copy costs a file copy per object, where committing the
	// examples again cost go-git a compression of every file.
	examples := filepath.Join("..", "..", "examples", "repo")
	full := newTestRepo(t)
	full.CopyDir(examples, "examples/repo")
	full.Commit("add the repository")
	small := newTestRepo(t)
	for _, name := range []string{"glue-sync.yaml", "organizations/clients.yaml"} {
		b, err := os.ReadFile(filepath.Join(examples, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		small.Write(map[string]string{"examples/repo/" + name: string(b)})
	}
	small.Commit("add the repository")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := full
			if tt.setup != nil {
				r = &testRepo{small.Copy(t)}
				tt.setup(r)
				r.Commit("the case's change")
			}
			ctx := context.Background()
			wantState, wantDiags := spec.Load(ctx, os.DirFS(r.Dir), "examples/repo")
			if wantDiags.HasErrors() != tt.errors {
				t.Fatalf("work tree errors = %v; want %v:\n%s", wantDiags.HasErrors(), tt.errors, wantDiags)
			}
			repo, err := gitsrc.Open(r.Dir)
			if err != nil {
				t.Fatal(err)
			}
			c, err := repo.Resolve(ctx, "HEAD")
			if err != nil {
				t.Fatal(err)
			}
			gotState, gotDiags := spec.Load(ctx, c.FS(), "examples/repo")
			if diff := cmp.Diff(wantDiags.String(), gotDiags.String()); diff != "" {
				t.Errorf("diagnostics differ (-work tree +commit):\n%s", diff)
			}
			if diff := cmp.Diff(wantState, gotState); diff != "" {
				t.Errorf("desired state differs (-work tree +commit):\n%s", diff)
			}
			if !tt.errors && (gotState == nil || len(gotState.Organizations) == 0) {
				t.Errorf("the commit's state has no organizations: %+v", gotState)
			}
			if tt.name == "link inside the repository root" && !hasOrg(gotState, "Contoso Ltd") {
				t.Error("the organization read through the link is missing")
			}
		})
	}
}

func hasOrg(ds *spec.DesiredState, name string) bool {
	for _, o := range ds.Organizations {
		if o.Name == name {
			return true
		}
	}
	return false
}
