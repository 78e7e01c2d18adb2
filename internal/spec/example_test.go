package spec

import (
	"context"
	"testing"

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
	wantTraits := map[string]TraitParts{
		"Backup": {Key: "Backup", Field: "Backup", Kind: KindTag, Tags: []TagRef{
			{Kind: TagKindAsset, AssetType: "Backup Job", Name: "CON Hourly SQL", Organization: "Contoso Ltd"}}},
		"Service Account Password": {Key: "Service Account Password", Field: "Service Account Password", Kind: KindPassword,
			Secret: &SecretRef{Env: "CONTOSO_ERP_SVC_PASSWORD"}},
		"Seats":           {Key: "Seats", Field: "Seats", Kind: KindNumber, Text: "120"},
		"License Renewal": {Key: "License Renewal", Field: "License Renewal", Kind: KindDate, Text: "2027-01-31"},
		"Vendor Hosted":   {Key: "Vendor Hosted", Field: "Vendor Hosted", Kind: KindCheckbox, Bool: false},
		"Architecture Diagram": {Key: "Architecture Diagram", Field: "Architecture Diagram", Kind: KindUpload,
			Upload: &UploadRef{File: "files/contoso-erp-architecture.svg"}},
	}
	got := map[string]TraitParts{}
	for k := range wantTraits {
		if tv := erp.Traits.Get(k); tv != nil {
			got[k] = tv.Parts()
		}
	}
	ignorePos := cmpopts.IgnoreFields(TraitParts{}, "Pos", "ValueLine", "ValueCol")
	if diff := cmp.Diff(wantTraits, got, ignorePos, cmpopts.IgnoreFields(TagRef{}, "Pos")); diff != "" {
		t.Errorf("Contoso ERP traits (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Application"}, erp.MatchFields); diff != "" {
		t.Errorf("MatchFields (-want +got):\n%s", diff)
	}

	nw := findAsset(t, ds, "Northwind Traders", "API Email Example", "Exchange 2013")
	if tv := nw.Traits.Get("email-servers"); tv == nil || tv.Field() != "Email Servers" || tv.Tags()[0].Name != "NW-SRV01" {
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

func TestLookups(t *testing.T) {
	ds, diags := Load(context.Background(), baseFS(t), ".")
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	app := ds.Asset("Contoso", "App", "Payroll")
	if app == nil || ds.Asset("Contoso", "Server", "Payroll") != nil {
		t.Fatalf("Asset lookup by organization, type and identity failed")
	}
	ref := app.TraitByField("Runs On").Tags()[0]
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
