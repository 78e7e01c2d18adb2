package client

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// testKey is a canary: it must never appear in any output.
const testKey = "ITG.canary-key-5f1d2c0b7e"

// basePath mounts the fake API below a non-empty path so that a request
// built from an absolute path is caught.
const basePath = "/api-v9"

// setup starts a fake API and a client pointed at it.
func setup(t *testing.T, opts ...Option) (*Client, *http.ServeMux) {
	t.Helper()
	mux := http.NewServeMux()
	outer := http.NewServeMux()
	outer.Handle(basePath+"/", http.StripPrefix(basePath, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("x-api-key"); got != testKey {
			t.Errorf("%s %s: x-api-key = %q, want the test key", r.Method, r.URL.Path, got)
		}
		if r.Body != nil && r.ContentLength != 0 {
			if ct := r.Header.Get("Content-Type"); ct != mediaType {
				t.Errorf("%s %s: Content-Type = %q, want %q", r.Method, r.URL.Path, ct, mediaType)
			}
		}
		mux.ServeHTTP(w, r)
	})))
	outer.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request outside the base path: %s %s (an absolute endpoint path?)", r.Method, r.URL)
		http.Error(w, "outside base path", http.StatusBadRequest)
	})
	srv := httptest.NewServer(outer)
	t.Cleanup(srv.Close)
	all := append([]Option{WithRateLimit(0, 0, 0), WithBackoff(time.Millisecond, 4*time.Millisecond)}, opts...)
	c, err := New(Config{BaseURL: srv.URL + basePath, APIKey: testKey}, all...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c, mux
}

// reply writes a JSON:API body with a status.
func reply(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", mediaType)
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// fixture reads a file under testdata.
func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// readBody decodes a request body into a generic map.
func readBody(t *testing.T, r *http.Request) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		t.Errorf("%s %s: body is not JSON: %v", r.Method, r.URL.Path, err)
	}
	return m
}

// pages serves n objects of a type page by page like IT Glue (ids 1..n,
// string ids, meta with next-page and total-pages) and counts requests.
type pages struct {
	n         int
	kind      string
	attrs     func(id int) string
	requests  atomic.Int64
	noTotal   bool // leave total-pages out of meta
	linksOnly bool // leave meta out: only links.next says there is more
}

func (p *pages) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.requests.Add(1)
	q := r.URL.Query()
	size, _ := strconv.Atoi(q.Get("page[size]"))
	if size == 0 {
		size = 50
	}
	size = min(size, 1000)
	num, _ := strconv.Atoi(q.Get("page[number]"))
	if num == 0 {
		num = 1
	}
	total := (p.n + size - 1) / size
	var items []string
	for id := (num-1)*size + 1; id <= min(num*size, p.n); id++ {
		a := `{"name":"obj ` + strconv.Itoa(id) + `"}`
		if p.attrs != nil {
			a = p.attrs(id)
		}
		items = append(items, fmt.Sprintf(`{"id":"%d","type":%q,"attributes":%s}`, id, p.kind, a))
	}
	next := "null"
	if num < total {
		next = strconv.Itoa(num + 1)
	}
	meta := fmt.Sprintf(`"current-page":%d,"next-page":%s,"total-pages":%d,"total-count":%d`, num, next, total, p.n)
	if p.noTotal {
		meta = fmt.Sprintf(`"current-page":%d,"next-page":%s`, num, next)
	}
	if p.linksOnly {
		links := "{}"
		if num < total {
			links = fmt.Sprintf(`{"next":"http://%s%s?page%%5Bnumber%%5D=%d"}`, r.Host, r.URL.Path, num+1)
		}
		reply(w, 200, `{"data":[`+strings.Join(items, ",")+`],"links":`+links+`}`)
		return
	}
	reply(w, 200, `{"data":[`+strings.Join(items, ",")+`],"meta":{`+meta+`},"links":{}}`)
}
