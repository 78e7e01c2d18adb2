package reconcile

import (
	"testing"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

func TestCreateShowsNoBeforeValues(t *testing.T) {
	d, l := fixture()
	l.Assets[200] = nil
	d.Assets[1].Traits.Get("Managed").Bool = true
	p := compute(t, d, l, opts())
	noErrors(t, p)
	ch := changeByID(t, p, webID)
	if ch.Action != plan.Create {
		t.Fatalf("Web = %s; want create", ch.Action)
	}
	for _, df := range ch.Diffs {
		if df.Before != nil {
			t.Errorf("diff %s has before %s; a create has no live value", df.Path, df.Before)
		}
	}
}

// TestEveryCreateShowsOnlyAfterValues: with no types, assets or second
// organization live, everything the fixture declares is created: an
// organization, types with every boolean attribute, fields of every kind
// and assets with every trait kind. No diff of any create may show a
// "before" value (compute checks the plan.Change contract on each one).
func TestEveryCreateShowsOnlyAfterValues(t *testing.T) {
	d, l := fixture()
	d.Organizations = append(d.Organizations, &spec.Organization{Pos: pos(2), Name: "Newco", Type: ptr("Customer"),
		Status: ptr("Active"), ShortName: ptr("NC"), Description: ptr("New client"), QuickNotes: ptr("none")})
	d.AssetTypes[0].ShowInMenu = ptr(false)
	d.AssetTypes[0].Fields[0].Required = ptr(false)
	d.Assets[1].Traits.Get("Managed").Bool = true // an absent live Checkbox reads as false: a create must not show it
	l.AssetTypes, l.Assets = nil, nil
	p := compute(t, d, l, opts())
	noErrors(t, p)
	c := p.Count()
	if c.Create != 6 || c.Update+c.Delete != 0 {
		t.Fatalf("counts = %+v; want 6 creates (Newco, 2 types, the self-tagging Related field, 2 assets), nothing else: %v", c, changeIDs(p))
	}
	var after int
	for _, ch := range p.Changes {
		for _, df := range ch.Diffs {
			if df.After != nil {
				after++
			}
		}
	}
	if after < 20 {
		t.Errorf("only %d diffs with an after value; the creates should show every declared attribute", after)
	}
}
