package reconcile

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// TestOutsideScopeIsCounted: live organizations and types that the
// repository neither declares nor names in manage: are counted (so a
// reviewer sees that they exist and are left alone), never listed as
// unmanaged, and never deleted, whatever the prune policy.
func TestOutsideScopeIsCounted(t *testing.T) {
	tests := []struct {
		name   string
		manage spec.ManageScope
		want   *plan.OutsideScope
		// unmanaged addresses expected (sorted by kind, then address)
		unmanaged []string
	}{
		{name: "declared only", want: &plan.OutsideScope{Organizations: 2, AssetTypes: 1}},
		{name: "named in manage", manage: spec.ManageScope{Organizations: spec.Scope{Names: []string{"Unrelated Co"}}},
			want: &plan.OutsideScope{Organizations: 1, AssetTypes: 1}, unmanaged: []string{"Unrelated Co"}},
		{name: "manage all", manage: spec.ManageScope{Organizations: spec.Scope{All: true}, AssetTypes: spec.Scope{All: true}},
			unmanaged: []string{"Wiki", "Unrelated Co", "Tailspin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, l := fixture()
			l.Organizations = append(l.Organizations, client.Organization{ID: 12, Name: "Tailspin"})
			l.AssetTypes = append(l.AssetTypes, client.FlexibleAssetType{ID: 900, Name: "Wiki"})
			d.Config.Manage = tt.manage
			d.Config.Prune.Organizations = spec.Prune{Enabled: true, Pos: pos(3)}
			o := opts()
			o.ForcePrune = true
			p := compute(t, d, l, o)
			if diff := cmp.Diff(tt.want, p.OutsideScope); diff != "" {
				t.Errorf("outside scope (-want +got):\n%s", diff)
			}
			var got []string
			for _, u := range p.Unmanaged {
				got = append(got, u.Address)
			}
			for _, ch := range p.Changes {
				if ch.Action == plan.Delete {
					got = append(got, ch.Name) // prune.organizations is on: in scope means deleted
				}
			}
			if diff := cmp.Diff(tt.unmanaged, got); diff != "" {
				t.Errorf("unmanaged or deleted (-want +got):\n%s", diff)
			}
		})
	}
}
