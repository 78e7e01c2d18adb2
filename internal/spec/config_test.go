package spec

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestLoadConfig(t *testing.T) {
	fsys := baseFS(t)
	fsys[ConfigFile] = &fstest.MapFile{Data: []byte(`version: 1
region: eu
manage:
  organizations: all
  flexibleAssetTypes: [Email, Server, App, Retired Type]
prune:
  assets: {enabled: true, maxCount: 10, maxShare: 0.25}
defaults:
  organizationStatus: Active
`)}
	ds, diags := Load(context.Background(), fsys, ".")
	if len(diags) != 0 {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	c := ds.Config
	if c.Region != "eu" || !c.Manage.Organizations.All || !c.Manage.AssetTypes.Includes("Retired Type", false) ||
		c.Manage.AssetTypes.Includes("Other", false) {
		t.Errorf("config = %+v", c)
	}
	if want := (Prune{Pos: Pos{File: ConfigFile, Line: 7, Col: 11}, Enabled: true, MaxCount: 10, MaxShare: 0.25}); c.Prune.Assets != want {
		t.Errorf("prune.assets = %+v; want %+v", c.Prune.Assets, want)
	}
	if c.Prune.Organizations.Enabled || c.Prune.Fields.Enabled {
		t.Errorf("unstated prune policies must be disabled")
	}
	if s := ds.Organization("Contoso").Status; s == nil || *s != "Active" {
		t.Errorf("defaults.organizationStatus not applied")
	}
}

// TestLoadConfigFileMistakes covers configuration files in the wrong place
// or twice.
func TestLoadConfigFileMistakes(t *testing.T) {
	cfg := []byte("version: 1\n")
	tests := []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{"both names at the root", map[string][]byte{ConfigFile: cfg, ConfigFileAlt: cfg},
			"glue-sync.yml: a second repository configuration (the first is glue-sync.yaml) (keep one of glue-sync.yaml and glue-sync.yml)\n"},
		{"configuration in a sub-folder", map[string][]byte{"sub/" + ConfigFile: cfg},
			"sub/glue-sync.yaml:1:1: glue-sync.yaml is read as the configuration only at the repository root; here it needs a kind: " +
				"(move it to the repository root, or validate the folder it belongs to)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := baseFS(t)
			for name, data := range tt.files {
				fsys[name] = &fstest.MapFile{Data: data}
			}
			_, diags := Load(context.Background(), fsys, ".")
			if diff := cmp.Diff(tt.want, diags.String()); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestPruneMaxCountForms checks that every form of a count the schema
// accepts becomes that cap, never "no cap" (issue: maxCount values the
// decoder could not read were dropped silently).
func TestPruneMaxCountForms(t *testing.T) {
	tests := []struct {
		yaml string
		want int
	}{
		{"10", 10},
		{"0x10", 16},
		{"5.0", 5},
		{"1048576", MaxPruneCount},
	}
	for _, tt := range tests {
		t.Run(tt.yaml, func(t *testing.T) {
			fsys := baseFS(t)
			fsys[ConfigFile] = &fstest.MapFile{Data: []byte("version: 1\nprune:\n  assets: {enabled: true, maxCount: " + tt.yaml + "}\n")}
			ds, diags := Load(context.Background(), fsys, ".")
			if diags.HasErrors() {
				t.Fatalf("diagnostics:\n%s", diags)
			}
			if got := ds.Config.Prune.Assets.MaxCount; got != tt.want {
				t.Errorf("maxCount %s read as %d; want %d", tt.yaml, got, tt.want)
			}
		})
	}
}
