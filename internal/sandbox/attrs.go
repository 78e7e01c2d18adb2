package sandbox

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// strAttr and boolAttr pair an attribute key with where its value goes, in
// a fixed order so that errors are reported deterministically.
type strAttr struct {
	key string
	dst **string
}

type boolAttr struct {
	key string
	dst *bool
}

// attrReader reads typed attributes, recording every problem.
type attrReader struct {
	m      map[string]any
	ptr    string // e.g. "/data/attributes"
	p      *problems
	failed map[string]bool // keys already reported
}

func (it resourceIn) reader(p *problems) *attrReader {
	return &attrReader{m: it.attrs, ptr: it.ptr + "/attributes", p: p}
}

func (a *attrReader) has(k string) bool { _, ok := a.m[k]; return ok }

func (a *attrReader) bad(k, format string, args ...any) {
	if a.failed[k] {
		return
	}
	if a.failed == nil {
		a.failed = map[string]bool{}
	}
	a.failed[k] = true
	a.p.add(a.ptr+"/"+k, format, args...)
}

// str reads a string attribute; set reports presence, v is nil for null.
func (a *attrReader) str(k string) (v *string, set bool) {
	raw, ok := a.m[k]
	if !ok {
		return nil, false
	}
	if raw == nil {
		return nil, true
	}
	s, isStr := raw.(string)
	if !isStr {
		a.bad(k, "%s must be a string, not %s", k, jsonKind(raw))
		return nil, false
	}
	return &s, true
}

// boolean reads true, false, 1, 0 (as JSON values or strings).
func (a *attrReader) boolean(k string) (v bool, set bool) {
	raw, ok := a.m[k]
	if !ok {
		return false, false
	}
	b, ok := parseBool(raw)
	if !ok {
		a.bad(k, "%s must be true, false, 1 or 0, not %v", k, raw)
		return false, false
	}
	return b, true
}

func parseBool(raw any) (bool, bool) {
	switch x := raw.(type) {
	case bool:
		return x, true
	case json.Number:
		switch x.String() {
		case "1":
			return true, true
		case "0":
			return false, true
		}
	case string:
		switch x {
		case "true", "1":
			return true, true
		case "false", "0":
			return false, true
		}
	}
	return false, false
}

// id reads a foreign key sent as a number or a numeric string; v is nil for null.
func (a *attrReader) id(k string) (v *int64, set bool) {
	raw, ok := a.m[k]
	if !ok {
		return nil, false
	}
	if raw == nil {
		return nil, true
	}
	n, ok := parseID(raw)
	if !ok {
		a.bad(k, "%s must be an id (a positive whole number), not %v", k, raw)
		return nil, false
	}
	return &n, true
}

// integer reads a whole number (or a numeric string); v is nil for null.
func (a *attrReader) integer(k string) (v *int64, set bool) {
	raw, ok := a.m[k]
	if !ok {
		return nil, false
	}
	if raw == nil {
		return nil, true
	}
	var s string
	switch x := raw.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = x
	default:
		a.bad(k, "%s must be a whole number, not %s", k, jsonKind(raw))
		return nil, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		a.bad(k, "%s must be a whole number, not %v", k, raw)
		return nil, false
	}
	return &n, true
}

// jsonKind names the JSON type of a decoded value for error messages.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
