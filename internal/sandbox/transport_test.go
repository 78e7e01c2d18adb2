package sandbox_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/sandbox"
)

func TestAuth(t *testing.T) {
	a := testAccount(t)
	for _, tc := range []struct {
		name    string
		headers map[string]string
		status  int
	}{
		{"missing key", map[string]string{}, 401},
		{"wrong key", map[string]string{"x-api-key": "ITG.not-the-key"}, 401},
		{"right key", map[string]string{"x-api-key": a.sb.Key}, 200},
		{"header name is case-insensitive", map[string]string{"X-Api-Key": a.sb.Key}, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := a.send("GET", "/organizations", nil, tc.headers)
			if r.status != tc.status {
				t.Fatalf("status %d; want %d: %s", r.status, tc.status, r.short())
			}
			if tc.status == 401 {
				if got := r.str("errors.0.title"); got != "Unauthorized" {
					t.Errorf("title = %q; want Unauthorized", got)
				}
				if got := r.str("errors.0.status"); got != "401" {
					t.Errorf("errors[0].status = %s; want the number 401", got)
				}
				if strings.Contains(string(r.raw), "ITG.") {
					t.Errorf("the answer echoes a key: %s", r.short())
				}
			}
		})
	}
}

func TestNewNeedsKey(t *testing.T) {
	if _, err := sandbox.New(sandbox.Options{}); err == nil {
		t.Fatal("New with no key succeeded")
	}
	if _, err := sandbox.New(sandbox.Options{APIKey: "k", Faults: sandbox.Faults{DropRate: 2}}); err == nil {
		t.Fatal("New with a fault rate of 2 succeeded")
	}
}

func TestTransportErrors(t *testing.T) {
	a := testAccount(t)
	org := `{"data":{"type":"organizations","attributes":{"name":"X"}}}`
	key := a.sb.Key
	for _, tc := range []struct {
		name    string
		method  string
		path    string
		body    string
		headers map[string]string
		status  int
		want    string
	}{
		{"unknown route", "GET", "/nothing-here", "", nil, 404, "no route"},
		{"hyphenated route is not served", "GET", "/flexible-asset-types", "", nil, 404, "no route"},
		{"unknown id", "GET", "/organizations/999999", "", nil, 404, "no organization with id 999999"},
		{"id of another kind", "GET", "/organizations/33", "", nil, 404, "no organization"},
		{"non-numeric id", "GET", "/organizations/abc", "", nil, 400, `"abc"`},
		{"wrong method", "DELETE", "/organizations/2", "", nil, 405, "allowed: GET, PATCH"},
		{"no delete of types", "DELETE", "/flexible_asset_types/33", "", nil, 405, "DELETE is not allowed"},
		{"no delete of org types", "DELETE", "/organization_types/1", "", nil, 405, "DELETE is not allowed"},
		{"json content type", "POST", "/organizations", org, map[string]string{"Content-Type": "application/json"}, 415, "application/vnd.api+json"},
		{"no content type", "POST", "/organizations", org, map[string]string{"Content-Type": ""}, 415, "application/vnd.api+json"},
		{"charset is fine", "POST", "/organizations", org, map[string]string{"Content-Type": "application/vnd.api+json; charset=utf-8"}, 201, ""},
		{"GET with the content type", "GET", "/organizations", "", map[string]string{"Content-Type": "application/vnd.api+json"}, 200, ""},
		{"GET with another content type and no body", "GET", "/organizations", "", map[string]string{"Content-Type": "text/plain"}, 200, ""},
		{"malformed JSON", "POST", "/organizations", `{"data":`, nil, 400, "malformed JSON"},
		{"trailing garbage", "POST", "/organizations", org + "x", nil, 400, "malformed JSON"},
		{"double-encoded", "POST", "/organizations", `"{\"data\":{}}"`, nil, 400, "encoded twice"},
		{"no data", "POST", "/organizations", `{"meta":{}}`, nil, 400, `no "data"`},
		{"empty body", "POST", "/organizations", " ", nil, 400, "body is required"},
		{"attributes not an object", "POST", "/organizations", `{"data":{"attributes":[1]}}`, nil, 400, "attributes must be an object"},
		{"wrong type", "POST", "/organizations", `{"data":{"type":"organization","attributes":{"name":"x"}}}`, nil, 422, `type must be "organizations"`},
		{"snake type", "POST", "/organization_types", `{"data":{"type":"organization_types","attributes":{"name":"x"}}}`, nil, 201, ""},
		{"array on a single route", "POST", "/organizations", `{"data":[{"attributes":{"name":"x"}}]}`, nil, 400, "single object"},
		{"bad query", "GET", "/organizations?page[size]=%zz", "", nil, 400, "malformed query"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{"x-api-key": key, "Content-Type": "application/vnd.api+json"}
			for k, v := range tc.headers {
				if v == "" {
					delete(h, k)
				} else {
					h[k] = v
				}
			}
			var body any
			if tc.body != "" {
				body = tc.body
			}
			before := a.snapshot()
			r := a.send(tc.method, tc.path, body, h)
			if r.status != tc.status {
				t.Fatalf("status %d; want %d: %s", r.status, tc.status, r.short())
			}
			if r.status >= 400 {
				if !strings.Contains(r.errorText(), tc.want) {
					t.Errorf("errors %q; want them to mention %q", r.errorText(), tc.want)
				}
				if a.snapshot() != before {
					t.Errorf("a failed request changed the account")
				}
			}
			if r.status == 405 && r.header.Get("Allow") == "" {
				t.Errorf("405 without an Allow header")
			}
			if ct := r.header.Get("Content-Type"); ct != "application/vnd.api+json" {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
}

func TestBodyLimit(t *testing.T) {
	a := newAPI(t, func(o *sandbox.Options) { o.MaxBodyBytes = 1024 })
	big := `{"data":{"type":"organizations","attributes":{"name":"` + strings.Repeat("x", 2000) + `"}}}`
	r := a.do("POST", "/organizations", big)
	if r.status != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d; want 413: %s", r.status, r.short())
	}
	if !strings.Contains(r.errorText(), "1024 bytes") {
		t.Errorf("errors %q; want the limit named", r.errorText())
	}
	if n := len(a.do("GET", "/organizations", nil).list()); n != 0 {
		t.Errorf("an oversized POST stored %d organizations", n)
	}
	a.do("POST", "/organizations", `{"data":{"type":"organizations","attributes":{"name":"small"}}}`).must(t, 201)
}

// TestDefaultBodyLimit checks the 10 MB default without a custom option:
// a body announced one byte over 10 MiB is refused with 413 naming the
// limit, one of exactly 10 MiB is not. The limit is checked against the
// Content-Length first, so the requests (served in-process) announce the
// length without carrying megabytes; TestBodyLimit sends real oversized
// bodies to a small limit.
func TestDefaultBodyLimit(t *testing.T) {
	srv, err := sandbox.New(sandbox.Options{APIKey: "ITG.k"})
	if err != nil {
		t.Fatal(err)
	}
	post := func(announced int64) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/organizations", strings.NewReader(`{"data":{"type":"organizations","attributes":{"name":"x"}}}`))
		req.ContentLength = announced
		req.Header.Set("x-api-key", "ITG.k")
		req.Header.Set("Content-Type", "application/vnd.api+json")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		return rec
	}
	if rec := post(10<<20 + 1); rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "10485760 bytes") {
		t.Errorf("10 MiB + 1: %d %s; want 413 naming 10485760 bytes", rec.Code, rec.Body)
	}
	if rec := post(10 << 20); rec.Code != http.StatusCreated {
		t.Errorf("10 MiB: %d %s; want 201", rec.Code, rec.Body)
	}
}
