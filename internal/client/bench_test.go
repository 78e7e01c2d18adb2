package client_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
)

// heapPeak samples HeapAlloc until stop is called and returns the peak.
func heapPeak() (stop func() uint64) {
	var (
		mu   sync.Mutex
		peak uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mu.Lock()
		peak = max(peak, ms.HeapAlloc)
		mu.Unlock()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		sample()
		return peak
	}
}

// BenchmarkReadAccount reads 200 organizations, 25 types with their fields
// and 20,000 assets from the in-process sandbox, the way a plan does. It
// fails if the read takes more than the minimum page requests plus 5%, and
// reports requests, the minimum, and heap figures (the sandbox shares the
// process, so peak-heap includes its response encoding).
func BenchmarkReadAccount(b *testing.B) {
	const orgs, types, assets = 200, 25, 20000
	sb, _ := start(b, nil)
	sb.Seed(b, accountSeed(orgs, types, assets))
	minimum := minPages(orgs) + minPages(types) + types*minPages(assets/types)
	ctx := context.Background()
	b.ReportAllocs()
	var requests int64
	var peak, retained, base uint64
	for b.Loop() {
		c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base = ms.HeapAlloc
		stop := heapPeak()
		a, err := readAccount(ctx, c)
		peak = max(peak, stop()-base)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&ms)
		retained = ms.HeapAlloc - min(ms.HeapAlloc, base)
		n := 0
		for _, as := range a.Assets {
			n += len(as)
		}
		if len(a.Orgs) != orgs || len(a.Types) != types || n != assets {
			b.Fatalf("read %d orgs, %d types, %d assets", len(a.Orgs), len(a.Types), n)
		}
		requests = c.Stats().Requests
		if limit := minimum + (minimum*5+99)/100; requests > limit {
			b.Fatalf("%d requests, more than the minimum %d plus 5%% (%d)", requests, minimum, limit)
		}
		runtime.KeepAlive(a)
	}
	b.ReportMetric(float64(requests), "requests/op")
	b.ReportMetric(float64(minimum), "min-requests")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(retained)/(1<<20), "result-MB")
}

// recordedAssetPage is a 1000-asset page as the sandbox answers it: one
// type of six fields (text, textbox, number, select, a Configurations tag,
// checkbox) over 50 organizations, read with the client's own query.
func recordedAssetPage(b *testing.B) []byte {
	sb, c := start(b, nil)
	sb.Seed(b, accountSeed(50, 1, 1000))
	types, err := c.FlexibleAssetTypes.List(context.Background())
	if err != nil || len(types) != 1 {
		b.Fatalf("listing types: %v (%d)", err, len(types))
	}
	q := url.Values{"filter[flexible-asset-type-id]": {fmt.Sprint(types[0].ID)}, "page[size]": {"1000"}, "page[number]": {"1"}}
	req, err := http.NewRequest(http.MethodGet, sb.URL+"/flexible_assets?"+q.Encode(), nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("x-api-key", sb.Key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("reading the page: %v (%d)", err, resp.StatusCode)
	}
	return page
}

// BenchmarkDecodeRecordedAssetPage measures turning one recorded
// 1000-asset page into FlexibleAssets (no HTTP in the loop): "client" is
// the decoder responses go through, "tolerant" the encoding/json decoder
// it falls back to. retained-B/asset is the heap the decoded assets keep
// (their strings, traits and their values) after a GC, per asset.
func BenchmarkDecodeRecordedAssetPage(b *testing.B) {
	page := recordedAssetPage(b)
	for _, bc := range []struct {
		name     string
		tolerant bool
	}{{"client", false}, {"tolerant", true}} {
		b.Run(bc.name, func(b *testing.B) {
			var ms runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&ms)
			base := ms.HeapAlloc
			kept, err := client.DecodeAssetPage(page, bc.tolerant)
			if err != nil || len(kept) != 1000 || kept[999].Traits.Len() != 6 {
				b.Fatalf("decoded %d assets: %v", len(kept), err)
			}
			runtime.GC()
			runtime.ReadMemStats(&ms)
			retained := ms.HeapAlloc - min(ms.HeapAlloc, base)
			runtime.KeepAlive(kept)
			b.SetBytes(int64(len(page)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := client.DecodeAssetPage(page, bc.tolerant); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(retained)/1000, "retained-B/asset")
		})
	}
}
