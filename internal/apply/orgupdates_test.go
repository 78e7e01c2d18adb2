package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestOrganizationUpdatesGoInBulk updates 6 organizations' descriptions
// in one bulk PATCH /organizations (one PATCH each before); one edited by
// hand after the plan is still refused as stale and keeps its edit.
func TestOrganizationUpdatesGoInBulk(t *testing.T) {
	ctx := context.Background()
	c, _ := start(t)
	const n, edited = 6, 2
	p := &plan.Plan{FormatVersion: plan.FormatVersion}
	ids := make([]int64, n)
	for k := range n {
		name := fmt.Sprintf("Client %d", k)
		o, err := c.Organizations.Create(ctx, client.OrganizationWrite{Name: &name})
		if err != nil {
			t.Fatal(err)
		}
		ids[k] = o.ID
		p.Changes = append(p.Changes, plan.Change{ID: "organization/" + name, Action: plan.Update, Kind: plan.KindOrganization,
			Organization: name, Name: name, LiveID: o.ID, Guard: guardOf(guard.Organization(o)),
			Write: &plan.Write{Attributes: map[string]json.RawMessage{"description": raw(fmt.Sprintf(`"new %d"`, k))}}})
	}
	hand := "by hand"
	if _, err := c.Organizations.Update(ctx, ids[edited], client.OrganizationWrite{Description: &hand}); err != nil {
		t.Fatal(err)
	}
	c.ResetStats()
	rep, err := Apply(ctx, ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if patches := requests(c, http.MethodPatch); patches != 1 {
		t.Errorf("%d PATCH requests for %d organization updates; want 1 bulk PATCH", patches, n-1)
	}
	for k, r := range rep.Results {
		want := Applied
		if k == edited {
			want = Stale
		}
		if r.Status != want {
			t.Errorf("%s: %s (%s); want %s", r.ID, r.Status, r.Message, want)
		}
		o, err := c.Organizations.Get(ctx, ids[k])
		if err != nil {
			t.Fatal(err)
		}
		wantDesc := fmt.Sprintf("new %d", k)
		if k == edited {
			wantDesc = hand
		}
		if o.Description != wantDesc {
			t.Errorf("%s: description %q after apply; want %q", r.ID, o.Description, wantDesc)
		}
	}
}
