package export_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/export"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// tricky are names YAML would misread if written bare.
var tricky = []string{"yes", "No", "on", "2024-01-01", "123", "1e3", "0x1F", "*star", "&anchor", "a: b", "- dash", "#hash",
	"null", "~", "true", " lead", "trail ", "quote'd \"both\"", "[list]", "{map}", "tab\there", "%percent", "@at", "`tick",
	strings.Repeat("long  words, ", 20) + "end", "ünïcödé ✓", "back\\slash", "\x07bell"}

// liveAccount is a hand-built snapshot: one organization per tricky name
// is too much; tricky names go into a Select's options and a Text trait
// each, plus organization and type names.
func liveAccount() *reconcile.Live {
	fields := []client.FlexibleAssetField{
		{ID: 1, Name: "Title", Kind: "Text", NameKey: "title", UseForTitle: true, ShowInList: true},
		{ID: 2, Name: "Choice", Kind: "Select", NameKey: "choice", DefaultValue: strings.Join(tricky, "\n")},
		{ID: 3, Name: "Link", Kind: "Tag", NameKey: "link", TagType: "FlexibleAssetType: 7"},
		{ID: 4, Name: "Size", Kind: "Number", NameKey: "size", Decimals: 1, Required: true},
		{ID: 5, Name: "Server", Kind: "Tag", NameKey: "server", TagType: "Configurations"},
		{ID: 6, Name: "Secret", Kind: "Password", NameKey: "secret"},
	}
	asset := func(id, org int64, title string, traits map[string]string) client.FlexibleAsset {
		t := map[string]json.RawMessage{"title": json.RawMessage(mustJSON(title))}
		for k, v := range traits {
			t[k] = json.RawMessage(v)
		}
		return client.FlexibleAsset{ID: id, OrganizationID: org, FlexibleAssetTypeID: 7, Name: title, Traits: client.TraitsOf(t)}
	}
	var assets []client.FlexibleAsset
	for i, name := range tricky {
		assets = append(assets, asset(int64(100+i), 1, name, map[string]string{"choice": mustJSON(name), "size": "1"}))
	}
	assets = append(assets,
		asset(200, 1, "cycle A", map[string]string{"link": "[201]", "size": "1"}),
		asset(201, 1, "cycle B", map[string]string{"link": "[200]", "size": "1"}), // closes a cycle: left out
		asset(202, 1, "bad choice", map[string]string{"choice": `"gone"`, "size": "2.25"}),
		asset(203, 1, "no size", map[string]string{"server": "[900]", "secret": "55"}),
		asset(204, 1, "no size 2", map[string]string{"server": "[901]", "secret": "56"}),
		asset(205, 2, "in other org", map[string]string{"size": "3", "link": "[200]"}),
	)
	return &reconcile.Live{
		OrganizationTypes: []client.NamedRecord{{ID: 1, Name: "Customer"}},
		Organizations: []client.Organization{
			{ID: 1, Name: "yes", OrganizationTypeID: 1},
			{ID: 2, Name: "2024-01-01", ParentID: 1},
			{ID: 3, Name: "yes"}, // same name as 1: left out
		},
		AssetTypes: []client.FlexibleAssetType{{ID: 7, Name: "123", Enabled: true, Fields: fields}},
		Assets:     map[int64][]client.FlexibleAsset{7: assets},
		TagTargets: map[string]map[int64][]client.TagTarget{"Configurations": {
			1: {{ID: 900, OrganizationID: 1, Name: "dup"}, {ID: 902, OrganizationID: 1, Name: "dup"}},
			3: {{ID: 901, OrganizationID: 3, Name: "elsewhere"}},
		}},
	}
}

func mustJSON(s string) string { b, _ := json.Marshal(s); return string(b) }

func TestBuildEdgeCases(t *testing.T) {
	res, err := export.Build(liveAccount(), export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := export.WriteDir(dir, res.Files, false); err != nil {
		t.Fatal(err)
	}
	ds, diags := spec.LoadDir(context.Background(), dir)
	if len(diags) > 0 {
		t.Fatalf("the export does not validate cleanly:\n%s", diags.String())
	}
	// Every tricky name reads back as the same text.
	got := map[string]string{}
	for _, a := range ds.Assets {
		if tv := a.Traits.Get("Choice"); tv != nil {
			got[a.Identity] = tv.Text
		}
	}
	for _, name := range tricky {
		want := strings.TrimSpace(name)
		if got[strings.TrimRight(name, " ")] != want && got[name] != want {
			t.Errorf("the Select value %q reads back as %q", name, got[name])
		}
	}
	if o := ds.Organization("2024-01-01"); o == nil || o.Parent == nil || *o.Parent != "yes" {
		t.Errorf("organization 2024-01-01 lost its parent: %+v", o)
	}
	wantNotes := []string{
		`123 asset "bad choice" of "yes": trait "Choice" is left out (unmanaged): its value is not one of the field's options`,
		`123 asset "bad choice" of "yes": trait "Size" is left out (unmanaged): its value has more decimal places than the field's decimals`,
		`123 asset "cycle B" of "yes": Tag trait "Link" is left out (unmanaged): it would close a cycle of asset tags (123 asset "cycle A" of "yes" already leads back here)`,
		`123 asset "no size 2" of "yes": Tag trait "Server" is left out (unmanaged): it tags elsewhere of organization #3, which is not exported`,
		`123 asset "no size" of "yes": Tag trait "Server" is left out (unmanaged): more than one of configurations of its organization is called dup`,
		`organization "yes" (id 3): another organization has the same name (id 1); only that one is exported`,
		`type "123", field "Size": required: is left out because 123 asset "bad choice" of "yes" has no exported value for it`,
	}
	if diff := cmp.Diff(wantNotes, res.Notes); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	var envs []string
	for _, s := range res.Secrets {
		envs = append(envs, s.Env)
	}
	if diff := cmp.Diff([]string{"PW_YES_123_NO_SIZE_2_SECRET", "PW_YES_123_NO_SIZE_SECRET"}, envs); diff != "" {
		t.Errorf("secret variables (-want +got):\n%s", diff)
	}
	other := ds.AssetsOf("2024-01-01", "123")
	if len(other) != 1 || len(other[0].Traits.Get("Link").Tags()) != 1 || other[0].Traits.Get("Link").Tags()[0].Organization != "yes" {
		t.Errorf("the cross-organization asset tag is not {name, organization: yes}: %+v", other)
	}
}

func TestBuildConnectionHints(t *testing.T) {
	for _, tc := range []struct {
		opts export.Options
		want string
	}{
		{export.Options{}, "version: 1\nmanage:"},
		{export.Options{Region: "eu"}, "version: 1\nregion: eu\nmanage:"},
		{export.Options{BaseURL: "https://itglue-proxy.example.net"}, "version: 1\nbaseURL: https://itglue-proxy.example.net\nmanage:"},
	} {
		res, err := export.Build(liveAccount(), tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		cfg := ""
		for _, f := range res.Files {
			if f.Path == "glue-sync.yaml" {
				cfg = string(f.Data)
			}
		}
		if !strings.Contains(cfg, tc.want) {
			t.Errorf("%+v: glue-sync.yaml lacks %q:\n%s", tc.opts, tc.want, cfg)
		}
	}
}

// TestBuildLongNames checks that names longer than a file name may be
// (255 bytes) still export, as shortened file names with a hash of the
// whole name, and that the export validates.
func TestBuildLongNames(t *testing.T) {
	live := liveAccount()
	long := strings.Repeat("Very Long Organization Name ", 12) // 336 bytes
	live.Organizations[0].Name = long + "A"
	live.Organizations = append(live.Organizations, client.Organization{ID: 4, Name: long + "B"})
	live.AssetTypes[0].Name = strings.Repeat("Type ", 70)
	res, err := export.Build(live, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range res.Files {
		for _, part := range strings.Split(f.Path, "/") {
			if len(part) > 120 {
				t.Errorf("%s: a name of %d bytes", f.Path, len(part))
			}
		}
		if seen[f.Path] {
			t.Errorf("%s written twice", f.Path)
		}
		seen[f.Path] = true
	}
	dir := t.TempDir()
	if err := export.WriteDir(dir, res.Files, true); err != nil {
		t.Fatal(err)
	}
	if _, diags := spec.LoadDir(context.Background(), dir); diags.HasErrors() {
		t.Fatalf("the export does not validate:\n%s", diags.String())
	}
}
