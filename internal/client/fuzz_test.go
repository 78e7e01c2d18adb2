package client

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodeResponse feeds arbitrary bodies to every response decoder: they
// may fail, but never panic.
func FuzzDecodeResponse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	errs, _ := filepath.Glob(filepath.Join("testdata", "errors", "*"))
	for _, name := range append(files, errs...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"data":{"id":1e400,"attributes":{"ancestor-ids":"[1,"}},"included":[{"id":"x"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		_ = parseErrorBody(body)
		var a document[assetWire]
		if json.Unmarshal(body, &a) == nil {
			for _, r := range a.Data {
				for _, v := range toAsset(r).Traits.All() {
					TagIDs(v)
					IsExpandedTag(v)
				}
			}
		}
		var ty document[typeWire]
		if json.Unmarshal(body, &ty) == nil {
			types := collect([]*document[typeWire]{&ty}, toType)
			_, _ = attachFields([]*document[typeWire]{&ty}, types)
		}
		var o document[organizationWire]
		if json.Unmarshal(body, &o) == nil {
			_ = collect([]*document[organizationWire]{&o}, toOrganization)
		}
	})
}
