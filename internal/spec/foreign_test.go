package spec

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

// TestForeignFilesSkipped: another tool's YAML in the repository (mkdocs)
// is skipped with a warning, while a glue-sync document that lacks kind:
// is still an error.
func TestForeignFilesSkipped(t *testing.T) {
	org := "kind: Organization\nname: Contoso\n"
	tests := []struct {
		name      string
		file      string
		wantErr   string
		wantWarn  string
		wantFiles int
	}{
		{"mkdocs", "site_name: Runbooks\nnav:\n  - Home: index.md\ntheme: material\n", "", "skipped: not a glue-sync file", 1},
		{"several foreign documents", "a: 1\n---\nb: [2]\n", "", "skipped: not a glue-sync file", 1},
		{"asset without kind", "organization: Contoso\ntype: Email\ntraits: {Type: Cloud}\n", `missing required key "kind"`, "", 2},
		{"organization without kind", "name: Fabrikam\n", `missing required key "kind"`, "", 2},
		{"one glue-sync document among foreign ones", "site_name: x\n---\nname: Fabrikam\n", `missing required key "kind"`, "", 2},
		// A file that does not parse is not skipped: the documents before
		// the broken one are read (and here lack kind:).
		{"foreign documents before broken YAML", "a: 1\n---\nb: [2\n", `missing required key "kind"`, "", 2},
		{"broken YAML after a foreign document", "a: 1\n---\nb: [2\n", "invalid YAML", "", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"orgs.yaml": {Data: []byte(org)}, "other.yml": {Data: []byte(tt.file)}}
			ds, diags := Load(context.Background(), fsys, ".")
			text := diags.String()
			if tt.wantErr == "" && diags.HasErrors() {
				t.Fatalf("errors:\n%s", text)
			}
			if tt.wantErr != "" && (!diags.HasErrors() || !strings.Contains(text, tt.wantErr)) {
				t.Errorf("diagnostics:\n%s\nwant an error %q", text, tt.wantErr)
			}
			if tt.wantWarn != "" && !strings.Contains(text, "other.yml: warning: "+tt.wantWarn) {
				t.Errorf("diagnostics:\n%s\nwant a warning on other.yml: %q", text, tt.wantWarn)
			}
			if ds != nil && ds.Files != tt.wantFiles {
				t.Errorf("files = %d; want %d", ds.Files, tt.wantFiles)
			}
		})
	}
}

// TestExclude: exclude: in glue-sync.yaml leaves files and folders unread,
// without a warning; a bad pattern is an error at its position.
func TestExclude(t *testing.T) {
	org := "kind: Organization\nname: Contoso\n"
	broken := "kind: Organization\nname: [broken\n"
	fsys := fstest.MapFS{
		"glue-sync.yaml":         {Data: []byte("version: 1\nexclude: [mkdocs.yml, drafts/, '*.tmpl.yaml']\n")},
		"orgs.yaml":              {Data: []byte(org)},
		"mkdocs.yml":             {Data: []byte("site_name: x\n")},
		"drafts/wip.yaml":        {Data: []byte(broken)},
		"drafts/deeper/old.yaml": {Data: []byte(broken)},
		"asset.tmpl.yaml":        {Data: []byte(broken)},
		"sub/asset.tmpl.yaml":    {Data: []byte("kind: Organization\nname: Fabrikam\n")}, // * does not cross /
	}
	ds, diags := Load(context.Background(), fsys, ".")
	if len(diags) != 0 {
		t.Fatalf("diagnostics:\n%s", diags.String())
	}
	if ds.Files != 3 || len(ds.Organizations) != 2 {
		t.Errorf("files = %d, organizations = %d; want 3 files (config, orgs.yaml, sub/asset.tmpl.yaml) and 2 organizations", ds.Files, len(ds.Organizations))
	}

	fsys["glue-sync.yaml"] = &fstest.MapFile{Data: []byte("version: 1\nexclude: ['[unclosed']\n")}
	_, diags = Load(context.Background(), fsys, ".")
	if !diags.HasErrors() || !strings.Contains(diags.String(), `glue-sync.yaml:2:11: exclude: "[unclosed" is not a valid pattern`) {
		t.Errorf("diagnostics:\n%s\nwant an error at the bad pattern", diags.String())
	}
}
