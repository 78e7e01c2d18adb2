package reconcile

import (
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
)

// TestCheckGuard: the guards Compute fills are checked by package guard
// against the live objects as apply re-reads them.
func TestCheckGuard(t *testing.T) {
	d, l := fixture()
	d.Assets[1].Traits.Get("Seats").Text = "40"
	d.AssetTypes[1].Fields[0], d.AssetTypes[1].Fields[1] = d.AssetTypes[1].Fields[1], d.AssetTypes[1].Fields[0]
	p := compute(t, d, l, opts())
	web := changeByID(t, p, webID)
	reorder := changeByID(t, p, "flexible-asset-field/Service/(order)")
	asset := l.Assets[200][0]
	svc := l.AssetTypes[1]

	for _, tc := range []struct {
		name string
		live func() guard.Live
		ch   string
		want guard.Status
	}{
		{"unchanged asset", func() guard.Live { return guard.Asset(asset) }, webID, guard.Fresh},
		{"a tagged object's new name", func() guard.Live { return guard.Asset(renamedTag(asset)) }, webID, guard.Fresh},
		{"asset edited since the plan", func() guard.Live {
			edited := renamedTag(asset)
			edited.Traits = edited.Traits.With("notes", raw(`"edited by hand"`))
			return guard.Asset(edited)
		}, webID, guard.Stale},
		{"asset updated since the plan", func() guard.Live {
			touched := asset
			touched.UpdatedAt = asset.UpdatedAt.Add(time.Second)
			return guard.Asset(touched)
		}, webID, guard.Stale},
		{"unchanged field orders", func() guard.Live { return guard.AssetType(svc) }, reorder.ID, guard.Fresh},
		{"a field moved since the plan", func() guard.Live {
			moved := svc
			moved.Fields = append([]client.FlexibleAssetField(nil), svc.Fields...)
			moved.Fields[5].Order = 40
			return guard.AssetType(moved)
		}, reorder.ID, guard.Stale},
		{"an object of another kind", func() guard.Live { return guard.AssetType(svc) }, webID, guard.Unchecked},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ch := web
			if tc.ch == reorder.ID {
				ch = reorder
			}
			if v := guard.Check(ch, tc.live()); v.Status != tc.want {
				t.Errorf("verdict %s (%s); want %s", v.Status, v.Message(), tc.want)
			}
		})
	}
}

// renamedTag is a with its servers trait naming the tagged configuration
// by a new name (same id).
func renamedTag(a client.FlexibleAsset) client.FlexibleAsset {
	out := a
	tr := a.Traits.Map()
	tr["servers"] = raw(`{"type":"Configurations","values":[{"id":457,"name":"mail-01 (renamed)"}]}`)
	out.Traits = client.TraitsOf(tr)
	return out
}
