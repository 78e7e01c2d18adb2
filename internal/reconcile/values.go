package reconcile

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/glue-sync/glue-sync/internal/richtext"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// scalarKinds are the kinds whose values compare as one canonical string.
func scalarKind(kind string) bool {
	switch kind {
	case spec.KindText, spec.KindTextbox, spec.KindSelect, spec.KindDate, spec.KindNumber, spec.KindPercent, spec.KindCheckbox:
		return true
	}
	return false
}

// canonWant returns a desired scalar trait's comparable form; "" means
// absent (a checkbox is never absent: unset is false).
func canonWant(kind string, tv *spec.TraitValue) string {
	if kind == spec.KindCheckbox {
		if tv != nil && !tv.Null && tv.Bool {
			return "true"
		}
		return "false"
	}
	if tv == nil || tv.Null {
		return ""
	}
	switch kind {
	case spec.KindSelect:
		return strings.TrimSpace(tv.Text)
	case spec.KindDate:
		return canonDate(tv.Text)
	case spec.KindNumber, spec.KindPercent:
		return canonNumber(tv.Text)
	case spec.KindTextbox:
		return richtext.Canonical(tv.Text)
	}
	return normText(tv.Text)
}

// canonLive returns a live scalar trait's comparable form, as canonWant.
func canonLive(kind string, raw json.RawMessage) string {
	if kind == spec.KindCheckbox {
		if b, ok := canonBool(raw); ok && b {
			return "true"
		}
		return "false"
	}
	s, ok := rawString(raw)
	if !ok {
		return ""
	}
	switch kind {
	case spec.KindSelect:
		return strings.TrimSpace(s)
	case spec.KindDate:
		if d := canonDate(s); d != "" {
			return d
		}
		return strings.TrimSpace(s)
	case spec.KindNumber, spec.KindPercent:
		if n := canonNumber(s); n != "" {
			return n
		}
		return strings.TrimSpace(s)
	case spec.KindTextbox:
		return richtext.Canonical(s)
	}
	return normText(s)
}

// liveIsWantText reports whether canonLive(kind, raw) is w, the
// canonWant of tv, without computing it: raw is the desired text as
// written (a JSON string of it without escapes, or the bare text), so
// both sides canonicalise the same string. Date, Number and Percent
// qualify only when w is not "" (canonLive then falls back to the
// trimmed text); Checkbox never. Most traits of an unchanged asset take
// this path, which skips a copy of the live value and its
// canonicalisation (richtext.Canonical for a Textbox).
func liveIsWantText(kind string, tv *spec.TraitValue, raw json.RawMessage, w string) bool {
	switch kind {
	case spec.KindCheckbox:
		return false
	case spec.KindDate, spec.KindNumber, spec.KindPercent:
		if w == "" {
			return false
		}
	}
	if tv == nil || tv.Null || len(raw) == 0 || strings.IndexByte(tv.Text, '\\') >= 0 {
		return false
	}
	if n := len(raw); raw[0] == '"' {
		return n == len(tv.Text)+2 && raw[n-1] == '"' && string(raw[1:n-1]) == tv.Text
	}
	if raw[0] == '{' || raw[0] == '[' || len(bytes.TrimSpace(raw)) != len(raw) {
		return false
	}
	return string(raw) == tv.Text && tv.Text != "null"
}

// sameTextKind reports whether kind's canonical form depends on the text
// alone, so that liveIsWantText needs no canonWant (w) for it.
func sameTextKind(kind string) bool {
	return kind == spec.KindText || kind == spec.KindTextbox || kind == spec.KindSelect
}

// wantIdentityPart and liveIdentityPart are one match field's value in an
// asset's identity key.
func wantIdentityPart(kind string, tv *spec.TraitValue) string { return canonWant(kind, tv) }

func liveIdentityPart(kind string, raw json.RawMessage) string { return canonLive(kind, raw) }

// wantValue is what the plan shows and sends for a desired scalar trait.
func wantValue(kind string, tv *spec.TraitValue) json.RawMessage {
	switch kind {
	case spec.KindCheckbox:
		return jsonValue(tv != nil && !tv.Null && tv.Bool)
	case spec.KindNumber, spec.KindPercent:
		if json.Valid([]byte(tv.Text)) {
			return json.RawMessage(tv.Text)
		}
	case spec.KindDate:
		return jsonValue(canonDate(tv.Text))
	}
	return jsonValue(tv.Text)
}

// liveValue is what the plan shows of a live scalar trait (nil: absent).
func liveValue(kind string, raw json.RawMessage) json.RawMessage {
	if kind == spec.KindCheckbox {
		b, _ := canonBool(raw)
		return jsonValue(b)
	}
	s, ok := rawString(raw)
	if !ok || strings.TrimSpace(s) == "" {
		return nil
	}
	switch kind {
	case spec.KindNumber, spec.KindPercent:
		if canonNumber(s) != "" {
			return json.RawMessage(strings.TrimSpace(s))
		}
	case spec.KindDate:
		if d := canonDate(s); d != "" {
			return jsonValue(d)
		}
	}
	return jsonValue(s)
}

// uploadName reads the file name and size (-1 when not given) of a live
// Upload trait, whatever its shape: [{"file-name": ..., "size": ...}],
// {"file_name": ...} or {"name": ...}.
func uploadName(raw json.RawMessage) (string, int64) {
	var list []map[string]json.RawMessage
	var one map[string]json.RawMessage
	if json.Unmarshal(raw, &list) != nil || len(list) == 0 {
		if json.Unmarshal(raw, &one) != nil {
			s, _ := rawString(raw)
			return s, -1
		}
		list = []map[string]json.RawMessage{one}
	}
	name, size := "", int64(-1)
	for _, k := range []string{"file-name", "file_name", "name"} {
		if v, ok := list[0][k]; ok {
			name, _ = rawString(v)
			break
		}
	}
	if v, ok := list[0]["size"]; ok {
		if s, ok := rawString(v); ok {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				size = n
			}
		}
	}
	return name, size
}

// hasValue reports whether a live trait holds a value.
func hasValue(raw json.RawMessage) bool {
	s := bytes.TrimSpace(raw)
	return len(s) > 0 && !bytes.Equal(s, []byte("null")) && !bytes.Equal(s, []byte(`""`)) && !bytes.Equal(s, []byte("[]"))
}
