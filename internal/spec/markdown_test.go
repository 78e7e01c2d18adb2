package spec

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// TestMarkdownTraits: a Textbox may be written as a Markdown file or as
// inline Markdown; bad references are errors at the trait's value, links
// that cannot work in IT Glue warnings at the Markdown's line.
func TestMarkdownTraits(t *testing.T) {
	asset := func(traits string) []byte {
		return []byte("kind: FlexibleAsset\norganization: Contoso\ntype: Server\ntraits:\n  Hostname: CON-FS01\n" + traits)
	}
	runbook := []byte("# Restore\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [ ] step\n\nSee [the ERP runbook](erp.md).\n")
	tests := []struct {
		name  string
		setup func(t *testing.T, repo, outside string)
		want  string // diagnostics, REPO for the repository
		html  string // a fragment the Notes HTML must hold
		files int
	}{
		{"file", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "runbooks", "fs.md"), runbook)
			write(t, filepath.Join(repo, "asset.yaml"), asset("  Notes: {markdown: runbooks/fs.md}\n"))
		}, "REPO/runbooks/fs.md:9:1: warning: relative link \"erp.md\" is sent as plain text: inside IT Glue there is no repository file to open" +
			" (link to the document's IT Glue or web address (https://...) instead)\n", "<td>1</td>", 1},
		{"same file twice is read and warned about once", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "runbooks", "fs.md"), []byte("**Bold** runbook\n"))
			write(t, filepath.Join(repo, "asset.yaml"), asset("  Notes: {markdown: runbooks/fs.md}\n"))
			write(t, filepath.Join(repo, "other.yaml"), []byte("kind: FlexibleAsset\norganization: Contoso\ntype: Server\n"+
				"traits:\n  Hostname: CON-FS02\n  Notes: {markdown: ./runbooks/../runbooks/fs.md}\n"))
		}, "", "<strong>Bold</strong>", 1},
		{"inline", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "asset.yaml"), asset("  Notes:\n    markdownText: |\n      ~~old~~ new\n\n      ![x](x.png)\n"))
		}, "REPO/asset.yaml:10:1: warning: trait \"Notes\": image \"x.png\" is left out: an IT Glue rich-text field sent by glue-sync keeps no images" +
			" (link to the image on a web page instead, or attach it to the asset as an Upload)\n", "<del>old</del> new", 0},
		{"missing file", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "asset.yaml"), asset("  Notes: {markdown: runbooks/gone.md}\n"))
		}, "REPO/asset.yaml:6:21: trait \"Notes\": file \"runbooks/gone.md\" does not exist in the repository\n", "", 0},
		{"outside the repository", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "asset.yaml"), asset("  Notes: {markdown: ../notes.md}\n"))
		}, "REPO/asset.yaml:6:21: trait \"Notes\": file \"../notes.md\" is outside the repository (use a path relative to the repository root, with /)\n", "", 0},
		{"symbolic link leading out", func(t *testing.T, repo, outside string) {
			write(t, filepath.Join(outside, "secret.md"), []byte("secret"))
			symlink(t, filepath.Join(outside, "secret.md"), filepath.Join(repo, "notes.md"))
			write(t, filepath.Join(repo, "asset.yaml"), asset("  Notes: {markdown: notes.md}\n"))
		}, "REPO/asset.yaml:6:21: trait \"Notes\": file \"notes.md\" is a symbolic link leading outside the repository (copy the file into the repository)\n", "", 0},
		{"a folder", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "runbooks", "x.md"), runbook)
			write(t, filepath.Join(repo, "asset.yaml"), asset("  Notes: {markdown: runbooks}\n"))
		}, "REPO/asset.yaml:6:21: trait \"Notes\": file \"runbooks\" does not exist in the repository\n", "", 0},
		{"too large", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "big.md"), bytes.Repeat([]byte("x"), MaxMarkdownSize+1))
			write(t, filepath.Join(repo, "asset.yaml"), asset("  Notes: {markdown: big.md}\n"))
		}, "REPO/asset.yaml:6:21: trait \"Notes\": file \"big.md\" is 1.0 MiB, larger than 1 MiB (split the runbook, or link to the long parts)\n", "", 0},
		{"not UTF-8", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "latin1.md"), []byte("caf\xe9\n"))
			write(t, filepath.Join(repo, "asset.yaml"), asset("  Notes: {markdown: latin1.md}\n"))
		}, "REPO/asset.yaml:6:21: trait \"Notes\": Markdown file \"latin1.md\" is not UTF-8 text (save the file as UTF-8)\n", "", 0},
		{"both keys", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "n.md"), runbook)
			write(t, filepath.Join(repo, "asset.yaml"), asset("  Notes: {markdown: n.md, markdownText: x}\n"))
		}, "REPO/asset.yaml:6:10: trait \"Notes\": a Textbox takes {markdown: path/from/the/repository/root.md} or {markdownText: ...}, not both or more keys (give one of them)\n", "", 0},
		{"misspelt key", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "asset.yaml"), asset("  Notes: {markdwon: n.md}\n"))
		}, "REPO/asset.yaml:6:10: trait \"Notes\": a Textbox field takes text, {markdown: path/from/the/repository/root.md} or {markdownText: ...}, not a mapping\n", "", 0},
		{"Markdown on a Text field", func(t *testing.T, repo, _ string) {
			write(t, filepath.Join(repo, "n.md"), runbook)
			write(t, filepath.Join(repo, "asset.yaml"), asset("  Phone: {markdown: n.md}\n"))
		}, "REPO/asset.yaml:6:10: trait \"Phone\": a Text field takes text, not Markdown (only Textbox fields take Markdown)\n", "", 0},
	}
	base, err := os.ReadFile("testdata/base/base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			top := t.TempDir()
			repo, outside := filepath.Join(top, "repo"), filepath.Join(top, "outside")
			write(t, filepath.Join(repo, "base.yaml"), base)
			if err := os.MkdirAll(outside, 0o755); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, repo, outside)
			ds, diags := LoadDir(context.Background(), repo)
			want := strings.ReplaceAll(tt.want, "REPO", filepath.ToSlash(repo))
			if d := cmp.Diff(want, diags.String()); d != "" {
				t.Fatalf("diagnostics (-want +got):\n%s", d)
			}
			if ds.MarkdownFiles != tt.files {
				t.Errorf("MarkdownFiles = %d; want %d", ds.MarkdownFiles, tt.files)
			}
			if tt.html == "" {
				return
			}
			a := ds.Asset("Contoso", "Server", "CON-FS01")
			tv := a.TraitByField("Notes")
			if tv == nil || tv.Markdown() == nil || !strings.Contains(tv.Text, tt.html) {
				t.Fatalf("Notes = %+v; want Markdown rendered to HTML holding %q", tv, tt.html)
			}
		})
	}
}

// TestMarkdownThroughFS: Markdown files are read through the loader's
// fs.FS, so loading a repository from a git revision (--ref) or a
// sub-folder finds them relative to that root.
func TestMarkdownThroughFS(t *testing.T) {
	base, err := os.ReadFile("testdata/base/base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"docs/base.yaml":       {Data: base},
		"docs/asset.yaml":      {Data: []byte("kind: FlexibleAsset\norganization: Contoso\ntype: Server\ntraits:\n  Hostname: CON-FS01\n  Notes: {markdown: rb/x.md}\n")},
		"docs/rb/x.md":         {Data: []byte("# From the revision\n")},
		"rb/x.md":              {Data: []byte("# Outside the root\n")},
		"docs/rb/ignored.yaml": {Data: []byte("# comment only\n")},
	}
	ds, diags := Load(context.Background(), fsys, "docs")
	if diags.HasErrors() {
		t.Fatalf("diagnostics: %s", diags)
	}
	tv := ds.Asset("Contoso", "Server", "CON-FS01").TraitByField("Notes")
	if tv.Markdown().File != "rb/x.md" || tv.Markdown().Text != "# From the revision\n" || tv.Text != "<h1>From the revision</h1>\n" {
		t.Errorf("Notes = %q from %+v; want the root's rb/x.md rendered", tv.Text, tv.Markdown())
	}
}
