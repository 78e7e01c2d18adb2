package sandbox_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// inproc calls a sandbox's handler directly, without a network.
type inproc struct {
	tb  testing.TB
	srv *sandbox.Server
	key string
}

func (p inproc) call(method, target string, body []byte) (int, []byte) {
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	req.Header.Set("x-api-key", p.key)
	if body != nil {
		req.Header.Set("Content-Type", "application/vnd.api+json")
	}
	rec := httptest.NewRecorder()
	p.srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes()
}

func (p inproc) must(method, target string, body []byte, want int) []byte {
	p.tb.Helper()
	code, out := p.call(method, target, body)
	if code != want {
		p.tb.Fatalf("%s %s: %d; want %d: %.500s", method, target, code, want, out)
	}
	return out
}

func mustJSON(tb testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func dataID(tb testing.TB, raw []byte) string {
	var d struct {
		Data struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &d); err != nil {
		tb.Fatal(err)
	}
	return d.Data.ID
}

// bigAccount builds orgs organizations with perOrg flexible assets each,
// all of one type, through the API itself (nested bulk creates).
func bigAccount(tb testing.TB, orgs, perOrg int) (inproc, string) {
	tb.Helper()
	srv, err := sandbox.New(sandbox.Options{APIKey: "ITG.bench", RateLimit: -1})
	if err != nil {
		tb.Fatal(err)
	}
	p := inproc{tb: tb, srv: srv, key: "ITG.bench"}
	typeID := dataID(tb, p.must("POST", "/flexible_asset_types", mustJSON(tb, typeBody(map[string]any{"name": "Switch"},
		map[string]any{"name": "Hostname", "kind": "Text", "use_for_title": true, "show_in_list": true},
		map[string]any{"name": "Tier", "kind": "Select", "default_value": "Core\nEdge"},
		map[string]any{"name": "Ports", "kind": "Number", "decimals": 0})), 201))
	for o := 0; o < orgs; o++ {
		orgID := dataID(tb, p.must("POST", "/organizations", mustJSON(tb, obj("organizations", map[string]any{"name": fmt.Sprintf("org-%05d", o)})), 201))
		var items []map[string]any
		for i := 0; i < perOrg; i++ {
			items = append(items, map[string]any{"flexible_asset_type_id": typeID,
				"traits": map[string]any{"hostname": fmt.Sprintf("sw-%05d-%02d", o, i), "tier": "Edge", "ports": 48}})
		}
		if perOrg > 0 {
			p.must("POST", "/organizations/"+orgID+"/relationships/flexible_assets", mustJSON(tb, many("flexible_assets", items...)), 201)
		}
	}
	return p, typeID
}

type page struct {
	Data []struct {
		ID string `json:"id"`
	} `json:"data"`
	Meta struct {
		NextPage   *int `json:"next-page"`
		TotalCount int  `json:"total-count"`
	} `json:"meta"`
	Links map[string]string `json:"links"`
}

// listAll follows links.next from path and returns every id.
func listAll(tb testing.TB, p inproc, path string) ([]string, int) {
	var ids []string
	requests := 0
	for path != "" {
		var pg page
		if err := json.Unmarshal(p.must("GET", path, nil, 200), &pg); err != nil {
			tb.Fatal(err)
		}
		requests++
		for _, d := range pg.Data {
			ids = append(ids, d.ID)
		}
		path = ""
		if pg.Meta.NextPage != nil {
			u, err := url.Parse(pg.Links["next"])
			if err != nil || !u.IsAbs() {
				tb.Fatalf("links.next %q is not an absolute URL", pg.Links["next"])
			}
			path = u.RequestURI()
		}
	}
	return ids, requests
}

// TestLargeAccount lists organizations and flexible assets across many
// pages, following links.next, in id order and sorted by -name: 80
// organizations and 800 assets at page[size]=40 are the shape of 2,000 and
// 20,000 at page[size]=1000 (2 and 20 full pages, no partial last page),
// built in a fortieth of the time. 40 is not the default page size, so
// page[size] must be honoured; TestPagination checks the cap at 1000.
func TestLargeAccount(t *testing.T) {
	p, typeID := bigAccount(t, 80, 10)
	for _, tc := range []struct {
		path            string
		count, requests int
	}{
		{"/organizations?page[size]=40", 80, 2},
		{"/flexible_assets?filter[flexible_asset_type_id]=" + typeID + "&page[size]=40", 800, 20},
		{"/flexible_assets?filter[flexible_asset_type_id]=" + typeID + "&sort=-name&page[size]=40", 800, 20},
	} {
		ids, requests := listAll(t, p, tc.path)
		seen := map[string]bool{}
		for _, id := range ids {
			seen[id] = true
		}
		if len(ids) != tc.count || len(seen) != tc.count || requests != tc.requests {
			t.Errorf("%s: %d ids (%d distinct) in %d requests; want %d in %d", tc.path, len(ids), len(seen), requests, tc.count, tc.requests)
		}
	}
}

func benchList(b *testing.B, orgs, perOrg int, path func(typeID string) string) {
	p, typeID := bigAccount(b, orgs, perOrg)
	target := path(typeID)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code, out := p.call("GET", target, nil); code != http.StatusOK {
			b.Fatalf("%d %.300s", code, out)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkListAssets1000 reads one page of 1,000 out of 20,000 assets.
func BenchmarkListAssets1000(b *testing.B) {
	benchList(b, 2000, 10, func(typeID string) string {
		return "/flexible_assets?filter[flexible_asset_type_id]=" + typeID + "&page[size]=1000&page[number]=7"
	})
}

// BenchmarkListAssetsDefaultPage reads one page of 50 out of 20,000 assets.
func BenchmarkListAssetsDefaultPage(b *testing.B) {
	benchList(b, 2000, 10, func(typeID string) string {
		return "/flexible_assets?filter[flexible_asset_type_id]=" + typeID + "&filter[organization_id]=7"
	})
}

// BenchmarkListOrganizations1000 reads one page of 1,000 out of 2,000 organizations.
func BenchmarkListOrganizations1000(b *testing.B) {
	benchList(b, 2000, 0, func(string) string { return "/organizations?page[size]=1000&sort=name" })
}

// BenchmarkCreateAsset posts one flexible asset per request.
func BenchmarkCreateAsset(b *testing.B) {
	p, typeID := bigAccount(b, 0, 0)
	orgID := dataID(b, p.must("POST", "/organizations", mustJSON(b, obj("organizations", map[string]any{"name": "Bench Org"})), 201))
	body := mustJSON(b, asset(map[string]any{"organization_id": orgID, "flexible_asset_type_id": typeID,
		"traits": map[string]any{"hostname": "sw-new", "tier": "Core", "ports": 24}}))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code, out := p.call("POST", "/flexible_assets", body); code != http.StatusCreated {
			b.Fatalf("%d %.300s", code, out)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkCreateOrganization posts one organization per request.
func BenchmarkCreateOrganization(b *testing.B) {
	p, _ := bigAccount(b, 0, 0)
	body := mustJSON(b, obj("organizations", map[string]any{"name": "Bench Org", "short_name": "BO"}))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if code, out := p.call("POST", "/organizations", body); code != http.StatusCreated {
			b.Fatalf("%d %.300s", code, out)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
