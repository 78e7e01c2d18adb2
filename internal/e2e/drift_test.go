package e2e

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/richtext"
)

// driftShowsExactly is the part of TestApplyThenPlanIsEmpty (demo account,
// once apply then plan is empty) that proves drift shows exactly: change
// the account behind the repository's back (one attribute of each kind of
// object, and traits of every field kind that holds a value); the plan
// shows exactly those differences, and applying it converges again.
func driftShowsExactly(t *testing.T, a *account) {
	t.Helper()
	ctx := context.Background()

	nw := a.org(t, "Northwind Traders")
	desc := "edited in IT Glue"
	if _, err := a.api.Organizations.Update(ctx, nw.ID, client.OrganizationWrite{Description: &desc}); err != nil {
		t.Fatal(err)
	}
	ic := a.assetType(t, "Internet Connection")
	icon := "wifi"
	if _, err := a.api.FlexibleAssetTypes.Update(ctx, ic.ID, client.FlexibleAssetTypeWrite{Icon: &icon}); err != nil {
		t.Fatal(err)
	}
	bj := a.assetType(t, "Backup Job")
	hint := "edited hint"
	if _, err := a.api.FlexibleAssetFields.Update(ctx, bj.Fields[0].ID, client.FlexibleAssetFieldWrite{Hint: &hint}); err != nil {
		t.Fatal(err)
	}
	// Traits of several field kinds on one asset: Number, Percent,
	// Checkbox, Date, Textbox, Select and Tag.
	sql := a.asset(t, "Contoso Ltd", "Backup Job", "CON Hourly SQL")
	fs01 := a.asset(t, "Contoso Ltd", "Backup Job", "CON Nightly File Server")
	tags, _ := client.TagIDs(fs01.Traits.Value("protected-servers"))
	tr := sql.Traits.WriteShape()
	tr["retention-days"] = 15
	tr["success-rate"] = 50.5
	tr["offsite-copy"] = false
	tr["last-restore-test"] = "2020-01-01"
	tr["restore-notes"] = "added by hand"
	tr["schedule"] = "Weekly"
	tr["protected-servers"] = tags
	if _, err := a.api.FlexibleAssets.Update(ctx, sql.ID, client.FlexibleAssetWrite{Traits: tr}); err != nil {
		t.Fatal(err)
	}
	// A Textbox the repository does not state, added by hand: unmanaged,
	// so not drift, and kept by apply.
	nwsql := a.asset(t, "Northwind Traders", "Backup Job", "NW Nightly SQL")
	tr = nwsql.Traits.WriteShape()
	tr["restore-notes"] = "added by hand"
	if _, err := a.api.FlexibleAssets.Update(ctx, nwsql.ID, client.FlexibleAssetWrite{Traits: tr}); err != nil {
		t.Fatal(err)
	}

	// Text, Password and Upload: a Webmail URL edited by hand, and a
	// password and an uploaded file removed by hand.
	o365 := a.asset(t, "Contoso Ltd", "API Email Example", "Office 365")
	tr = o365.Traits.WriteShape()
	tr["webmail-url"] = "https://mail.example/edited"
	if _, err := a.api.FlexibleAssets.Update(ctx, o365.ID, client.FlexibleAssetWrite{Traits: tr}); err != nil {
		t.Fatal(err)
	}
	erp := a.asset(t, "Contoso Ltd", "Line of Business App", "Contoso ERP")
	tr = erp.Traits.WriteShape()
	if tr["service-account-password"] == nil || tr["architecture-diagram"] == nil {
		t.Fatalf("Contoso ERP after apply lacks its password or upload: %v", erp.Traits)
	}
	delete(tr, "service-account-password")
	delete(tr, "architecture-diagram")
	if _, err := a.api.FlexibleAssets.Update(ctx, erp.ID, client.FlexibleAssetWrite{Traits: tr}); err != nil {
		t.Fatal(err)
	}

	cb := a.asset(t, "Contoso Ltd", "Internet Connection", "Comcast Business CB-3301-7781")
	tr = cb.Traits.WriteShape()
	tr["static-ips"] = "198.51.100.7/32"
	if _, err := a.api.FlexibleAssets.Update(ctx, cb.ID, client.FlexibleAssetWrite{Traits: tr}); err != nil {
		t.Fatal(err)
	}

	p := a.planJSON(t, clitest.ExampleRepo)
	for _, ch := range p.Changes {
		for _, d := range ch.Diffs {
			if strings.HasSuffix(d.Path, "Password") && !d.Sensitive {
				t.Errorf("%s: diff %s is not marked sensitive", ch.ID, d.Path)
			}
		}
	}
	var got []string
	for _, ch := range p.Changes {
		if ch.Action == plan.NoOp {
			continue
		}
		var paths []string
		for _, d := range ch.Diffs {
			paths = append(paths, d.Path)
		}
		sort.Strings(paths)
		got = append(got, string(ch.Action)+" "+string(ch.Kind)+" "+ch.Name+": "+strings.Join(paths, ", "))
	}
	want := []string{
		"update flexible-asset-type Internet Connection: icon",
		"update flexible-asset-field Job Name: hint",
		"update organization Northwind Traders: description",
		// Restore Notes is the Markdown runbook examples/repo names.
		"update flexible-asset CON Hourly SQL: traits.Last Restore Test, traits.Offsite Copy, traits.Protected Servers, " +
			"traits.Restore Notes, traits.Retention Days, traits.Schedule, traits.Success Rate",
		"update flexible-asset Office 365: traits.Webmail URL",
		"update flexible-asset Comcast Business CB-3301-7781: traits.Static IPs",
		"update flexible-asset Contoso ERP: traits.Architecture Diagram, traits.Service Account Password",
	}
	sort.Strings(got)
	sort.Strings(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("drift plan (-want +got):\n%s", diff)
	}
	a.mustApply(t, clitest.ExampleRepo)
	var notes string
	_ = json.Unmarshal(a.asset(t, "Northwind Traders", "Backup Job", "NW Nightly SQL").Traits.Value("restore-notes"), &notes)
	if richtext.Canonical(notes) != "added by hand" { // the pessimistic profile keeps it as HTML
		t.Errorf("restore-notes after apply = %q; want the unmanaged hand-added value kept", notes)
	}
	if left := changes(a.planJSON(t, clitest.ExampleRepo)); len(left) != 0 {
		t.Errorf("plan after re-applying the drift: %q; want none", left)
	}
}
