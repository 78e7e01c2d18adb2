package reconcile

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

func ptr[T any](v T) *T { return &v }

func pos(line int) spec.Pos { return spec.Pos{File: "repo.yaml", Line: line, Col: 1} }

var stamp = time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)

// fixture returns a desired state and a live account that match exactly,
// with every field kind, in the shapes the API really answers (CRLF in
// options and text, timestamps on dates, numbers as 25.0 or strings,
// expanded tags, absent checkboxes). Tests change one side.
func fixture() (*spec.DesiredState, *Live) {
	fields := []*spec.Field{
		{Pos: pos(10), Name: "Title", Kind: spec.KindText, UseForTitle: ptr(true), ShowInList: ptr(true), Required: ptr(true)},
		{Pos: pos(11), Name: "Notes", Kind: spec.KindTextbox, Hint: ptr("Anything else")},
		{Pos: pos(12), Name: "Tier", Kind: spec.KindSelect, Options: []string{"Gold", "Silver"}},
		{Pos: pos(13), Name: "Since", Kind: spec.KindDate, Expiration: ptr(true)},
		{Pos: pos(14), Name: "Seats", Kind: spec.KindNumber, Decimals: ptr(0)},
		{Pos: pos(15), Name: "Uptime", Kind: spec.KindPercent, Decimals: ptr(2)},
		{Pos: pos(16), Name: "Managed", Kind: spec.KindCheckbox},
		{Pos: pos(17), Name: "Servers", Kind: spec.KindTag, TagTarget: &spec.TagTarget{Kind: "Configurations"}},
		{Pos: pos(18), Name: "Section", Kind: spec.KindHeader},
		{Pos: pos(19), Name: "Diagram", Kind: spec.KindUpload},
		{Pos: pos(20), Name: "Admin Password", Kind: spec.KindPassword},
		{Pos: pos(21), Name: "Related", Kind: spec.KindTag, TagTarget: &spec.TagTarget{Kind: spec.TagKindAsset, AssetType: "Server"}},
	}
	d := &spec.DesiredState{
		Organizations: []*spec.Organization{{Pos: pos(1), Name: "Acme", Type: ptr("Customer"), Status: ptr("Active"),
			ShortName: ptr("AC"), Description: ptr("Main office\n"), QuickNotes: ptr("")}},
		AssetTypes: []*spec.AssetType{
			{Pos: pos(5), Name: "Server", Icon: ptr("server"), Enabled: ptr(true), Fields: []*spec.Field{
				{Pos: pos(6), Name: "Host", Kind: spec.KindText, UseForTitle: ptr(true), ShowInList: ptr(true)}}},
			{Pos: pos(9), Name: "Service", Icon: ptr("star"), Enabled: ptr(true), ShowInMenu: ptr(true), Fields: fields},
		},
	}
	db := &spec.Asset{Pos: pos(30), Organization: "Acme", Type: "Server", MatchFields: []string{"Host"}, Identity: "db-01",
		Traits: traitsOf(map[string]spec.TraitParts{"Host": {Pos: pos(31), Key: "Host", Field: "Host", Kind: spec.KindText, Text: "db-01"}})}
	web := &spec.Asset{Pos: pos(40), Organization: "Acme", Type: "Service", MatchFields: []string{"Title"}, Identity: "Web",
		Traits: traitsOf(map[string]spec.TraitParts{
			"Title":          {Pos: pos(41), Key: "Title", Field: "Title", Kind: spec.KindText, Text: "Web"},
			"Notes":          {Pos: pos(42), Key: "Notes", Field: "Notes", Kind: spec.KindTextbox, Text: "line one\nline two\n"},
			"Tier":           {Pos: pos(43), Key: "Tier", Field: "Tier", Kind: spec.KindSelect, Text: "Gold"},
			"Since":          {Pos: pos(44), Key: "Since", Field: "Since", Kind: spec.KindDate, Text: "2024-03-31"},
			"Seats":          {Pos: pos(45), Key: "Seats", Field: "Seats", Kind: spec.KindNumber, Text: "25"},
			"Uptime":         {Pos: pos(46), Key: "Uptime", Field: "Uptime", Kind: spec.KindPercent, Text: "99.5"},
			"Managed":        {Pos: pos(47), Key: "Managed", Field: "Managed", Kind: spec.KindCheckbox, Bool: false},
			"Servers":        {Pos: pos(48), Key: "Servers", Field: "Servers", Kind: spec.KindTag, Tags: []spec.TagRef{{Pos: pos(48), Kind: "Configurations", Name: "mail-01", Organization: "Acme"}}},
			"Diagram":        {Pos: pos(49), Key: "Diagram", Field: "Diagram", Kind: spec.KindUpload, Upload: &spec.UploadRef{File: "files/arch.svg"}},
			"Admin Password": {Pos: pos(50), ValueLine: 50, ValueCol: 1, Key: "Admin Password", Field: "Admin Password", Kind: spec.KindPassword, Secret: &spec.SecretRef{Env: "WEB_PW"}},
			"Related":        {Pos: pos(51), Key: "Related", Field: "Related", Kind: spec.KindTag, Tags: []spec.TagRef{{Pos: pos(51), Kind: spec.TagKindAsset, AssetType: "Server", Name: "db-01", Organization: "Acme"}}},
		})}
	d.Assets = []*spec.Asset{db, web}

	lf := func(id, order int64, name, kind, key string) client.FlexibleAssetField {
		return client.FlexibleAssetField{ID: id, FlexibleAssetTypeID: 200, Order: order, Name: name, Kind: kind, NameKey: key, UpdatedAt: stamp}
	}
	svcFields := []client.FlexibleAssetField{
		lf(301, 1, "Title", "Text", "title"), lf(302, 2, "Notes", "Textbox", "notes"), lf(303, 3, "Tier", "Select", "tier"),
		lf(304, 4, "Since", "Date", "since"), lf(305, 5, "Seats", "Number", "seats"), lf(306, 6, "Uptime", "Percent", "uptime"),
		lf(307, 7, "Managed", "Checkbox", "managed"), lf(308, 8, "Servers", "Tag", "servers"), lf(309, 9, "Section", "Header", "section"),
		lf(310, 10, "Diagram", "Upload", "diagram"), lf(311, 11, "Admin Password", "Password", "admin-password"),
		lf(312, 12, "Related", "Tag", "related"),
	}
	svcFields[0].UseForTitle, svcFields[0].ShowInList, svcFields[0].Required = true, true, true
	svcFields[1].Hint = "Anything else"
	svcFields[2].DefaultValue = "Gold\r\nSilver \r\n"
	svcFields[3].Expiration = true
	svcFields[5].Decimals = 2
	svcFields[7].TagType = "Configurations"
	svcFields[11].TagType = "FlexibleAssetType: 100"
	host := client.FlexibleAssetField{ID: 101, FlexibleAssetTypeID: 100, Order: 1, Name: "Host", Kind: "Text", NameKey: "host", UseForTitle: true, ShowInList: true}
	l := &Live{
		OrganizationTypes:    []client.NamedRecord{{ID: 1, Name: "Customer"}, {ID: 2, Name: "Vendor"}},
		OrganizationStatuses: []client.NamedRecord{{ID: 1, Name: "Active"}, {ID: 2, Name: "Inactive"}},
		Organizations: []client.Organization{
			{ID: 10, Name: "Acme", ShortName: "AC", Description: "Main office", OrganizationTypeID: 1, OrganizationTypeName: "Customer",
				OrganizationStatusID: 1, OrganizationStatusName: "Active", UpdatedAt: stamp},
			{ID: 11, Name: "Unrelated Co", OrganizationTypeID: 2, OrganizationStatusID: 1},
		},
		AssetTypes: []client.FlexibleAssetType{
			{ID: 100, Name: "Server", Icon: "server", Enabled: true, Fields: []client.FlexibleAssetField{host}},
			{ID: 200, Name: "Service", Icon: "star", Enabled: true, ShowInMenu: true, UpdatedAt: stamp, Fields: svcFields},
		},
		Assets: map[int64][]client.FlexibleAsset{
			100: {{ID: 1000, OrganizationID: 10, OrganizationName: "Acme", FlexibleAssetTypeID: 100, Name: "db-01",
				Traits: client.TraitsOf(map[string]json.RawMessage{"host": raw(`"db-01"`)}), UpdatedAt: stamp}},
			200: {{ID: 2000, OrganizationID: 10, OrganizationName: "Acme", FlexibleAssetTypeID: 200, Name: "Web", UpdatedAt: stamp,
				Traits: client.TraitsOf(map[string]json.RawMessage{
					"title":          raw(`"Web"`),
					"notes":          raw(`"line one\r\nline two"`),
					"tier":           raw(`" Gold"`),
					"since":          raw(`"2024-03-31T00:00:00.000Z"`),
					"seats":          raw(`25.0`),
					"uptime":         raw(`"99.50"`),
					"servers":        raw(`{"type":"Configurations","values":[{"id":457,"name":"mail-01","hostname":"mail-01.acme.example"}]}`),
					"diagram":        raw(`[{"file-name":"arch.svg","size":1200}]`),
					"admin-password": raw(`9001`),
					"related":        raw(`{"type":"FlexibleAssetTypes","values":[{"id":1000,"name":"db-01"}]}`),
				})}},
		},
		TagTargets: map[string]map[int64][]client.TagTarget{
			"Configurations": {10: {{ID: 457, OrganizationID: 10, Name: "mail-01"}, {ID: 458, OrganizationID: 10, Name: "mail-02"}}},
		},
	}
	return d, l
}

func raw(s string) json.RawMessage { return json.RawMessage(s) }

// opts are the options most tests use: the fixture's password variable set.
func opts() Options {
	return Options{EnvSet: func(n string) bool { return n == "WEB_PW" || n == "NEW_PW" }}
}

// changeByID finds a change in a plan, failing the test when it is missing.
func changeByID(t *testing.T, p *plan.Plan, id string) *plan.Change {
	t.Helper()
	for i := range p.Changes {
		if p.Changes[i].ID == id {
			return &p.Changes[i]
		}
	}
	t.Fatalf("no change %q in the plan; changes: %v", id, changeIDs(p))
	return nil
}

func changeIDs(p *plan.Plan) []string {
	var out []string
	for _, c := range p.Changes {
		if c.Action != plan.NoOp {
			out = append(out, string(c.Action)+" "+c.ID)
		}
	}
	return out
}

func noErrors(t *testing.T, p *plan.Plan) {
	t.Helper()
	for _, d := range p.Diagnostics {
		if d.Severity == plan.SeverityError {
			t.Errorf("unexpected error diagnostic: %s: %s (%s)", d.Source(), d.Message, d.Hint)
		}
	}
}

const (
	webID = "flexible-asset/Acme/Service/Web"
	dbID  = "flexible-asset/Acme/Server/db-01"
)

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// compute is Compute for tests: it also fails the test when a change
// breaks the Before/After contract of plan.Change (e.g. a create showing
// a live value), so that every plan a test makes is checked.
func compute(t testing.TB, d *spec.DesiredState, l *Live, o Options) *plan.Plan {
	t.Helper()
	p := Compute(d, l, o)
	if err := p.CheckDiffs(); err != nil {
		t.Errorf("the plan breaks the plan.Change contract:\n%v", err)
	}
	return p
}

// traitsOf is an asset's stated values as the loader holds them (sorted
// by key), from a map of them by key (the key as written, which a value
// without a Key takes).
func traitsOf(m map[string]spec.TraitParts) spec.Traits {
	var ts spec.Traits
	for k, p := range m {
		if p.Key == "" {
			p.Key = k
		}
		ts.Set(spec.NewTraitValue(p))
	}
	return ts
}
