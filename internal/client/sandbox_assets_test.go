package client_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/google/go-cmp/cmp"
)

func TestSandboxTypesFieldsAssetsAndTags(t *testing.T) {
	ctx := context.Background()
	_, c := start(t, nil)
	org := must[client.Organization](t, "org")(c.Organizations.Create(ctx, client.OrganizationWrite{Name: ptr("Happy Frog")}))
	other := must[client.Organization](t, "org")(c.Organizations.Create(ctx, client.OrganizationWrite{Name: ptr("Other")}))

	// Tag targets, created for seeding and read by organization and name.
	dom := must[client.TagTarget](t, "domain")(c.Domains.Create(ctx, org.ID, map[string]any{"name": "happyfrog.example"}))
	cfg1 := must[client.TagTarget](t, "configuration")(c.Configurations.Create(ctx, org.ID, map[string]any{"name": "mail-01", "hostname": "mail-01.example"}))
	cfg2 := must[client.TagTarget](t, "configuration")(c.Configurations.Create(ctx, org.ID, map[string]any{"name": "mail, 02"}))
	must[client.TagTarget](t, "configuration")(c.Configurations.Create(ctx, other.ID, map[string]any{"name": "mail-01"}))
	must[client.TagTarget](t, "contact")(c.Contacts.Create(ctx, org.ID, map[string]any{"first-name": "Ada", "last-name": "Lovelace"}))
	must[client.TagTarget](t, "location")(c.Locations.Create(ctx, org.ID, map[string]any{"name": "Head Office"}))
	pw := must[client.TagTarget](t, "password")(c.Passwords.Create(ctx, org.ID, map[string]any{"name": "Router", "username": "admin", "password": "hunter2-canary"}))
	if _, ok := pw.Attributes["password"]; ok {
		t.Error("a password's value was kept")
	}
	got := must[[]client.TagTarget](t, "configs")(c.Configurations.List(ctx, &client.TagTargetListOptions{OrganizationID: org.ID, Names: []string{"mail, 02", "mail-01"}}))
	if len(got) != 2 || got[0].ID != cfg1.ID || got[1].ID != cfg2.ID || got[0].OrganizationID != org.ID {
		t.Errorf("configurations of org by name = %+v", got)
	}
	if got := must[client.TagTarget](t, "config")(c.Configurations.Get(ctx, cfg1.ID)); string(got.Attributes["hostname"]) != `"mail-01.example"` {
		t.Errorf("configuration = %+v", got)
	}
	for name, svc := range map[string]*client.TagTargetsService{"contacts": c.Contacts, "locations": c.Locations, "domains": c.Domains, "passwords": c.Passwords} {
		if l := must[[]client.TagTarget](t, name)(svc.List(ctx, &client.TagTargetListOptions{OrganizationID: org.ID})); len(l) != 1 {
			t.Errorf("%s of org: %d, want 1", name, len(l))
		}
	}

	// Type with nested fields, read back with the fields.
	created := must[client.FlexibleAssetType](t, "type")(c.FlexibleAssetTypes.CreateSafe(ctx, emailType()))
	typ := must[client.FlexibleAssetType](t, "type")(c.FlexibleAssetTypes.Get(ctx, created.ID))
	if diff := cmp.Diff(typ, created); diff != "" {
		t.Errorf("Create vs Get (-get +create):\n%s", diff)
	}
	var keys []string
	for _, f := range typ.Fields {
		keys = append(keys, f.NameKey)
	}
	if want := []string{"domains", "type", "email-servers", "location", "webmail-url"}; !slices.Equal(keys, want) {
		t.Errorf("name-keys = %q, want %q", keys, want)
	}
	listed := must[[]client.FlexibleAssetType](t, "types")(c.FlexibleAssetTypes.List(ctx))
	if diff := cmp.Diff([]client.FlexibleAssetType{typ}, listed); diff != "" {
		t.Errorf("List vs Get (-get +list):\n%s", diff)
	}
	typ2 := must[client.FlexibleAssetType](t, "type update")(c.FlexibleAssetTypes.Update(ctx, typ.ID, client.FlexibleAssetTypeWrite{Description: ptr("changed")}))
	if typ2.Description != "changed" || typ2.Name != typ.Name {
		t.Errorf("updated type = %+v", typ2)
	}

	// Fields: nested bulk create, single and bulk update, delete.
	added := must[[]client.FlexibleAssetField](t, "fields")(c.FlexibleAssetFields.CreateSafe(ctx, typ.ID, []client.FlexibleAssetFieldWrite{
		{Order: ptr(int64(6)), Name: ptr("Seats"), Kind: ptr("Number"), Decimals: ptr(int64(0))},
		{Order: ptr(int64(7)), Name: ptr("Notes"), Kind: ptr("Textbox")},
	}))
	if len(added) != 2 || added[0].NameKey != "seats" || added[1].FlexibleAssetTypeID != typ.ID {
		t.Errorf("added fields = %+v", added)
	}
	if f := must[client.FlexibleAssetField](t, "field")(c.FlexibleAssetFields.Update(ctx, added[1].ID, client.FlexibleAssetFieldWrite{Hint: ptr("free text")})); f.Hint != "free text" || f.Name != "Notes" {
		t.Errorf("updated field = %+v", f)
	}
	// Swapping two orders needs one bulk request (orders are unique).
	if err := c.FlexibleAssetFields.UpdateBulk(ctx, []client.FlexibleAssetFieldWrite{{ID: added[0].ID, Order: ptr(int64(7))}, {ID: added[1].ID, Order: ptr(int64(6))}}); err != nil {
		t.Fatalf("swapping orders: %v", err)
	}
	fs := must[[]client.FlexibleAssetField](t, "fields")(c.FlexibleAssetFields.List(ctx, typ.ID))
	if n := len(fs); n != 7 || fs[5].Name != "Notes" || fs[6].Name != "Seats" {
		t.Errorf("fields after swap: %d, last two %q %q", n, fs[5].Name, fs[6].Name)
	}
	if f := must[client.FlexibleAssetField](t, "field")(c.FlexibleAssetFields.Get(ctx, added[0].ID)); f.Order != 7 {
		t.Errorf("field = %+v", f)
	}
	if err := c.FlexibleAssetFields.Delete(ctx, added[1].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.FlexibleAssetFields.Get(ctx, added[1].ID); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("deleted field: %v", err)
	}

	// Assets: single create with tag ids, read expanded, collapse back.
	a := must[client.FlexibleAsset](t, "asset")(c.FlexibleAssets.Create(ctx, client.FlexibleAssetWrite{
		OrganizationID: org.ID, FlexibleAssetTypeID: typ.ID,
		Traits: map[string]any{"domains": dom.ID, "type": "Office 365", "email-servers": []int64{cfg1.ID, cfg2.ID}, "webmail-url": "https://portal.office.com/", "seats": 25},
	}))
	if a.Name != "Office 365" || a.OrganizationName != "Happy Frog" || a.FlexibleAssetTypeName != "API Email Example" {
		t.Errorf("asset = %+v", a)
	}
	if !client.IsExpandedTag(a.Traits.Value("email-servers")) {
		t.Errorf("email-servers read back as %s, want the expanded tag shape", a.Traits.Value("email-servers"))
	}
	ws := a.Traits.WriteShape()
	if diff := cmp.Diff([]int64{cfg1.ID, cfg2.ID}, ws["email-servers"]); diff != "" {
		t.Errorf("collapsed tag (-want +got):\n%s", diff)
	}
	// Send the collapsed read shape back with one change: nothing is lost.
	ws["location"] = "Cloud"
	b := must[client.FlexibleAsset](t, "update")(c.FlexibleAssets.Update(ctx, a.ID, client.FlexibleAssetWrite{Traits: ws}))
	if s, _ := b.Traits.String("location"); s != "Cloud" || b.Traits.Len() != a.Traits.Len()+1 {
		t.Errorf("after a full-set update: %d traits (was %d), location %q", b.Traits.Len(), a.Traits.Len(), s)
	}

	// Nested bulk create, list by org and by name, bulk update, archive, deletes.
	var many []client.FlexibleAssetWrite
	for _, kind := range []string{"Exchange 2016", "Exchange 2013", "POP/IMAP"} {
		many = append(many, client.FlexibleAssetWrite{FlexibleAssetTypeID: typ.ID, Traits: map[string]any{"domains": []int64{dom.ID}, "type": kind}})
	}
	bulk := must[[]client.FlexibleAsset](t, "bulk")(c.FlexibleAssets.CreateSafe(ctx, org.ID, many, client.MatchTraits("type")))
	if len(bulk) != 3 || bulk[2].Name != "POP/IMAP" {
		t.Errorf("bulk created = %+v", bulk)
	}
	otherDom := must[client.TagTarget](t, "domain")(c.Domains.Create(ctx, other.ID, map[string]any{"name": "other.example"}))
	must[client.FlexibleAsset](t, "other org")(c.FlexibleAssets.Create(ctx, client.FlexibleAssetWrite{OrganizationID: other.ID, FlexibleAssetTypeID: typ.ID, Traits: map[string]any{"domains": otherDom.ID, "type": "Office 365"}}))
	if l := must[[]client.FlexibleAsset](t, "list")(c.FlexibleAssets.List(ctx, typ.ID, nil)); len(l) != 5 {
		t.Errorf("all assets of the type: %d, want 5", len(l))
	}
	if l := must[[]client.FlexibleAsset](t, "list")(c.FlexibleAssets.List(ctx, typ.ID, &client.FlexibleAssetListOptions{OrganizationID: org.ID})); len(l) != 4 {
		t.Errorf("assets of the org: %d, want 4", len(l))
	}
	if l := must[[]client.FlexibleAsset](t, "list")(c.FlexibleAssets.List(ctx, typ.ID, &client.FlexibleAssetListOptions{OrganizationID: org.ID, Names: []string{"POP/IMAP", "Office 365"}})); len(l) != 2 {
		t.Errorf("assets named POP/IMAP or Office 365: %d, want 2", len(l))
	}
	var upd []client.FlexibleAssetWrite
	for _, x := range bulk {
		tr := x.Traits.WriteShape()
		tr["webmail-url"] = "https://mail.example/"
		upd = append(upd, client.FlexibleAssetWrite{ID: x.ID, Traits: tr})
	}
	if err := c.FlexibleAssets.UpdateBulk(ctx, upd); err != nil {
		t.Fatal(err)
	}
	if x := must[client.FlexibleAsset](t, "get")(c.FlexibleAssets.Get(ctx, bulk[1].ID)); !hasString(x.Traits, "webmail-url", "https://mail.example/") || !hasString(x.Traits, "type", "Exchange 2013") {
		t.Errorf("after bulk update: %s", mustJSON(x.Traits))
	}
	arch := must[client.FlexibleAsset](t, "archive")(c.FlexibleAssets.Archive(ctx, bulk[0].ID, true))
	if !arch.Archived || !hasString(arch.Traits, "type", "Exchange 2016") {
		t.Errorf("archiving lost traits or did not archive: %+v", arch)
	}
	if err := c.FlexibleAssets.Delete(ctx, bulk[0].ID); err != nil {
		t.Fatal(err)
	}
	if err := c.FlexibleAssets.DeleteBulk(ctx, []int64{bulk[1].ID, bulk[2].ID}); err != nil {
		t.Fatal(err)
	}
	if l := must[[]client.FlexibleAsset](t, "list")(c.FlexibleAssets.List(ctx, typ.ID, &client.FlexibleAssetListOptions{OrganizationID: org.ID})); len(l) != 1 || l[0].ID != a.ID {
		t.Errorf("after deletes: %+v", l)
	}
}
