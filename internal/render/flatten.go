package render

import (
	"bytes"
	"encoding/json"
	"slices"
)

// leaf is one displayed attribute difference after flattening.
type leaf struct {
	path          string
	before, after json.RawMessage
}

// maxFlattenDepth bounds how deep nested objects are expanded.
const maxFlattenDepth = 3

// flatten expands a diff whose values are JSON objects (a field nested in
// a type create, say) into one leaf per key, "path.key", leaving out keys
// whose values are equal on both sides. Anything else is one leaf.
func flatten(path string, before, after json.RawMessage, depth int, out []leaf) []leaf {
	bo, bok := asObject(before)
	ao, aok := asObject(after)
	if depth >= maxFlattenDepth || !bok || !aok || (bo == nil && ao == nil) {
		return append(out, leaf{path, before, after})
	}
	keys := make([]string, 0, len(bo)+len(ao))
	for k := range bo {
		keys = append(keys, k)
	}
	for k := range ao {
		if _, dup := bo[k]; !dup {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	n := len(out)
	for _, k := range keys {
		b, a := bo[k], ao[k]
		if b != nil && a != nil && sameJSON(b, a) {
			continue
		}
		out = flatten(path+"."+k, b, a, depth+1, out)
	}
	if len(out) == n { // empty objects, or equal ones: show them whole
		out = append(out, leaf{path, before, after})
	}
	return out
}

// asObject decodes a JSON object; ok is false for any other present value.
func asObject(raw json.RawMessage) (m map[string]json.RawMessage, ok bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil, true
	}
	if raw[0] != '{' || json.Unmarshal(raw, &m) != nil {
		return nil, false
	}
	if m == nil {
		m = map[string]json.RawMessage{}
	}
	return m, true
}

// sameJSON reports whether two JSON values are equal up to whitespace.
func sameJSON(a, b json.RawMessage) bool {
	var ca, cb bytes.Buffer
	if json.Compact(&ca, a) != nil || json.Compact(&cb, b) != nil {
		return bytes.Equal(a, b)
	}
	return bytes.Equal(ca.Bytes(), cb.Bytes())
}
