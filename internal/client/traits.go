package client

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Traits are a flexible asset's trait values keyed by field name-key, each
// kept as the raw JSON the API sent (scalars, or an expanded Tag object
// {"type": ..., "values": [{"id": ..., ...}]}). Raw JSON keeps large ids
// and exact numbers intact.
type Traits map[string]json.RawMessage

// TagIDs returns the ids of a Tag trait in any shape the API uses: the
// expanded read shape, an array of ids (numbers or strings) or a single id.
// ok is false when the value is not a tag reference (a plain string, say).
func TagIDs(raw json.RawMessage) (ids []int64, ok bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, jsonNull) {
		return nil, false
	}
	switch raw[0] {
	case '{':
		var tag struct {
			Values *[]struct {
				ID flexInt `json:"id"`
			} `json:"values"`
		}
		if json.Unmarshal(raw, &tag) != nil || tag.Values == nil {
			return nil, false
		}
		ids = make([]int64, len(*tag.Values))
		for i, v := range *tag.Values {
			ids[i] = int64(v.ID)
		}
		return ids, true
	case '[':
		var list flexIDs
		if json.Unmarshal(raw, &list) != nil {
			return nil, false
		}
		return []int64(list), true
	}
	n, err := parseFlexInt(raw)
	if err != nil || raw[0] == '"' && n == 0 {
		return nil, false
	}
	return []int64{n}, true
}

// IsExpandedTag reports whether raw is the expanded Tag read shape.
func IsExpandedTag(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return false
	}
	var tag struct {
		Values json.RawMessage `json:"values"`
	}
	return json.Unmarshal(raw, &tag) == nil && len(tag.Values) > 0 && tag.Values[0] == '['
}

// WriteShape returns the traits in the shape a write accepts: expanded Tag
// values collapsed to id lists, everything else unchanged. Use it to send
// back traits the caller does not manage (a PATCH replaces all traits).
// It cannot know field kinds: a Password trait reads as the id of the
// embedded password and an Upload trait as whatever the API lists, and
// neither is a documented write value, so a caller that knows the kinds
// must decide what to send for them.
func (t Traits) WriteShape() map[string]any {
	out := make(map[string]any, len(t))
	for k, v := range t {
		if IsExpandedTag(v) {
			ids, _ := TagIDs(v)
			out[k] = ids
			continue
		}
		out[k] = v
	}
	return out
}

// String returns a trait decoded as a string; ok is false when it is
// missing or not a string.
func (t Traits) String(key string) (string, bool) {
	var s string
	if v, present := t[key]; present && json.Unmarshal(v, &s) == nil && len(bytes.TrimSpace(v)) > 0 && bytes.TrimSpace(v)[0] == '"' {
		return s, true
	}
	return "", false
}

// checkTraits rejects values that cannot be encoded before any request.
func checkTraits(tr map[string]any) error {
	for k, v := range tr {
		if raw, ok := v.(json.RawMessage); ok && !json.Valid(raw) {
			return fmt.Errorf("trait %q: invalid JSON value", k)
		}
	}
	return nil
}
