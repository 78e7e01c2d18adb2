package sandbox_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/glue-sync/glue-sync/internal/sandbox"
)

var fuzzRoutes = []struct{ method, path string }{
	{"POST", "/organizations"},
	{"PATCH", "/organizations"},
	{"DELETE", "/organizations"},
	{"POST", "/flexible_asset_types"},
	{"PATCH", "/flexible_asset_types/40"},
	{"POST", "/flexible_asset_types/33/relationships/flexible_asset_fields"},
	{"PATCH", "/flexible_asset_fields"},
	{"POST", "/flexible_assets"},
	{"PATCH", "/flexible_assets/102"},
	{"POST", "/organizations/2/relationships/flexible_assets"},
	{"DELETE", "/flexible_assets"},
	{"POST", "/configurations"},
}

// FuzzRequestBody sends arbitrary bodies to the write routes: the answer is
// never a 5xx, always JSON, and a refused request changes nothing.
func FuzzRequestBody(f *testing.F) {
	srv := fuzzServer(f)
	for i, b := range []string{
		`{"data":{"type":"organizations","attributes":{"name":"x"}}}`,
		`{"data":[{"type":"organizations","attributes":{"id":2,"alert":null}}]}`,
		`{"data":{"attributes":{"organization_id":"2","flexible_asset_type_id":33,"traits":{"domains":["789"],"type":"Office 365"}}}}`,
		`{"data":{"attributes":{"traits":{"hostname":"h","cores":1e400,"admin-password":813,"runbook":{"content":"","file_name":""}}}}}`,
		`{"data":{"attributes":{"name":"T"},"relationships":{"flexible_asset_fields":{"data":[{"attributes":{"name":"A","kind":"Tag","tag_type":"FlexibleAssetType: 0"}}]}}}}`,
		`{"data":[{"attributes":{"id":"792","order":"2"}},{"attributes":{"id":793,"order":1}}]}`,
		`"{}"`, `{"data":null}`, `[]`, `{"data":{"attributes":{"name":{"x":[]}}}}`,
	} {
		f.Add(byte(i), []byte(b))
	}
	var initial bytes.Buffer
	if err := srv.WriteSnapshot(&initial); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, route byte, body []byte) {
		// Every input starts from the same account.
		if err := srv.ReadSnapshot(bytes.NewReader(initial.Bytes())); err != nil {
			t.Fatal(err)
		}
		rt := fuzzRoutes[int(route)%len(fuzzRoutes)]
		var before bytes.Buffer
		srv.WriteSnapshot(&before)
		req := httptest.NewRequest(rt.method, rt.path, bytes.NewReader(body))
		req.Header.Set("x-api-key", "ITG.fuzz")
		req.Header.Set("Content-Type", "application/vnd.api+json")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s %q: %d %s", rt.method, rt.path, body, rec.Code, rec.Body)
		}
		if rec.Code != 204 && !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("answer is not JSON: %q", rec.Body)
		}
		if rec.Code >= 400 {
			var after bytes.Buffer
			srv.WriteSnapshot(&after)
			if !bytes.Equal(before.Bytes(), after.Bytes()) {
				t.Fatalf("%s %s %q: refused with %d but changed the account", rt.method, rt.path, body, rec.Code)
			}
			return
		}
		// What was stored must still read back: a value accepted but not
		// renderable would break every later list.
		for _, path := range fuzzReads {
			if code, out := fuzzGet(srv, path); code >= 500 {
				t.Fatalf("after %s %s %q: GET %s gave %d %s", rt.method, rt.path, body, path, code, out)
			}
		}
	})
}

// fuzzServer is a sandbox holding the test account, with no rate limit.
func fuzzServer(f *testing.F) *sandbox.Server {
	seed, err := os.ReadFile("testdata/test-account.yaml")
	if err != nil {
		f.Fatal(err)
	}
	srv, err := sandbox.New(sandbox.Options{APIKey: "ITG.fuzz", RateLimit: -1})
	if err != nil {
		f.Fatal(err)
	}
	if err := srv.LoadSeed(bytes.NewReader(seed)); err != nil {
		f.Fatal(err)
	}
	return srv
}

var fuzzReads = []string{"/organizations", "/flexible_asset_types?include=flexible_asset_fields",
	"/flexible_assets?filter[flexible_asset_type_id]=33,40", "/configurations"}

func fuzzGet(srv *sandbox.Server, target string) (int, string) {
	req := httptest.NewRequest("GET", target, nil)
	req.Header.Set("x-api-key", "ITG.fuzz")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// FuzzListQuery sends arbitrary query strings to the list routes: the
// answer is a 200 or a 4xx in JSON, never a panic or a 5xx.
func FuzzListQuery(f *testing.F) {
	srv := fuzzServer(f)
	paths := []string{"/organizations", "/organization_types", "/flexible_asset_types", "/flexible_assets",
		"/flexible_asset_types/33/relationships/flexible_asset_fields", "/domains", "/organizations/2/relationships/passwords"}
	for i, q := range []string{"page[number]=2&page[size]=1", "filter[name]=a\\,b,c&sort=-name,id",
		"filter[created_at]=2020-01-01,*&exclude[id]=2", "filter[flexible_asset_type_id]=33&sort=-updated_at&include=x",
		"page[number]=9223372036854775807&page[size]=1000", "filter[primary]=True", "sort=", "%zz"} {
		f.Add(byte(i), q)
	}
	f.Fuzz(func(t *testing.T, route byte, query string) {
		path := paths[int(route)%len(paths)]
		req := httptest.NewRequest("GET", path, nil)
		req.URL.RawQuery = query
		req.Header.Set("x-api-key", "ITG.fuzz")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != 200 && (rec.Code < 400 || rec.Code >= 500) {
			t.Fatalf("GET %s?%s: %d %s", path, query, rec.Code, rec.Body)
		}
		if !json.Valid(rec.Body.Bytes()) {
			t.Fatalf("GET %s?%s: answer is not JSON: %q", path, query, rec.Body)
		}
	})
}

// FuzzLoadSeed feeds arbitrary seeds: an error or an account, never a
// panic, and a failed seed leaves the account empty.
func FuzzLoadSeed(f *testing.F) {
	for _, name := range []string{"testdata/seed-example.yaml", "testdata/test-account.yaml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"organizations":[{"name":"a","id":1},{"name":"b","parent":"a"}]}`))
	f.Add([]byte("flexible_assets: [{organization: x, type: y, traits: {a: [1, b]}}]"))
	f.Fuzz(func(t *testing.T, seed []byte) {
		srv, err := sandbox.New(sandbox.Options{APIKey: "ITG.fuzz"})
		if err != nil {
			t.Fatal(err)
		}
		var empty bytes.Buffer
		srv.WriteSnapshot(&empty)
		if err := srv.LoadSeed(bytes.NewReader(seed)); err != nil {
			var after bytes.Buffer
			srv.WriteSnapshot(&after)
			if !bytes.Equal(empty.Bytes(), after.Bytes()) {
				t.Fatalf("a failed seed (%v) changed the account", err)
			}
		}
	})
}
