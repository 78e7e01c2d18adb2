package sandbox

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// kebab turns a snake_case key into the kebab-case the API answers in.
func kebab(s string) string { return strings.ReplaceAll(s, "_", "-") }

// resourceIn is one element of a request's data, with its keys in kebab-case.
type resourceIn struct {
	typ   string
	id    *int64
	attrs map[string]any
	rels  map[string]any
	ptr   string // JSON pointer of this element: "/data" or "/data/3"
}

// document is a decoded request body.
type document struct {
	items   []resourceIn
	isArray bool
}

// parseDocument decodes a JSON:API request body. wantType is the resource
// type (kebab plural) the route expects.
func parseDocument(body []byte, wantType string) (*document, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, badRequest("a request body is required: {\"data\": {\"type\": %q, \"attributes\": {...}}}", wantType)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var top any
	if err := dec.Decode(&top); err != nil {
		return nil, badRequest("malformed JSON in the request body: %v", err)
	}
	if dec.More() {
		return nil, badRequest("malformed JSON in the request body: more than one JSON value")
	}
	obj, ok := top.(map[string]any)
	if !ok {
		if _, isStr := top.(string); isStr {
			return nil, badRequest("the request body is a JSON string, not an object: was it encoded twice?")
		}
		return nil, badRequest("the request body must be a JSON object with a \"data\" member")
	}
	data, ok := obj["data"]
	if !ok || data == nil {
		return nil, badRequest("the request body has no \"data\" member")
	}
	doc := &document{}
	switch d := data.(type) {
	case map[string]any:
		it, err := parseResource(d, "/data", wantType)
		if err != nil {
			return nil, err
		}
		doc.items = []resourceIn{it}
	case []any:
		doc.isArray = true
		for i, e := range d {
			m, ok := e.(map[string]any)
			ptr := "/data/" + strconv.Itoa(i)
			if !ok {
				return nil, errorf(400, ptr, "each element of data must be an object")
			}
			it, err := parseResource(m, ptr, wantType)
			if err != nil {
				return nil, err
			}
			doc.items = append(doc.items, it)
		}
		if len(doc.items) == 0 {
			return nil, errorf(422, "/data", "data is an empty array")
		}
	default:
		return nil, errorf(400, "/data", "data must be an object or an array of objects")
	}
	return doc, nil
}

func parseResource(m map[string]any, ptr, wantType string) (resourceIn, error) {
	it := resourceIn{ptr: ptr, attrs: map[string]any{}, rels: map[string]any{}}
	if t, ok := m["type"]; ok && t != nil {
		ts, isStr := t.(string)
		if !isStr || kebab(ts) != wantType {
			return it, errorf(422, ptr+"/type", "type must be %q (or %q), not %v", wantType, strings.ReplaceAll(wantType, "-", "_"), t)
		}
		it.typ = kebab(ts)
	}
	if v, ok := m["id"]; ok && v != nil {
		n, ok := parseID(v)
		if !ok {
			return it, errorf(422, ptr+"/id", "id %v is not a valid id", v)
		}
		it.id = &n
	}
	if a, ok := m["attributes"]; ok && a != nil {
		am, isObj := a.(map[string]any)
		if !isObj {
			return it, errorf(400, ptr+"/attributes", "attributes must be an object")
		}
		for k, v := range am {
			it.attrs[kebab(k)] = v
		}
	}
	if r, ok := m["relationships"]; ok && r != nil {
		rm, isObj := r.(map[string]any)
		if !isObj {
			return it, errorf(400, ptr+"/relationships", "relationships must be an object")
		}
		for k, v := range rm {
			it.rels[kebab(k)] = v
		}
	}
	return it, nil
}

// parseSingle decodes a request body that must hold one resource object.
func parseSingle(body []byte, wantType string) (resourceIn, error) {
	doc, err := parseDocument(body, wantType)
	if err != nil {
		return resourceIn{}, err
	}
	return doc.single()
}

// parseUpdate decodes the body of PATCH /route/:id: one resource object
// whose data.id, when sent, is the id in the URL. A body naming another
// object is refused (409, as JSON:API asks) rather than applied to the
// URL's object.
func parseUpdate(body []byte, wantType string, urlID int64) (resourceIn, error) {
	it, err := parseSingle(body, wantType)
	if err != nil {
		return it, err
	}
	if it.id != nil && *it.id != urlID {
		return it, errorf(409, it.ptr+"/id", "data.id %d is not the id in the URL (%d): a PATCH updates the object its URL names", *it.id, urlID)
	}
	return it, nil
}

// single returns the one resource of a document that must not be an array.
func (d *document) single() (resourceIn, error) {
	if d.isArray {
		return resourceIn{}, errorf(400, "/data", "this route takes a single object in data, not an array (bulk requests have their own routes)")
	}
	return d.items[0], nil
}

// parseID reads an id sent as a JSON number or a numeric string.
func parseID(v any) (int64, bool) {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	case float64:
		if x != float64(int64(x)) {
			return 0, false
		}
		return int64(x), x > 0
	case int64:
		return x, x > 0
	case int:
		return int64(x), x > 0
	default:
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}

// resourceOut is one resource in an answer.
type resourceOut struct {
	ID            string         `json:"id"`
	Type          string         `json:"type"`
	Attributes    any            `json:"attributes"`
	Relationships map[string]any `json:"relationships,omitempty"`
}

type oneDoc struct {
	Data     resourceOut `json:"data"`
	Included []any       `json:"included,omitempty"`
}

type manyDoc struct {
	Data     []resourceOut `json:"data"`
	Meta     *listMeta     `json:"meta,omitempty"`
	Links    any           `json:"links,omitempty"` // a map on lists ({} on a single page); nil on bulk answers
	Included []any         `json:"included,omitempty"`
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// stamp formats a timestamp the way the API does: RFC 3339 UTC with milliseconds.
func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
