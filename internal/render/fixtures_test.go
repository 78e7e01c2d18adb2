package render

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// js encodes v as a raw JSON value for fixtures.
func js(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func emptyPlan() *plan.Plan {
	return &plan.Plan{Source: plan.Source{Dir: "examples/repo"}, Target: plan.Target{BaseURL: "https://api.itglue.com"}}
}

// fullPlan has creates, updates and deletes of every kind, sensitive and
// multi-line diffs, a no-op, unmanaged objects and diagnostics.
func fullPlan() *plan.Plan {
	oldNotes := "Tenant: acme.onmicrosoft.com\nAdmin: it@acme.example\nMFA: enforced\nLicences: 40 E3\nDomain: acme.example\nBackup: nightly\nRetention: 90 days\nSupport: Microsoft\nRenewal: March"
	newNotes := "Tenant: acme.onmicrosoft.com\nAdmin: admin@acme.example\nMFA: enforced\nLicences: 40 E3\nDomain: acme.example\nBackup: nightly\nRetention: 90 days\nSupport: Microsoft\nRenewal: April\nOwner: Jane"
	longURL := "https://outlook.office.com/mail/" + strings.Repeat("segment/", 40) + "inbox"
	return &plan.Plan{
		FormatVersion: plan.FormatVersion,
		Source:        plan.Source{Dir: "examples/repo", Commit: "0123456789abcdef0123456789abcdef01234567"},
		Target:        plan.Target{BaseURL: "https://api.itglue.com", Sandbox: true},
		Changes: []plan.Change{
			{ID: "flexible-asset-type/Email", Action: plan.Create, Kind: plan.KindAssetType, Name: "Email",
				Source: "types/email.yaml:1:1", Reason: "not in the account",
				Diffs: []plan.Diff{
					{Path: "description", After: js("Mail services")},
					{Path: "fields.Provider", After: js(map[string]any{"kind": "Select", "order": 1,
						"options": []string{"Office 365", "Google"}, "required": true})},
					{Path: "name", After: js("Email")},
					{Path: "showInMenu", After: js(true)},
				}},
			{ID: "flexible-asset-field/Email/Admin Password", Action: plan.Create, Kind: plan.KindField, AssetType: "Email",
				Name: "Admin Password", Source: "types/email.yaml:9:5", DependsOn: []string{"flexible-asset-type/Email"},
				Diffs: []plan.Diff{{Path: "kind", After: js("Password")}, {Path: "order", After: js(3)}}},
			{ID: "flexible-asset-field/Contract/Hint", Action: plan.Update, Kind: plan.KindField, AssetType: "Contract",
				Name: "Notes", LiveID: 501, Source: "types/contract.yaml:14:5",
				Diffs: []plan.Diff{{Path: "hint", Before: js("Free text"), After: js("Anything the next tech should know")},
					{Path: "settings", Before: js(map[string]any{"required": false, "showInList": true}),
						After: js(map[string]any{"required": true, "showInList": true})}}},
			{ID: "flexible-asset-field/Contract/Legacy", Action: plan.Delete, Kind: plan.KindField, AssetType: "Contract",
				Name: "Legacy", LiveID: 502, Reason: "not in types/contract.yaml; prune.fields is on",
				Diffs: []plan.Diff{{Path: "kind", Before: js("Text")}}},
			{ID: "organization/Globex", Action: plan.Create, Kind: plan.KindOrganization, Name: "Globex",
				Source: "organizations/globex.yaml:1:1",
				Diffs:  []plan.Diff{{Path: "name", After: js("Globex")}, {Path: "quickNotes", After: js("Main office: Springfield\nHours: 9-5")}}},
			{ID: "organization/Acme Corp", Action: plan.Update, Kind: plan.KindOrganization, Name: "Acme Corp", LiveID: 11,
				Source: "organizations/acme.yaml:1:1",
				Diffs: []plan.Diff{{Path: "description", Before: js("Customer"), After: js("Managed customer since 2019")},
					{Path: "alert", Before: js(nil), After: js("VIP")}}},
			{ID: "organization/Initech", Action: plan.NoOp, Kind: plan.KindOrganization, Name: "Initech", LiveID: 12,
				Source: "organizations/initech.yaml:1:1"},
			{ID: "organization/Old Corp", Action: plan.Delete, Kind: plan.KindOrganization, Name: "Old Corp", LiveID: 13,
				Reason: "not in the repository; prune.organizations is on",
				Diffs:  []plan.Diff{{Path: "name", Before: js("Old Corp")}}},
			{ID: "flexible-asset/Globex/Email/Office 365", Action: plan.Create, Kind: plan.KindAsset, Organization: "Globex",
				AssetType: "Email", Name: "Office 365", Source: "organizations/globex.yaml:8:3",
				DependsOn: []string{"organization/Globex", "flexible-asset-type/Email"},
				Diffs: []plan.Diff{
					{Path: "traits.Admin Password", Sensitive: true},
					{Path: "traits.Domains", After: js([]string{"globex.example", "globex.test"})},
					{Path: "traits.Notes", After: js("Line one\nLine two")},
				},
				Write: &plan.Write{Secrets: map[string]plan.SecretSource{"admin-password": {Env: "GLOBEX_O365_PW"}}}},
			{ID: "flexible-asset/Acme Corp/Email/Office 365", Action: plan.Update, Kind: plan.KindAsset, Organization: "Acme Corp",
				AssetType: "Email", Name: "Office 365", LiveID: 9001, Source: "organizations/acme.yaml:12:3",
				Reason: "3 traits differ",
				Diffs: []plan.Diff{
					{Path: "traits.Admin Password", Sensitive: true},
					{Path: "traits.Notes", Before: js(oldNotes), After: js(newNotes)},
					{Path: "traits.Seats", Before: js(40), After: js(45)},
					{Path: "traits.Webmail URL", Before: js(longURL), After: js(strings.Replace(longURL, "inbox", "calendar", 1))},
				},
				Guard: &plan.Guard{UpdatedAt: "2026-11-01T10:00:00.000Z", Hash: "sha256:abc"},
				Write: &plan.Write{Secrets: map[string]plan.SecretSource{"admin-password": {Env: "ACME_O365_PW"}}}},
			{ID: "flexible-asset/Acme Corp/Email/Legacy Exchange", Action: plan.Delete, Kind: plan.KindAsset, Organization: "Acme Corp",
				AssetType: "Email", Name: "Legacy Exchange", LiveID: 9002, Reason: "not in the repository; prune.flexible-assets is on"},
		},
		Unmanaged: []plan.Unmanaged{
			{Kind: plan.KindAsset, Address: "Other Corp/Email/Gmail", LiveID: 77},
			{Kind: plan.KindOrganization, Address: "Other Corp", LiveID: 70},
			{Kind: plan.KindOrganization, Address: "Another Org", LiveID: 71},
		},
		OutsideScope: &plan.OutsideScope{Organizations: 12, AssetTypes: 1},
		Diagnostics: []plan.Diagnostic{
			{Severity: plan.SeverityWarning, Source: "organizations/acme.yaml:20:7", Message: `trait "Fax" is not a field of type "Email"; ignored`},
			{Severity: plan.SeverityWarning, Source: "organizations/acme.yaml:3:7", Message: "description has trailing spaces",
				Hint: "remove them, IT Glue strips them and the plan would never be empty"},
		},
	}
}

// errorPlan has no changes but an error diagnostic.
func errorPlan() *plan.Plan {
	p := emptyPlan()
	p.Diagnostics = []plan.Diagnostic{{Severity: plan.SeverityError, Source: "organizations/acme.yaml:14:9",
		Message: `tag "Acme DC" matches 2 configurations`, Hint: "name the configuration by id: {id: 1234}"}}
	return p
}

// hostilePlan has names built to break Markdown, HTML and terminals.
func hostilePlan() *plan.Plan {
	names := []string{
		"<script>alert(1)</script>",
		"Pipe | Co ``` `tick` -->",
		"@everyone [x](https://evil.example) *bold* _it_ <!-- c",
		"Esc\x1b[31mRed\x1b[0m\nNewline\u202eevil",
	}
	p := emptyPlan()
	for _, n := range names {
		p.Changes = append(p.Changes,
			plan.Change{ID: "organization/" + n, Action: plan.Delete, Kind: plan.KindOrganization, Name: n, LiveID: 1,
				Reason: "reason " + n},
			plan.Change{ID: "flexible-asset/" + n + "/T/" + n, Action: plan.Update, Kind: plan.KindAsset, Organization: n,
				AssetType: "T|`", Name: n, LiveID: 2, Source: "orgs/" + n + ".yaml:1:1",
				Diffs: []plan.Diff{{Path: "traits." + n, Before: js(n), After: js("```\n</details>\n" + n)}}})
	}
	p.Unmanaged = []plan.Unmanaged{{Kind: plan.KindOrganization, Address: names[0], LiveID: 5}}
	p.Diagnostics = []plan.Diagnostic{{Severity: plan.SeverityError, Source: names[1] + ":1:1", Message: names[2], Hint: names[3]}}
	return p
}

// bigPlan has n changes over 50 organizations in runs of ten, with every
// tenth a delete and every third an update carrying a multi-line diff.
func bigPlan(n int) *plan.Plan {
	p := emptyPlan()
	for i := range n {
		org := fmt.Sprintf("Customer %02d", (i/10)%50)
		ch := plan.Change{ID: fmt.Sprintf("flexible-asset/%s/Server/srv-%04d", org, i), Kind: plan.KindAsset,
			Organization: org, AssetType: "Server", Name: fmt.Sprintf("srv-%04d", i),
			Source: fmt.Sprintf("organizations/customer-%02d.yaml:%d:3", i%50, i+1)}
		switch {
		case i%10 == 0:
			ch.Action, ch.LiveID, ch.Source = plan.Delete, int64(i), ""
		case i%3 == 0:
			ch.Action, ch.LiveID = plan.Update, int64(i)
			ch.Diffs = []plan.Diff{
				{Path: "traits.IP", Before: js(fmt.Sprintf("10.0.0.%d", i%250)), After: js(fmt.Sprintf("10.0.1.%d", i%250))},
				{Path: "traits.Notes", Before: js("role: web\nowner: ops\npatch: monthly"), After: js("role: web\nowner: platform\npatch: weekly")},
			}
		default:
			ch.Action = plan.Create
			ch.Diffs = []plan.Diff{{Path: "traits.Hostname", After: js(ch.Name + ".example")}, {Path: "traits.OS", After: js("Linux")}}
		}
		p.Changes = append(p.Changes, ch)
	}
	return p
}
