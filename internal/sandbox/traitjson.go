package sandbox

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// traitsJSON is an asset's traits as answered, sorted by name-key (the
// order encoding/json gives a map). It encodes itself: through a map,
// encoding/json spends several allocations per entry, which made them most
// of the cost of listing 1,000 assets.
type traitsJSON []traitJSON

// traitJSON is one rendered trait: lit is a string value (quoted when
// encoded) or, when raw, a JSON literal (number, boolean, id); other holds
// a structured value (an expanded Tag, an Upload) for encoding/json.
type traitJSON struct {
	key   string
	lit   string
	raw   bool
	other any
}

// MarshalJSON encodes the traits as one JSON object.
func (ts traitsJSON) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 2+32*len(ts))
	b = append(b, '{')
	for i, t := range ts {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, t.key)
		b = append(b, ':')
		switch {
		case t.other != nil:
			enc, err := json.Marshal(t.other)
			if err != nil {
				return nil, err
			}
			b = append(b, enc...)
		case t.raw:
			b = append(b, t.lit...)
		default:
			b = appendJSONString(b, t.lit)
		}
	}
	return append(b, '}'), nil
}

// sortTraits orders ts by key.
func sortTraits(ts traitsJSON) {
	slices.SortFunc(ts, func(a, b traitJSON) int { return strings.Compare(a.key, b.key) })
}

// appendJSONString appends s as a JSON string. Plain printable ASCII (most
// values) is copied as is; anything else goes through encoding/json, which
// knows every escaping rule.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			enc, _ := json.Marshal(s) // a string always encodes
			return append(b, enc...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// traitJSONOf renders a stored trait; Tags are expanded, Passwords are the
// id of the embedded password. ok is false for a value that has become empty.
func (st *store) traitJSONOf(key string, f *field, t trait) (traitJSON, bool) {
	out := traitJSON{key: key}
	switch f.Kind {
	case "Number", "Percent":
		out.lit, out.raw = t.Number, true
		return out, t.Number != ""
	case "Checkbox":
		if t.Bool == nil {
			return out, false
		}
		out.lit, out.raw = strconv.FormatBool(*t.Bool), true
		return out, true
	case "Password":
		if len(t.IDs) == 0 {
			return out, false
		}
		out.lit, out.raw = idString(t.IDs[0]), true
		return out, true
	case "Upload":
		if t.File == nil {
			return out, false
		}
		out.other = []map[string]any{{"file-name": t.File.Name, "size": t.File.Size}}
		return out, true
	case "Tag":
		v, ok := st.expandTag(deref(f.TagType), t.IDs)
		out.other = v
		return out, ok
	}
	out.lit = t.Text
	return out, t.Text != ""
}
