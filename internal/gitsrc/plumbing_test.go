package gitsrc_test

import (
	"context"
	"io/fs"
	"sort"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/glue-sync/glue-sync/internal/gitsrc"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// storeObject stores o in r's object store.
func (r *testRepo) storeObject(typ plumbing.ObjectType, encode func(plumbing.EncodedObject) error) plumbing.Hash {
	r.T.Helper()
	obj := r.Git.Storer.NewEncodedObject()
	obj.SetType(typ)
	if err := encode(obj); err != nil {
		r.T.Fatal(err)
	}
	h, err := r.Git.Storer.SetEncodedObject(obj)
	if err != nil {
		r.T.Fatal(err)
	}
	return h
}

func (r *testRepo) blob(content string) plumbing.Hash {
	return r.storeObject(plumbing.BlobObject, func(o plumbing.EncodedObject) error {
		w, err := o.Writer()
		if err != nil {
			return err
		}
		if _, err := w.Write([]byte(content)); err != nil {
			return err
		}
		return w.Close()
	})
}

func (r *testRepo) tree(entries ...object.TreeEntry) plumbing.Hash {
	sort.Sort(object.TreeEntrySorter(entries))
	t := &object.Tree{Entries: entries}
	return r.storeObject(plumbing.TreeObject, t.Encode)
}

// commitTree commits the tree root on master by hand, for what a work
// tree cannot hold: absolute link targets and submodules.
func (r *testRepo) commitTree(root plumbing.Hash) string {
	sig := object.Signature{Name: "Test", Email: "test@example.com", When: r.Now()}
	c := &object.Commit{Author: sig, Committer: sig, Message: "by hand", TreeHash: root}
	h := r.storeObject(plumbing.CommitObject, c.Encode)
	if err := r.Git.Storer.SetReference(plumbing.NewHashReference(plumbing.NewBranchReferenceName("master"), h)); err != nil {
		r.T.Fatal(err)
	}
	return h.String()
}

func TestAbsoluteLinksAndSubmodules(t *testing.T) {
	r := newTestRepo(t)
	org := "kind: Organization\nname: Contoso Ltd\n"
	repoTree := r.tree(
		object.TreeEntry{Name: "orgs.yaml", Mode: filemode.Regular, Hash: r.blob(org)},
		object.TreeEntry{Name: "abs.yaml", Mode: filemode.Symlink, Hash: r.blob("/etc/hostname")},
		object.TreeEntry{Name: "vendored", Mode: filemode.Submodule, Hash: plumbing.NewHash("0123456789abcdef0123456789abcdef01234567")},
	)
	hash := r.commitTree(r.tree(object.TreeEntry{Name: "repo", Mode: filemode.Dir, Hash: repoTree}))
	repo, err := gitsrc.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := repo.Resolve(context.Background(), "master")
	if err != nil || c.Hash != hash {
		t.Fatalf("Resolve(master) = %v, %v; want %s", c, err, hash)
	}
	fsys := c.FS()
	if _, err := fsys.Open("repo/abs.yaml"); err == nil || !strings.Contains(err.Error(), "leads outside the git repository") {
		t.Errorf("Open(abs.yaml) = %v; want the link refused", err)
	}
	if target, err := fsys.(fs.ReadLinkFS).ReadLink("repo/abs.yaml"); err != nil || target != "/etc/hostname" {
		t.Errorf("ReadLink(abs.yaml) = %q, %v", target, err)
	}
	if fi, err := fs.Stat(fsys, "repo/vendored"); err != nil || !fi.IsDir() {
		t.Errorf("Stat(vendored) = %v, %v; want a folder", fi, err)
	}
	if _, err := fs.ReadDir(fsys, "repo/vendored"); err == nil || !strings.Contains(err.Error(), "submodule") {
		t.Errorf("ReadDir(vendored) = %v; want the submodule refused", err)
	}

	// The loader reports both and reads the rest.
	ds, diags := spec.Load(context.Background(), fsys, "repo")
	for _, want := range []string{
		`repo/abs.yaml: symbolic link points outside the repository (to "/etc/hostname")`,
		"repo/vendored: cannot read: a git submodule",
	} {
		if !strings.Contains(diags.String(), want) {
			t.Errorf("diagnostics lack %q:\n%s", want, diags)
		}
	}
	if ds == nil || len(ds.Organizations) != 1 {
		t.Errorf("state = %+v; want the one organization", ds)
	}
}
