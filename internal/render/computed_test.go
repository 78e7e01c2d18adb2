package render

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// fullPlan is what reconcile.Compute plans for the repository in
// testdata/repo against liveAccount: creates, updates and deletes of every
// kind, sensitive and multi-line diffs, no-ops, unmanaged objects, objects
// outside the scope and a warning. The goldens render a plan reconcile
// really emits, so a change to the planner shows in them.
func fullPlan() *plan.Plan {
	ctx := context.Background()
	d, diags := spec.Load(ctx, os.DirFS("testdata/repo"), ".")
	if diags.HasErrors() {
		panic(fmt.Sprintf("loading testdata/repo: %v", diags))
	}
	p := reconcile.Compute(d, liveAccount(), reconcile.Options{
		SourceDir: "examples/repo", SourceCommit: "0123456789abcdef0123456789abcdef01234567",
		BaseURL: "https://api.itglue.com", Sandbox: true,
		RotateSecrets: true, ForcePrune: true,
		EnvSet: func(name string) bool { return strings.HasSuffix(name, "_O365_PW") },
	})
	if p.HasErrors() {
		panic(fmt.Sprintf("planning testdata/repo: %+v", p.Diagnostics))
	}
	return p
}

// liveAccount is the account fullPlan is planned against, in the shapes
// the API answers (CRLF in options, a kept password as its id).
func liveAccount() *reconcile.Live {
	at := time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	field := func(typ, id, order int64, name, kind, key string) client.FlexibleAssetField {
		return client.FlexibleAssetField{ID: id, FlexibleAssetTypeID: typ, Order: order, Name: name, Kind: kind, NameKey: key, UpdatedAt: at}
	}
	email := []client.FlexibleAssetField{
		field(20, 201, 1, "Name", "Text", "name"), field(20, 202, 2, "Provider", "Select", "provider"),
		field(20, 203, 3, "Notes", "Textbox", "notes"), field(20, 204, 4, "Seats", "Number", "seats"),
		field(20, 205, 5, "Webmail URL", "Text", "webmail-url"), field(20, 206, 6, "Admin Password", "Password", "admin-password"),
	}
	email[0].Required, email[0].UseForTitle, email[0].ShowInList = true, true, true
	email[1].DefaultValue = "Office 365\r\nGoogle"
	contract := []client.FlexibleAssetField{
		field(21, 501, 1, "Title", "Text", "title"), field(21, 502, 2, "Notes", "Textbox", "notes"), field(21, 503, 3, "Legacy", "Text", "legacy"),
	}
	contract[0].Required, contract[0].UseForTitle, contract[0].ShowInList = true, true, true
	contract[1].Hint, contract[1].ShowInList = "Free text", true
	org := func(id int64, name string) client.Organization {
		return client.Organization{ID: id, Name: name, OrganizationTypeID: 1, OrganizationTypeName: "Customer",
			OrganizationStatusID: 1, OrganizationStatusName: "Active", UpdatedAt: at}
	}
	acme := org(11, "Acme Corp")
	acme.Description = "Customer"
	other := org(70, "Other Corp")
	other.Primary = true
	orgs := []client.Organization{acme, org(12, "Initech"), org(13, "Old Corp"), other}
	for i := range 12 {
		orgs = append(orgs, org(int64(80+i), fmt.Sprintf("Elsewhere %02d", i+1)))
	}
	longURL := "https://outlook.office.com/mail/" + strings.Repeat("segment/", 40) + "inbox"
	oldNotes := "Tenant: acme.onmicrosoft.com\nAdmin: it@acme.example\nMFA: enforced\nLicences: 40 E3\nDomain: acme.example\nBackup: nightly\nRetention: 90 days\nSupport: Microsoft\nRenewal: March"
	notes, _ := json.Marshal(oldNotes)
	url, _ := json.Marshal(longURL)
	return &reconcile.Live{
		OrganizationTypes:    []client.NamedRecord{{ID: 1, Name: "Customer"}},
		OrganizationStatuses: []client.NamedRecord{{ID: 1, Name: "Active"}},
		Organizations:        orgs,
		AssetTypes: []client.FlexibleAssetType{
			{ID: 20, Name: "Email", Description: "Mail services", Enabled: true, UpdatedAt: at, Fields: email},
			{ID: 21, Name: "Contract", Enabled: true, UpdatedAt: at, Fields: contract},
			{ID: 22, Name: "Intranet", Enabled: true, UpdatedAt: at},
			{ID: 23, Name: "Old Wiki", Enabled: false, UpdatedAt: at},
		},
		Assets: map[int64][]client.FlexibleAsset{
			20: {
				{ID: 9001, OrganizationID: 11, OrganizationName: "Acme Corp", FlexibleAssetTypeID: 20, Name: "Office 365", UpdatedAt: at,
					Traits: client.TraitsOf(map[string]json.RawMessage{"name": raw(`"Office 365"`), "provider": raw(`"Office 365"`), "notes": notes,
						"seats": raw(`40`), "webmail-url": url, "admin-password": raw(`7001`)})},
				{ID: 9002, OrganizationID: 11, OrganizationName: "Acme Corp", FlexibleAssetTypeID: 20, Name: "Legacy Exchange", UpdatedAt: at,
					Traits: client.TraitsOf(map[string]json.RawMessage{"name": raw(`"Legacy Exchange"`), "provider": raw(`"Office 365"`)})},
			},
		},
	}
}
