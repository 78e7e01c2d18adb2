package spec

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/schemas"
)

// TestDocumentSchemaForEditors checks the schema editors use (one for
// every document kind) the way an editor would: the whole document,
// traits included, without glue-sync's own checks.
func TestDocumentSchemaForEditors(t *testing.T) {
	v, err := newValidator()
	if err != nil {
		t.Fatal(err)
	}
	doc, cfg := v.compiled[schemas.Document], v.compiled[schemas.Config]
	files, _ := filepath.Glob("../../examples/repo/*/*.yaml")
	more, _ := filepath.Glob("../../examples/repo/*/*/*.yaml")
	files = append(files, more...)
	if len(files) < 8 {
		t.Fatalf("found only %d example files", len(files))
	}
	for _, f := range append(files, "../../examples/repo/glue-sync.yaml") {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s := doc
		if filepath.Base(f) == ConfigFile {
			s = cfg
		}
		for i, n := range mustDocs(t, data) {
			if err := s.Validate(instance(n)); err != nil {
				t.Errorf("%s document %d: %v", f, i+1, err)
			}
		}
	}
	bad := []string{
		"kind: Organization\nname: X\nshortname: Y\n",
		"kind: FlexibleAssetType\nname: X\nfields: [{name: A, kind: Txt}]\n",
		"kind: FlexibleAsset\norganization: X\ntype: Y\ntraits: {Pw: {env: 1BAD}}\n",
		"kind: Nope\n",
	}
	for _, b := range bad {
		err := doc.Validate(instance(mustDocs(t, []byte(b))[0]))
		if _, ok := err.(*jsonschema.ValidationError); !ok {
			t.Errorf("document schema accepted %q (err %v)", b, err)
		}
	}
}

func mustDocs(t *testing.T, data []byte) []*yaml.Node {
	t.Helper()
	docs, err := decodeAll(data)
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// TestSchemaFilesDeclareTheirURL keeps each file's $id in step with the
// URL documented for editors.
func TestSchemaFilesDeclareTheirURL(t *testing.T) {
	for _, name := range schemas.Names() {
		data, err := schemas.Read(name)
		if err != nil {
			t.Fatal(err)
		}
		if want := `"$id": "` + schemas.BaseURL + name + `"`; !bytes.Contains(data, []byte(want)) {
			t.Errorf("%s: no %s", name, want)
		}
		if !strings.Contains(string(data), "draft/2020-12/schema") {
			t.Errorf("%s: not a draft 2020-12 schema", name)
		}
	}
}

// TestExampleModelines checks the editor line at the top of every example
// file: it must name the schema for that file (the configuration's or the
// document one) at the published URL, which is each schema's $id. Hidden
// folders (.github's workflows) are not glue-sync files: Load skips them.
func TestExampleModelines(t *testing.T) {
	var files []string
	err := filepath.WalkDir("../../examples/repo", func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && strings.HasPrefix(d.Name(), ".") && d.Name() != "." {
			return filepath.SkipDir
		}
		if err == nil && !d.IsDir() && (filepath.Ext(p) == ".yaml" || filepath.Ext(p) == ".yml") {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) < 8 {
		t.Fatalf("walking examples/repo: %v (%d files)", err, len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		first, _, _ := strings.Cut(string(data), "\n")
		name := schemas.Document
		if filepath.Base(f) == ConfigFile {
			name = schemas.Config
		}
		if want := "# yaml-language-server: $schema=" + schemas.BaseURL + name; first != want {
			t.Errorf("%s: first line %q; want %q", f, first, want)
		}
	}
}

func TestHumanPath(t *testing.T) {
	doc := mustDocs(t, []byte("fields:\n  - {name: Model, kind: Txt}\n  - {kind: Txt}\ntraits: {Email Servers: 1}\nprune: {assets: {maxShare: 2}}\n"))[0]
	tests := []struct{ ptr, want string }{
		{"/fields/0/kind", `field "Model": kind`},
		{"/fields/1/kind", "fields[1].kind"},
		{"/fields/1", "fields[1]"},
		{"/traits/Email Servers", `traits."Email Servers"`},
		{"/prune/assets/maxShare", "prune.assets.maxShare"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := humanPath(doc, tt.ptr); got != tt.want {
			t.Errorf("humanPath(%q) = %q; want %q", tt.ptr, got, tt.want)
		}
	}
}
