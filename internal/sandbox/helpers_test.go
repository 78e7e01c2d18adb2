package sandbox_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/sandbox"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

// api sends requests to a sandbox the way a client would.
type api struct {
	t  testing.TB
	sb *sandboxtest.Sandbox
}

func newAPI(t testing.TB, opts ...func(*sandbox.Options)) *api {
	t.Helper()
	return &api{t: t, sb: sandboxtest.Start(t, opts...)}
}

// reply is a decoded answer.
type reply struct {
	status int
	header http.Header
	raw    []byte
	doc    map[string]any
}

// do sends body (a string is sent as is, anything else JSON-encoded) with
// the JSON:API content type and the sandbox's key.
func (a *api) do(method, path string, body any) reply {
	a.t.Helper()
	return a.send(method, path, body, map[string]string{"Content-Type": "application/vnd.api+json", "x-api-key": a.sb.Key})
}

func (a *api) send(method, path string, body any, headers map[string]string) reply {
	a.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			a.t.Fatalf("encoding request: %v", err)
		}
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequest(method, a.sb.URL+path, rd)
	if err != nil {
		a.t.Fatalf("building request: %v", err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		a.t.Fatalf("%s %s: reading answer: %v", method, path, err)
	}
	r := reply{status: resp.StatusCode, header: resp.Header, raw: raw}
	if len(raw) > 0 {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&r.doc); err != nil {
			a.t.Fatalf("%s %s: answer is not JSON: %v\n%s", method, path, err, raw)
		}
	}
	return r
}

// must fails the test unless the answer has status want.
func (r reply) must(t testing.TB, want int) reply {
	t.Helper()
	if r.status != want {
		t.Fatalf("status = %d; want %d\n%s", r.status, want, r.short())
	}
	return r
}

// short is the raw answer cut to a readable length for failure messages.
func (r reply) short() string {
	if len(r.raw) > 2000 {
		return string(r.raw[:2000]) + "..."
	}
	return string(r.raw)
}

// get walks a path of object keys and array indexes ("data.0.id").
func (r reply) get(path string) any {
	var cur any = r.doc
	for _, p := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[p]
		case []any:
			i := 0
			for _, ch := range p {
				i = i*10 + int(ch-'0')
			}
			if i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

func (r reply) str(path string) string {
	switch v := r.get(path).(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case nil:
		return "<nil>"
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

func (r reply) list() []any {
	l, _ := r.doc["data"].([]any)
	return l
}

// errorPointers lists source.pointer of each error ("" for none).
func (r reply) errorPointers() []string {
	var out []string
	errs, _ := r.doc["errors"].([]any)
	for _, e := range errs {
		m := e.(map[string]any)
		p := ""
		if src, ok := m["source"].(map[string]any); ok {
			p, _ = src["pointer"].(string)
		}
		out = append(out, p)
	}
	return out
}

// errorText joins the titles and details of the errors.
func (r reply) errorText() string {
	var b strings.Builder
	errs, _ := r.doc["errors"].([]any)
	for _, e := range errs {
		m := e.(map[string]any)
		b.WriteString(asString(m["title"]) + ": " + asString(m["detail"]) + "\n")
	}
	return b.String()
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}

// obj builds a request document with one resource.
func obj(typ string, attrs map[string]any) map[string]any {
	return map[string]any{"data": map[string]any{"type": typ, "attributes": attrs}}
}

// many builds a request document with a data array.
func many(typ string, attrs ...map[string]any) map[string]any {
	var d []any
	for _, a := range attrs {
		d = append(d, map[string]any{"type": typ, "attributes": a})
	}
	return map[string]any{"data": d}
}

// testAccount is the account most tests start from. Its objects all get
// the same timestamps, whatever the machine's load, so that time sorts
// always tie and fall back to the id; requests made by the test itself
// then follow the real clock.
func testAccount(t testing.TB) *api {
	t.Helper()
	clock := &seedClock{}
	a := newAPI(t, func(o *sandbox.Options) { o.Now = clock.Now })
	seed, err := os.ReadFile("testdata/test-account.yaml")
	if err != nil {
		t.Fatal(err)
	}
	a.sb.Seed(t, string(seed))
	clock.released.Store(true)
	return a
}

// seedClock stands at 2024-01-01 until released, then is the real clock.
type seedClock struct{ released atomic.Bool }

func (c *seedClock) Now() time.Time {
	if c.released.Load() {
		return time.Now()
	}
	return time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC)
}

// snapshot returns the whole account, to check a request changed nothing.
func (a *api) snapshot() string {
	a.t.Helper()
	var b bytes.Buffer
	if err := a.sb.Server.WriteSnapshot(&b); err != nil {
		a.t.Fatal(err)
	}
	return b.String()
}

// apiCase is one request against a fresh test account and what it must give.
type apiCase struct {
	name   string
	setup  func(a *api)
	method string
	path   string
	body   any
	status int
	// check asserts the body and the effect; optional.
	check func(t *testing.T, a *api, r reply)
}

// runCases runs each case on a fresh test account. A failed request (status
// >= 400) must leave the account exactly as it was.
func runCases(t *testing.T, cases []apiCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := testAccount(t)
			if tc.setup != nil {
				tc.setup(a)
			}
			before := a.snapshot()
			r := a.do(tc.method, tc.path, tc.body)
			if r.status != tc.status {
				t.Fatalf("%s %s: status %d; want %d\n%s", tc.method, tc.path, r.status, tc.status, r.short())
			}
			if r.status >= 400 {
				if _, ok := r.doc["errors"].([]any); !ok {
					t.Errorf("error answer has no errors array: %s", r.short())
				}
				if after := a.snapshot(); after != before {
					t.Errorf("a failed request changed the account")
				}
			}
			if ct := r.header.Get("Content-Type"); r.status != 204 && ct != "application/vnd.api+json" {
				t.Errorf("Content-Type = %q; want application/vnd.api+json", ct)
			}
			if tc.check != nil {
				tc.check(t, a, r)
			}
		})
	}
}

// wantPointers checks the errors' source pointers.
func wantPointers(ptrs ...string) func(t *testing.T, a *api, r reply) {
	return func(t *testing.T, _ *api, r reply) {
		t.Helper()
		if diff := cmp.Diff(ptrs, r.errorPointers()); diff != "" {
			t.Errorf("error pointers (-want +got):\n%s\n%s", diff, r.short())
		}
	}
}

// wantText checks that the errors mention each of subs.
func wantText(subs ...string) func(t *testing.T, a *api, r reply) {
	return func(t *testing.T, _ *api, r reply) {
		t.Helper()
		for _, s := range subs {
			if !strings.Contains(r.errorText(), s) {
				t.Errorf("errors %q do not mention %q", r.errorText(), s)
			}
		}
	}
}

// wantIDs checks the ids of a list answer, in order.
func wantIDs(ids ...string) func(t *testing.T, a *api, r reply) {
	return func(t *testing.T, _ *api, r reply) {
		t.Helper()
		var got []string
		for i := range r.list() {
			got = append(got, r.str("data."+itoa(i)+".id"))
		}
		if diff := cmp.Diff(ids, got); diff != "" {
			t.Errorf("ids (-want +got):\n%s", diff)
		}
	}
}

// wantValues checks values at paths of the answer.
func wantValues(m map[string]string) func(t *testing.T, a *api, r reply) {
	return func(t *testing.T, _ *api, r reply) {
		t.Helper()
		for p, want := range m {
			if got := r.str(p); got != want {
				t.Errorf("%s = %q; want %q", p, got, want)
			}
		}
	}
}

// all combines checks.
func all(checks ...func(t *testing.T, a *api, r reply)) func(t *testing.T, a *api, r reply) {
	return func(t *testing.T, a *api, r reply) {
		t.Helper()
		for _, c := range checks {
			c(t, a, r)
		}
	}
}
