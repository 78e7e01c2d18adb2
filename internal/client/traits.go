package client

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"unsafe"
)

// Traits are a flexible asset's trait values keyed by field name-key, each
// kept as the raw JSON the API sent (scalars, or an expanded Tag object
// {"type": ..., "values": [{"id": ..., ...}]}). Raw JSON keeps large ids
// and exact numbers intact.
//
// A Traits is one compact value, not a map: an account's live assets are
// read all at once (100,000 of them, say), and a map per asset cost them
// about four times the bytes of their traits plus the allocations and the
// garbage collector's work. Its members are kept sorted by key, each key
// once, as one byte slice: for each member the key's length (uvarint),
// the key, the value's length (uvarint) and the value's raw bytes. The
// zero value has no traits. A Traits is never changed after it is made;
// the values Get and All return share its bytes (each with its capacity
// ending at its length, so an append copies) and must not be modified.
type Traits struct {
	b []byte
}

// TraitsOf returns the traits of m, each value copied as given (an empty
// or nil one reads back empty).
func TraitsOf(m map[string]json.RawMessage) Traits {
	if len(m) == 0 {
		return Traits{}
	}
	keys := make([]string, 0, len(m))
	n := 0
	for k, v := range m {
		keys = append(keys, k)
		n += memberSize(len(k), len(v))
	}
	slices.Sort(keys)
	b := make([]byte, 0, n)
	for _, k := range keys {
		b = appendMember(b, k, m[k])
	}
	return Traits{b: b}
}

// memberSize is the encoded size of a member with a key of k bytes and a
// value of v bytes.
func memberSize(k, v int) int {
	return uvarintLen(k) + k + uvarintLen(v) + v
}

// uvarintLen is the length of n as a uvarint.
func uvarintLen(n int) int {
	l := 1
	for ; n >= 0x80; n >>= 7 {
		l++
	}
	return l
}

// appendMember appends a member's encoding to b.
func appendMember[K ~string | ~[]byte](b []byte, key K, v []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(key)))
	b = append(b, key...)
	b = binary.AppendUvarint(b, uint64(len(v)))
	return append(b, v...)
}

// next decodes the member at b[i:]: its key, its value and where the next
// one starts. The key is a string over t's bytes, made without a copy:
// they are never changed (and the values that share t's bytes, which
// callers must not change either, are not the keys').
func (t Traits) next(i int) (key string, v json.RawMessage, end int) {
	b := t.b
	kl, n := binary.Uvarint(b[i:])
	i += n
	if kl > 0 {
		key = unsafe.String(&b[i], int(kl))
	}
	i += int(kl)
	vl, n := binary.Uvarint(b[i:])
	i += n
	end = i + int(vl)
	return key, json.RawMessage(b[i:end:end]), end
}

// Get returns the raw value of the trait key; ok is false when the
// traits have no such key.
func (t Traits) Get(key string) (v json.RawMessage, ok bool) {
	for i := 0; i < len(t.b); {
		k, v, end := t.next(i)
		switch {
		case k == key:
			return v, true
		case k > key:
			return nil, false // the keys are sorted
		}
		i = end
	}
	return nil, false
}

// Value returns the raw value of the trait key, nil when there is none.
func (t Traits) Value(key string) json.RawMessage {
	v, _ := t.Get(key)
	return v
}

// Has reports whether the traits hold the key.
func (t Traits) Has(key string) bool {
	_, ok := t.Get(key)
	return ok
}

// Len is the number of traits.
func (t Traits) Len() int {
	n := 0
	for i := 0; i < len(t.b); n++ {
		_, _, i = t.next(i)
	}
	return n
}

// All yields the traits in order of key.
func (t Traits) All() iter.Seq2[string, json.RawMessage] {
	return func(yield func(string, json.RawMessage) bool) {
		for i := 0; i < len(t.b); {
			k, v, end := t.next(i)
			if !yield(k, v) {
				return
			}
			i = end
		}
	}
}

// Keys returns the keys in order.
func (t Traits) Keys() []string {
	var keys []string
	for i := 0; i < len(t.b); {
		k, _, end := t.next(i)
		keys = append(keys, k)
		i = end
	}
	return keys
}

// Map returns the traits as a new map (nil when there are none).
func (t Traits) Map() map[string]json.RawMessage {
	if len(t.b) == 0 {
		return nil
	}
	m := map[string]json.RawMessage{}
	for k, v := range t.All() {
		m[k] = v
	}
	return m
}

// With returns a copy of t with the trait key set to v (t is left as it
// is).
func (t Traits) With(key string, v json.RawMessage) Traits {
	m := t.Map()
	if m == nil {
		m = map[string]json.RawMessage{}
	}
	m[key] = v
	return TraitsOf(m)
}

// Without returns a copy of t without the trait key (t is left as it
// is).
func (t Traits) Without(key string) Traits {
	m := t.Map()
	delete(m, key)
	return TraitsOf(m)
}

// Equal reports whether t and u hold the same keys with the same raw
// values, byte for byte (go-cmp uses it too).
func (t Traits) Equal(u Traits) bool {
	return bytes.Equal(t.b, u.b)
}

// MarshalJSON encodes the traits as the JSON object a map of them
// encodes to.
func (t Traits) MarshalJSON() ([]byte, error) {
	m := t.Map()
	if m == nil {
		m = map[string]json.RawMessage{}
	}
	return json.Marshal(m)
}

// Format prints the traits as the JSON object they encode to, whatever
// the verb (test failures and debugging show them readably).
func (t Traits) Format(f fmt.State, _ rune) {
	b, err := t.MarshalJSON()
	if err != nil { // a value that is not JSON (only TraitsOf can make one)
		m := map[string]string{}
		for k, v := range t.All() {
			m[k] = string(v)
		}
		fmt.Fprint(f, m)
		return
	}
	f.Write(b)
}

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
	out := make(map[string]any, t.Len())
	for k, v := range t.All() {
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
	if v, present := t.Get(key); present && json.Unmarshal(v, &s) == nil && len(bytes.TrimSpace(v)) > 0 && bytes.TrimSpace(v)[0] == '"' {
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
