package spec

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestLoadExampleRepo(t *testing.T) {
	ds, diags := LoadDir(context.Background(), "../../examples/repo")
	if len(diags) != 0 {
		t.Fatalf("examples/repo has diagnostics:\n%s", diags)
	}
	var orgs []string
	for _, o := range ds.Organizations {
		orgs = append(orgs, o.Name)
	}
	if diff := cmp.Diff([]string{"Contoso Ltd", "Fabrikam Inc", "Northwind Traders"}, orgs); diff != "" {
		t.Errorf("organizations (-want +got):\n%s", diff)
	}
	contoso := ds.Organization("Contoso Ltd")
	if want := (Pos{File: "../../examples/repo/organizations/clients.yaml", Line: 2, Col: 1}); contoso.Pos != want {
		t.Errorf("Contoso Pos = %v; want %v", contoso.Pos, want)
	}
	if contoso.Type == nil || *contoso.Type != "Customer" || *ds.Organization("Northwind Traders").Type != "Prospect" {
		t.Errorf("defaults.organizationType must fill unset types only")
	}
	if p := ds.Organization("Fabrikam Inc").Parent; p == nil || *p != "Contoso Ltd" {
		t.Errorf("Fabrikam parent = %v; want Contoso Ltd", p)
	}
	if contoso.Alert != nil {
		t.Errorf("Contoso Alert = %q; want nil (unmanaged)", *contoso.Alert)
	}

	email := ds.AssetType("API Email Example")
	want := []*Field{
		{Name: "Domains", Kind: KindTag, TagTarget: &TagTarget{Kind: "Domains"}, Hint: ptr("Tag accepted domains for this email system"), Required: ptr(true), ShowInList: ptr(true)},
		{Name: "Type", Kind: KindSelect, Hint: ptr("Select the email platform"), Options: []string{"Office 365", "Exchange 2016", "Exchange 2013", "POP/IMAP"}, Required: ptr(true), UseForTitle: ptr(true), ShowInList: ptr(true)},
		{Name: "Email Servers", Kind: KindTag, TagTarget: &TagTarget{Kind: "Configurations"}, Hint: ptr("Tag server(s) participating in email delivery"), ShowInList: ptr(true)},
		{Name: "Location", Kind: KindSelect, Hint: ptr("Where is the email hosted"), Options: []string{"Cloud", "On-Premises"}},
		{Name: "Inbound Delivery", Kind: KindSelect, Hint: ptr("How is inbound email delivered"), Options: []string{"Office 365", "Google", "Proofpoint", "Mimecast", "Reflexion"}, ShowInList: ptr(true)},
		{Name: "Webmail URL", Kind: KindText, ShowInList: ptr(true)},
	}
	if diff := cmp.Diff(want, email.Fields, cmpopts.IgnoreFields(Field{}, "Pos")); diff != "" {
		t.Errorf("API Email Example fields (-want +got):\n%s", diff)
	}
	kinds := map[string]bool{}
	for _, at := range ds.AssetTypes {
		for _, f := range at.Fields {
			kinds[f.Kind] = true
		}
	}
	if len(kinds) != len(FieldKinds) {
		t.Errorf("example types use %d field kinds; want all %d", len(kinds), len(FieldKinds))
	}
	if len(ds.Assets) < 20 {
		t.Errorf("example repo has %d assets; want at least 20", len(ds.Assets))
	}

	erp := findAsset(t, ds, "Contoso Ltd", "Line of Business App", "Contoso ERP")
	wantTraits := map[string]*TraitValue{
		"Backup": {Key: "Backup", Field: "Backup", Kind: KindTag, Tags: []TagRef{
			{Kind: TagKindAsset, AssetType: "Backup Job", Name: "CON Hourly SQL", Organization: "Contoso Ltd"}}},
		"Service Account Password": {Key: "Service Account Password", Field: "Service Account Password", Kind: KindPassword,
			Secret: &SecretRef{Env: "CONTOSO_ERP_SVC_PASSWORD"}},
		"Seats":           {Key: "Seats", Field: "Seats", Kind: KindNumber, Text: "120"},
		"License Renewal": {Key: "License Renewal", Field: "License Renewal", Kind: KindDate, Text: "2027-01-31"},
		"Vendor Hosted":   {Key: "Vendor Hosted", Field: "Vendor Hosted", Kind: KindCheckbox, Bool: false},
		"Architecture Diagram": {Key: "Architecture Diagram", Field: "Architecture Diagram", Kind: KindUpload,
			File: "files/contoso-erp-architecture.svg"},
	}
	got := map[string]*TraitValue{}
	for k := range wantTraits {
		got[k] = erp.Traits[k]
	}
	ignorePos := cmpopts.IgnoreFields(TraitValue{}, "Pos", "ValuePos")
	if diff := cmp.Diff(wantTraits, got, ignorePos, cmpopts.IgnoreFields(TagRef{}, "Pos")); diff != "" {
		t.Errorf("Contoso ERP traits (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Application"}, erp.MatchFields); diff != "" {
		t.Errorf("MatchFields (-want +got):\n%s", diff)
	}

	nw := findAsset(t, ds, "Northwind Traders", "API Email Example", "Exchange 2013")
	if tv := nw.Traits["email-servers"]; tv == nil || tv.Field != "Email Servers" || tv.Tags[0].Name != "NW-SRV01" {
		t.Errorf("name-key trait email-servers = %+v; want field Email Servers tagging NW-SRV01", tv)
	}
}

func findAsset(t *testing.T, ds *DesiredState, org, typ, identity string) *Asset {
	t.Helper()
	for _, a := range ds.AssetsOf(org, typ) {
		if a.Identity == identity {
			return a
		}
	}
	t.Fatalf("no asset %q of type %q in %q", identity, typ, org)
	return nil
}

func TestLoadTraitValues(t *testing.T) {
	fsys := baseFS(t)
	fsys["x/y.yml"] = &fstest.MapFile{Data: []byte(`kind: FlexibleAsset
organization: Contoso
type: Server
traits:
  Hostname: "2024"
  Notes: null
  Installed: 2024-03-31
  Cores: 8
  Load: 7.50
  Virtual: false
  Phone: "0800 123 456"
`)}
	ds, diags := Load(context.Background(), fsys, ".")
	if len(diags) != 0 {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	a := findAsset(t, ds, "Contoso", "Server", "2024")
	got := map[string]TraitValue{}
	for k, v := range a.Traits {
		got[k] = TraitValue{Null: v.Null, Text: v.Text, Bool: v.Bool}
	}
	want := map[string]TraitValue{
		"Hostname": {Text: "2024"}, "Notes": {Null: true}, "Installed": {Text: "2024-03-31"},
		"Cores": {Text: "8"}, "Load": {Text: "7.50"}, "Virtual": {Bool: false}, "Phone": {Text: "0800 123 456"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("trait values (-want +got):\n%s", diff)
	}
	if tv := a.Traits["Cores"]; tv.Pos != (Pos{File: "x/y.yml", Line: 8, Col: 3}) || tv.ValuePos != (Pos{File: "x/y.yml", Line: 8, Col: 10}) {
		t.Errorf("Cores positions = %v / %v; want x/y.yml:8:3 / x/y.yml:8:10", tv.Pos, tv.ValuePos)
	}
}

func TestLoadSkipsAndRoot(t *testing.T) {
	base := baseFS(t)["base.yaml"]
	fsys := fstest.MapFS{
		"repo/base.yaml":         base,
		"repo/.github/ci.yaml":   {Data: []byte("not: [valid")},
		"repo/.hidden.yaml":      {Data: []byte("not: [valid")},
		"repo/notes.json":        {Data: []byte("{")},
		"repo/README.md":         {Data: []byte("# hi")},
		"repo/deep/er/org.yaml":  {Data: []byte("kind: Organization\nname: Deep\n")},
		"repo/deep/er/bad.yaml":  {Data: []byte("kind: Organization\nname: Deep\n")},
		"elsewhere/ignored.yaml": {Data: []byte("not: [valid")},
	}
	ds, diags := Load(context.Background(), fsys, "repo")
	want := "repo/deep/er/org.yaml:2:7: organization \"Deep\" is already declared at repo/deep/er/bad.yaml:1:1\n"
	if diff := cmp.Diff(want, diags.String()); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
	if ds.Files != 3 {
		t.Errorf("Files = %d; want 3 (hidden, .json and other files skipped)", ds.Files)
	}
}

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

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ds, diags := Load(ctx, baseFS(t), ".")
	if ds != nil || !strings.Contains(diags.String(), "loading stopped: context canceled") {
		t.Errorf("got %v, %q; want nil state and a cancellation error", ds, diags)
	}
}

func TestDiagnosticsSorted(t *testing.T) {
	fsys := fstest.MapFS{
		"b.yaml": {Data: []byte("kind: Organization\nname: B\nparent: X\n")},
		"a.yaml": {Data: []byte("kind: Organization\nname: A\nparent: Y\nalert: 3\n")},
	}
	_, diags := Load(context.Background(), fsys, ".")
	want := `a.yaml:3:9: parent: unknown organization "Y" (declare it with kind: Organization)
a.yaml:4:8: alert: must be a string, not a number (quote it: "3")
b.yaml:3:9: parent: unknown organization "X" (declare it with kind: Organization)
`
	if diff := cmp.Diff(want, diags.String()); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

func TestLookups(t *testing.T) {
	ds, diags := Load(context.Background(), baseFS(t), ".")
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	app := ds.Asset("Contoso", "App", "Payroll")
	if app == nil || ds.Asset("Contoso", "Server", "Payroll") != nil {
		t.Fatalf("Asset lookup by organization, type and identity failed")
	}
	ref := app.TraitByField("Runs On").Tags[0]
	if srv := ds.Asset(ref.Organization, ref.AssetType, ref.Name); srv == nil || srv.Identity != "CON-DC01" {
		t.Errorf("tag reference %+v does not resolve to the declared server", ref)
	}
	email := ds.AssetType("Email")
	if f := email.Field("email-servers"); f == nil || f.Name != "Email Servers" {
		t.Errorf("Field by name-key = %v", f)
	}
	if f := email.Field("Email Servers"); f == nil || f.NameKey() != "email-servers" {
		t.Errorf("Field by name = %v", f)
	}
	if email.Field("Nope") != nil || ds.AssetType("Nope") != nil || ds.Organization("Nope") != nil {
		t.Errorf("lookups of unknown names must return nil")
	}
	if got := email.TitleFields(); len(got) != 1 || got[0].Name != "Type" {
		t.Errorf("TitleFields = %v", got)
	}
}

// TestPasswordsNeverEchoed checks that no diagnostic repeats what might be
// a password written in the wrong place.
func TestPasswordsNeverEchoed(t *testing.T) {
	const secret = "Tr0ub4dor&3"
	for _, v := range []string{secret, `"` + secret + `"`, "{env: \"" + secret + "\"}", "[" + secret + "]", "{value: " + secret + "}"} {
		fsys := baseFS(t)
		fsys["case.yaml"] = &fstest.MapFile{Data: []byte("kind: FlexibleAsset\norganization: Contoso\ntype: Server\ntraits:\n  Hostname: X\n  Admin Password: " + v + "\n")}
		_, diags := Load(context.Background(), fsys, ".")
		if !diags.HasErrors() {
			t.Errorf("Admin Password: %s accepted", v)
		}
		if strings.Contains(diags.String(), secret) {
			t.Errorf("Admin Password: %s echoed in:\n%s", v, diags)
		}
	}
}

// TestLoadDeterministic loads the same repository twice (files are parsed
// in parallel) and expects identical results.
func TestLoadDeterministic(t *testing.T) {
	ds1, d1 := LoadDir(context.Background(), "../../examples/repo")
	ds2, d2 := LoadDir(context.Background(), "../../examples/repo")
	if diff := cmp.Diff(ds1, ds2); diff != "" {
		t.Errorf("two loads differ (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(d1, d2); diff != "" {
		t.Errorf("two loads' diagnostics differ (-first +second):\n%s", diff)
	}
	checkConsistent(t, ds1)
}

// TestBareDatesAreText pins a documented decision: a bare date where text
// is meant is read as the text written (as YAML 1.2 and the editor schema
// read it), never as a timestamp and never as an error.
func TestBareDatesAreText(t *testing.T) {
	fsys := baseFS(t)
	fsys["dates.yaml"] = &fstest.MapFile{Data: []byte(`kind: Organization
name: Dated
description: 2024-03-31
---
kind: FlexibleAsset
organization: Contoso
type: Server
traits:
  Hostname: 2024-03-31
  Notes: 2001-12-14t21:59:43.10-05:00
`)}
	ds, diags := Load(context.Background(), fsys, ".")
	if len(diags) != 0 {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	if d := ds.Organization("Dated").Description; d == nil || *d != "2024-03-31" {
		t.Errorf("description = %v; want the text 2024-03-31", d)
	}
	a := findAsset(t, ds, "Contoso", "Server", "2024-03-31")
	if got := a.Traits["Notes"].Text; got != "2001-12-14t21:59:43.10-05:00" {
		t.Errorf("Notes = %q; want the timestamp as written", got)
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
