package sandbox_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

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
		t.Fatalf("status = %d; want %d\n%s", r.status, want, r.raw)
	}
	return r
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
