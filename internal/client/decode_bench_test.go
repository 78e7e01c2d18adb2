package client

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// assetPage builds a page of n assets shaped like the sandbox's answers.
func assetPage(n int) []byte {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf(`{"id":"%d","type":"flexible-assets","attributes":{"organization-id":%d,"organization-name":"Org %d","flexible-asset-type-id":3,"flexible-asset-type-name":"Type","name":"asset %d","archived":false,"restricted":false,"my-glue":false,"resource-url":"https://x.itglue.com/%d","created-at":"2026-01-02T03:04:05.000Z","updated-at":"2026-01-02T03:04:05.000Z","traits":{"title":"asset %d","notes":"%s","count":%d,"tier":"Gold","done":true,"server":{"type":"Configurations","values":[{"id":%d,"name":"srv","hostname":"srv.example","resource-url":"https://x"}]}}}}`,
			i+1, i%200, i%200, i, i, i, strings.Repeat("note ", 20), i, 5000+i%200)
	}
	return []byte(`{"data":[` + strings.Join(items, ",") + `],"meta":{"current-page":1,"next-page":null,"total-pages":1,"total-count":1000},"links":{}}`)
}

// BenchmarkDecodeAssetPage measures the client's own cost of turning one
// 1000-asset page into FlexibleAssets (no HTTP, no sandbox): "client" is
// the decoder responses go through (decodeBody), "tolerant" the decoder it
// falls back to (json.Unmarshal into document[assetWire]).
func BenchmarkDecodeAssetPage(b *testing.B) {
	page := assetPage(1000)
	for _, bc := range []struct {
		name   string
		decode func([]byte, *document[assetWire]) error
	}{
		{"client", func(p []byte, d *document[assetWire]) error { return decodeBody(p, d) }},
		{"tolerant", func(p []byte, d *document[assetWire]) error { return json.Unmarshal(p, d) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(page)))
			b.ReportAllocs()
			for b.Loop() {
				d := &document[assetWire]{}
				if err := bc.decode(page, d); err != nil {
					b.Fatal(err)
				}
				if as := collect([]*document[assetWire]{d}, toAsset); len(as) != 1000 {
					b.Fatal(len(as))
				}
			}
		})
	}
}

// TestDecodeAllocationsPerAsset is the CI guard on what reading a page of
// assets allocates (counts, not time: they do not depend on the machine's
// load). Per asset of a full page (1000, the API's largest), decoding it
// and collecting its assets stays under one allocation: a map per
// asset's traits and a string per name and URL cost over four. Lower the
// budget when an optimisation lands.
func TestDecodeAllocationsPerAsset(t *testing.T) {
	const n, budget = 1000, 0.5
	page := assetPage(n)
	allocs := testing.AllocsPerRun(3, func() {
		d := &document[assetWire]{}
		if err := decodeBody(page, d); err != nil {
			t.Fatal(err)
		}
		if as := collect([]*document[assetWire]{d}, toAsset); len(as) != n || as[n-1].Traits.Len() != 6 {
			t.Fatalf("decoded %d assets", len(as))
		}
	}) / n
	t.Logf("allocations per asset: %.2f", allocs)
	if allocs > budget {
		t.Errorf("decoding a page allocates %.2f times per asset; the budget is %.1f", allocs, budget)
	}
}
