package apply

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestApplyRefusesStaleObjects: an object changed after the plan was made
// is refused; the other changes go ahead.
func TestApplyRefusesStaleObjects(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t)
	acme := liveOrg(t, c, "Acme")
	wiki := liveType(t, c, "Wiki")
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{
		{ID: "flexible-asset-type/Wiki", Action: plan.Update, Kind: plan.KindAssetType, Name: "Wiki", LiveID: wiki.ID,
			Guard: guardOf(guard.AssetType(wiki)),
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"icon": raw(`"book"`)}}},
		{ID: "organization/Acme", Action: plan.Update, Kind: plan.KindOrganization, Name: "Acme", LiveID: acme.ID,
			Guard: guardOf(guard.Organization(acme)),
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"description": raw(`"new"`)}}},
	}}
	time.Sleep(10 * time.Millisecond)
	hand := "changed by hand"
	if _, err := c.Organizations.Update(ctx, acme.ID, client.OrganizationWrite{Description: &hand}); err != nil {
		t.Fatal(err)
	}
	rep, err := Apply(ctx, ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Status{"flexible-asset-type/Wiki": Applied, "organization/Acme": Stale}
	if diff := cmp.Diff(want, statuses(rep)); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	if got := liveOrg(t, c, "Acme").Description; got != hand {
		t.Errorf("Acme's description = %q; want the hand edit %q kept", got, hand)
	}
	if got := liveType(t, c, "Wiki").Icon; got != "book" {
		t.Errorf("Wiki's icon = %q; want book", got)
	}
}

// TestApplyComparesGuardHash: the re-read object's compared values are
// checked against the guard's hash, not only its updated-at (there is no
// weaker fallback), and a guard without a hash is not applied at all.
func TestApplyComparesGuardHash(t *testing.T) {
	c, _ := start(t)
	acme := liveOrg(t, c, "Acme")
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{
		{ID: "organization/Acme", Action: plan.Update, Kind: plan.KindOrganization, Name: "Acme", LiveID: acme.ID,
			Guard: &plan.Guard{UpdatedAt: guard.Organization(acme).Guard.UpdatedAt, Hash: "sha256:other"},
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"description": raw(`"new"`)}}},
	}}
	rep, err := Apply(context.Background(), ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Results[0].Status; s != Stale {
		t.Errorf("status = %s; want stale (same updated-at, other hash)", s)
	}
	p.Changes[0].Guard.Hash = ""
	rep, err = Apply(context.Background(), ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Results[0]; r.Status != Failed || !strings.Contains(r.Message, "no hash") {
		t.Errorf("a guard without a hash: %s (%s); want failed, saying it has no hash", r.Status, r.Message)
	}
	p.Changes[0].Guard = guardOf(guard.Organization(acme))
	rep, err = Apply(context.Background(), ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Results[0].Status; s != Applied {
		t.Errorf("status = %s (%s); want applied once the hash matches", s, rep.Results[0].Message)
	}
}

// orderGuard is the plan.Guard of a reorder of t's fields.
func orderGuard(t client.FlexibleAssetType) *plan.Guard {
	g := guard.FieldOrder(t)
	return &g
}

// TestApplyReordersFieldsInOneRequest swaps two fields, which two single
// PATCHes could not do (orders are unique within a type).
func TestApplyReordersFieldsInOneRequest(t *testing.T) {
	c, _ := start(t)
	wiki := liveType(t, c, "Wiki")
	title, body := wiki.Fields[0], wiki.Fields[1]
	p := &plan.Plan{Changes: []plan.Change{{ID: "flexible-asset-field/Wiki/(order)", Action: plan.Update, Kind: plan.KindField,
		AssetType: "Wiki", Name: "(order)", LiveID: wiki.ID,
		Guard: orderGuard(wiki),
		Write: &plan.Write{Orders: []plan.FieldOrder{{Field: title.ID, Name: title.Name, Order: body.Order},
			{Field: body.ID, Name: body.Name, Order: title.Order}}}}}}
	rep, err := Apply(context.Background(), ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Results[0]; r.Status != Applied {
		t.Fatalf("reorder: %s: %s", r.Status, r.Message)
	}
	var got []string
	for _, f := range liveType(t, c, "Wiki").Fields {
		got = append(got, f.Name)
	}
	if diff := cmp.Diff([]string{"Body", "Title"}, got); diff != "" {
		t.Errorf("field order (-want +got):\n%s", diff)
	}
}
