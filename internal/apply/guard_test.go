package apply

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestApplyRefusesStaleObjects: an object changed after the plan was made
// is refused; the other changes go ahead.
func TestApplyRefusesStaleObjects(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t)
	acme := liveOrg(t, c, "Acme")
	wiki := liveType(t, c, "Wiki")
	stamp := func(tm time.Time) string { return tm.UTC().Format(time.RFC3339Nano) }
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{
		{ID: "flexible-asset-type/Wiki", Action: plan.Update, Kind: plan.KindAssetType, Name: "Wiki", LiveID: wiki.ID,
			Guard: &plan.Guard{UpdatedAt: stamp(wiki.UpdatedAt), Hash: "h"},
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"icon": raw(`"book"`)}}},
		{ID: "organization/Acme", Action: plan.Update, Kind: plan.KindOrganization, Name: "Acme", LiveID: acme.ID,
			Guard: &plan.Guard{UpdatedAt: stamp(acme.UpdatedAt), Hash: "h"},
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"description": raw(`"new"`)}}},
	}}
	time.Sleep(10 * time.Millisecond)
	hand := "changed by hand"
	if _, err := c.Organizations.Update(ctx, acme.ID, client.OrganizationWrite{Description: &hand}); err != nil {
		t.Fatal(err)
	}
	rep, err := Apply(ctx, c, p, Options{})
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

// TestApplyCheck: Options.Check sees the re-read object and decides.
func TestApplyCheck(t *testing.T) {
	c, _ := start(t)
	acme := liveOrg(t, c, "Acme")
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{
		{ID: "organization/Acme", Action: plan.Update, Kind: plan.KindOrganization, Name: "Acme", LiveID: acme.ID,
			Guard: &plan.Guard{Hash: "desc=other"},
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"description": raw(`"new"`)}}},
	}}
	check := func(ch *plan.Change, live any) (string, error) {
		if h := "desc=" + live.(client.Organization).Description; h != ch.Guard.Hash {
			return "hash " + h, nil
		}
		return "", nil
	}
	rep, err := Apply(context.Background(), c, p, Options{Check: check})
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Results[0].Status; s != Stale {
		t.Errorf("status = %s; want stale (hash desc=old != desc=other)", s)
	}
	p.Changes[0].Guard.Hash = "desc=old"
	rep, err = Apply(context.Background(), c, p, Options{Check: check})
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Results[0].Status; s != Applied {
		t.Errorf("status = %s (%s); want applied once the hash matches", s, rep.Results[0].Message)
	}
}

// TestApplyReordersFieldsInOneRequest swaps two fields, which two single
// PATCHes could not do (orders are unique within a type).
func TestApplyReordersFieldsInOneRequest(t *testing.T) {
	c, _ := start(t)
	wiki := liveType(t, c, "Wiki")
	title, body := wiki.Fields[0], wiki.Fields[1]
	p := &plan.Plan{Changes: []plan.Change{{ID: "flexible-asset-field/Wiki/(order)", Action: plan.Update, Kind: plan.KindField,
		AssetType: "Wiki", Name: "(order)", LiveID: wiki.ID,
		Guard: &plan.Guard{UpdatedAt: wiki.UpdatedAt.UTC().Format(time.RFC3339Nano)},
		Write: &plan.Write{Orders: []plan.FieldOrder{{Field: title.ID, Name: title.Name, Order: body.Order},
			{Field: body.ID, Name: body.Name, Order: title.Order}}}}}}
	rep, err := Apply(context.Background(), c, p, Options{})
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
