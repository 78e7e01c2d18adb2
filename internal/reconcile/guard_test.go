package reconcile

import (
	"errors"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
)

func TestCheckGuard(t *testing.T) {
	d, l := fixture()
	d.Assets[1].Traits["Seats"].Text = "40"
	d.AssetTypes[1].Fields[0], d.AssetTypes[1].Fields[1] = d.AssetTypes[1].Fields[1], d.AssetTypes[1].Fields[0]
	p := compute(t, d, l, opts())
	web := changeByID(t, p, webID)
	reorder := changeByID(t, p, "flexible-asset-field/Service/(order)")
	asset := l.Assets[200][0]
	svc := l.AssetTypes[1]

	if err := CheckGuard(web, asset); err != nil {
		t.Errorf("unchanged asset: %v", err)
	}
	renamed := asset
	renamed.Traits = client.Traits{}
	for k, v := range asset.Traits {
		renamed.Traits[k] = v
	}
	renamed.Traits["servers"] = raw(`{"type":"Configurations","values":[{"id":457,"name":"mail-01 (renamed)"}]}`)
	if err := CheckGuard(web, renamed); err != nil {
		t.Errorf("a tagged object's new name made the asset stale: %v", err)
	}
	edited := renamed
	edited.Traits = client.Traits{}
	for k, v := range renamed.Traits {
		edited.Traits[k] = v
	}
	edited.Traits["notes"] = raw(`"edited by hand"`)
	if err := CheckGuard(web, edited); !errors.Is(err, ErrStale) {
		t.Errorf("asset edited since the plan: err = %v; want ErrStale", err)
	}
	touched := asset
	touched.UpdatedAt = asset.UpdatedAt.Add(time.Second)
	if err := CheckGuard(web, touched); !errors.Is(err, ErrStale) {
		t.Errorf("asset updated since the plan: err = %v; want ErrStale", err)
	}
	if err := CheckGuard(reorder, svc); err != nil {
		t.Errorf("unchanged field orders: %v", err)
	}
	moved := svc
	moved.Fields = append([]client.FlexibleAssetField(nil), svc.Fields...)
	moved.Fields[5].Order = 40
	if err := CheckGuard(reorder, moved); !errors.Is(err, ErrStale) {
		t.Errorf("a field moved since the plan: err = %v; want ErrStale", err)
	}
	if _, err := Fingerprint("not an object"); err == nil {
		t.Errorf("Fingerprint of a string: no error")
	}
}
