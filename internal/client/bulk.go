package client

import (
	"bytes"
	"encoding/json"
	"strings"
)

// bulkEnvelope is the size of `{"data":[` plus `]}`.
const bulkEnvelope = len(`{"data":[]}`)

// encodeItems encodes each resource of a bulk request on its own, so that
// the batches can be sized by bytes.
func encodeItems(items []writeResource) ([]json.RawMessage, error) {
	out := make([]json.RawMessage, len(items))
	for i, it := range items {
		b, err := marshal(it)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

// batches splits encoded items into groups of at most c.bulkSize whose
// request body stays within c.maxBody. A single item too large on its own
// is refused with a *RequestTooLargeError.
func (c *Client) batches(method, path string, items []json.RawMessage) ([][]json.RawMessage, error) {
	var out [][]json.RawMessage
	var cur []json.RawMessage
	size := bulkEnvelope
	for _, it := range items {
		if bulkEnvelope+len(it) > c.maxBody {
			return nil, &RequestTooLargeError{Method: method, Path: "/" + strings.TrimLeft(path, "/"), Size: bulkEnvelope + len(it), Limit: c.maxBody}
		}
		extra := len(it)
		if len(cur) > 0 {
			extra++ // the comma
		}
		if len(cur) == c.bulkSize || size+extra > c.maxBody {
			out = append(out, cur)
			cur, size, extra = nil, bulkEnvelope, len(it)
		}
		cur = append(cur, it)
		size += extra
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out, nil
}

// bulkBody joins encoded items into {"data":[...]}.
func bulkBody(items []json.RawMessage) []byte {
	var b bytes.Buffer
	b.WriteString(`{"data":[`)
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(it)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// escapeFilter joins filter alternatives with commas, escaping commas inside
// a value as `\,` (IT Glue's rule).
func escapeFilter(values []string) string {
	esc := make([]string, len(values))
	for i, v := range values {
		esc[i] = strings.ReplaceAll(v, ",", `\,`)
	}
	return strings.Join(esc, ",")
}

// setAttr puts v into m under key when the pointer is not nil.
func setAttr[T any](m map[string]any, key string, v *T) {
	if v != nil {
		m[key] = *v
	}
}

// clearAttrs sets each named attribute to null.
func clearAttrs(m map[string]any, keys []string) {
	for _, k := range keys {
		m[k] = nil
	}
}
