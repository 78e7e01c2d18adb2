package guard

import (
	"strings"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestCheck: the verdict of one change against its re-read object.
func TestCheck(t *testing.T) {
	at := time.Date(2026, 11, 1, 10, 0, 0, 123e6, time.UTC)
	org := client.Organization{ID: 5, Name: "Acme", Description: "old", UpdatedAt: at}
	planned := Organization(org).Guard
	update := func(g *plan.Guard) *plan.Change {
		return &plan.Change{ID: "organization/Acme", Action: plan.Update, Kind: plan.KindOrganization, LiveID: 5, Guard: g}
	}
	edited := org
	edited.Description = "by hand"
	touched := org
	touched.UpdatedAt = at.Add(time.Millisecond)
	// The API may echo the time with another precision or zone: the same
	// instant is not a change.
	otherForm := planned
	otherForm.UpdatedAt = "2026-11-01T11:00:00.123+01:00"
	for _, tc := range []struct {
		name    string
		ch      *plan.Change
		live    Live
		want    Status
		message string
	}{
		{"no guard", update(nil), Organization(edited), Fresh, ""},
		{"as planned", update(&planned), Organization(org), Fresh, ""},
		{"same instant written differently", update(&otherForm), Organization(org), Fresh, ""},
		{"trailing whitespace only", update(&planned), Organization(func() client.Organization { o := org; o.Description = "old \r\n"; return o }()), Fresh, ""},
		{"updated since", update(&planned), Organization(touched), Stale, "updated at 2026-11-01T10:00:00.124Z, planned at 2026-11-01T10:00:00.123Z"},
		{"edited, same updated-at", update(&planned), Organization(edited), Stale, "compared values differ"},
		{"no hash", update(&plan.Guard{UpdatedAt: planned.UpdatedAt}), Organization(org), Unchecked, "no hash"},
		{"unreadable updated-at", update(&plan.Guard{UpdatedAt: "yesterday", Hash: planned.Hash}), Organization(org), Unchecked, "unreadable updated_at"},
		{"another kind", update(&planned), AssetType(client.FlexibleAssetType{ID: 5}), Unchecked, "re-read is a flexible-asset-type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := Check(tc.ch, tc.live)
			if v.Status != tc.want || !strings.Contains(v.Message(), tc.message) {
				t.Errorf("verdict %s %q; want %s saying %q", v.Status, v.Message(), tc.want, tc.message)
			}
		})
	}
}
