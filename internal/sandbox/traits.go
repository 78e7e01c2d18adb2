package sandbox

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// jsonNumber is the JSON number grammar (RFC 8259).
var jsonNumber = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`) })

// pendingPassword is a Password trait whose embedded password is created or
// updated when the write is committed.
type pendingPassword struct {
	key    string
	field  *field
	reuse  int64  // an existing embedded password to update, or 0
	secret string // the value written
}

// traitSet is a validated, not yet stored, set of traits.
type traitSet struct {
	traits    map[string]trait
	passwords []pendingPassword
}

var fatTagPrefix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^FlexibleAssetType: `) })

// checkTraits validates raw (the traits attribute) against the fields of a
// type, as the whole new trait set; prev is the asset being updated, or nil.
func (s *Server) checkTraits(fields []*field, raw any, prev *asset, ptr string, p *problems) traitSet {
	out := traitSet{traits: map[string]trait{}}
	m, ok := raw.(map[string]any)
	if raw != nil && !ok {
		p.add(ptr, "traits must be an object keyed by the fields' name-keys, not %s", jsonKind(raw))
		return out
	}
	byKey := make(map[string]*field, len(fields))
	keys := make([]string, 0, len(fields))
	for _, f := range fields {
		byKey[f.NameKey] = f
		keys = append(keys, f.NameKey)
	}
	failed := map[string]bool{}
	sent := make([]string, 0, len(m))
	for k := range m {
		sent = append(sent, k)
	}
	slices.Sort(sent)
	for _, k := range sent {
		f := byKey[k]
		if f == nil {
			f = byKey[kebab(k)]
		}
		kptr := ptr + "/" + escapePointer(k)
		if f == nil {
			p.add(kptr, "Request contains invalid trait keys: %q is not a field of this type (its name-keys: %s)", k, strings.Join(keys, ", "))
			continue
		}
		var prevTrait *trait
		if prev != nil {
			if t, ok := prev.Traits[f.NameKey]; ok {
				prevTrait = &t
			}
		}
		n := len(p.errs)
		t, has, pw := s.checkTrait(f, m[k], prevTrait, kptr, p)
		failed[f.NameKey] = len(p.errs) > n
		if has {
			out.traits[f.NameKey] = t
		}
		if pw != nil {
			out.passwords = append(out.passwords, *pw)
		}
	}
	for _, f := range fields {
		if _, ok := out.traits[f.NameKey]; f.Required && !ok {
			if failed[f.NameKey] || pwPending(out.passwords, f.NameKey) {
				continue
			}
			p.add(ptr+"/"+f.NameKey, "%s can't be blank (the field is required)", f.Name)
		}
	}
	return out
}

func pwPending(ps []pendingPassword, key string) bool {
	for _, p := range ps {
		if p.key == key {
			return true
		}
	}
	return false
}

// escapePointer escapes a JSON pointer token.
func escapePointer(s string) string {
	// "~" first, so that the "~1" written for "/" is not escaped again.
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// checkTrait validates one value for f; has is false for an empty value.
func (s *Server) checkTrait(f *field, v any, prev *trait, ptr string, p *problems) (t trait, has bool, pw *pendingPassword) {
	if v == nil {
		return t, false, nil
	}
	wrong := func(want string) {
		p.add(ptr, "%s is a %s field and takes %s, not %s", f.Name, f.Kind, want, jsonKind(v))
	}
	switch f.Kind {
	case "Text", "Textbox":
		str, ok := v.(string)
		if !ok {
			wrong("a string")
			return t, false, nil
		}
		if f.Kind == "Textbox" && s.pessimistic() {
			str = textboxHTML(str) // P8: stored as HTML
		}
		return trait{Text: str}, str != "", nil
	case "Select":
		str, ok := v.(string)
		if !ok {
			wrong("one of its options as a string")
			return t, false, nil
		}
		if str == "" {
			return t, false, nil
		}
		opts := selectOptions(f.DefaultValue)
		if !slices.Contains(opts, strings.TrimSpace(str)) {
			p.add(ptr, "%q is not an option of %s (options: %s)", str, f.Name, strings.Join(opts, ", "))
			return t, false, nil
		}
		return trait{Text: strings.TrimSpace(str)}, true, nil
	case "Date":
		str, ok := v.(string)
		if !ok {
			wrong("a date string (yyyy-mm-dd)")
			return t, false, nil
		}
		if str == "" {
			return t, false, nil
		}
		d, err := time.Parse("2006-01-02", str)
		if err != nil {
			d2, err2 := time.Parse(time.RFC3339, str)
			if err2 != nil {
				p.add(ptr, "%q is not a date: %s takes yyyy-mm-dd", str, f.Name)
				return t, false, nil
			}
			d = d2
		}
		return trait{Text: d.Format("2006-01-02")}, true, nil
	case "Number", "Percent":
		var num string
		switch x := v.(type) {
		case json.Number:
			num = x.String()
		case string:
			if x == "" {
				return t, false, nil
			}
			num = strings.TrimSpace(x)
		default:
			wrong("a number")
			return t, false, nil
		}
		// The value is answered as a JSON number later, so it must be one:
		// "NaN" or "Inf" (which strconv would parse) must never be stored.
		if !jsonNumber().MatchString(num) {
			p.add(ptr, "%q is not a number: %s is a %s field", num, f.Name, f.Kind)
			return t, false, nil
		}
		return trait{Number: num}, true, nil
	case "Checkbox":
		b, ok := parseBool(v)
		if !ok {
			wrong("true or false")
			return t, false, nil
		}
		return trait{Bool: &b}, true, nil
	case "Tag":
		return s.checkTag(f, v, ptr, p)
	case "Password":
		switch x := v.(type) {
		case string:
			if x == "" {
				return t, false, nil
			}
			reuse := int64(0)
			if prev != nil && len(prev.IDs) == 1 {
				reuse = prev.IDs[0]
			}
			return t, false, &pendingPassword{key: f.NameKey, field: f, reuse: reuse, secret: x}
		case json.Number:
			if s.pessimistic() {
				// P1: nothing documents a number as "keep the password":
				// the number becomes the new password.
				reuse := int64(0)
				if prev != nil && len(prev.IDs) == 1 {
					reuse = prev.IDs[0]
				}
				return t, false, &pendingPassword{key: f.NameKey, field: f, reuse: reuse, secret: x.String()}
			}
			// The id read back from GET, sent again: keep the password as is.
			if id, ok := parseID(x); ok && prev != nil && len(prev.IDs) == 1 && prev.IDs[0] == id {
				return *prev, true, nil
			}
			p.add(ptr, "%s is a Password field: send the password as a string (a number is only accepted when it is the id read back for this trait)", f.Name)
			return t, false, nil
		default:
			wrong("the password as a string")
			return t, false, nil
		}
	case "Upload":
		m, ok := v.(map[string]any)
		if !ok {
			wrong(`an object {"content": "<base64>", "file_name": "..."}`)
			return t, false, nil
		}
		content, _ := m["content"].(string)
		name, _ := m["file_name"].(string)
		if name == "" {
			name, _ = m["file-name"].(string)
		}
		raw, err := base64.StdEncoding.Strict().DecodeString(content)
		if err != nil || name == "" {
			p.add(ptr, "%s is an Upload field: send {\"content\": strict base64, \"file_name\": a name}", f.Name)
			return t, false, nil
		}
		return trait{File: &upload{Name: name, Size: len(raw)}}, true, nil
	case "Header":
		p.add(ptr, "%s is a Header field and holds no value", f.Name)
	}
	return t, false, nil
}

// checkTag reads a Tag value: one id or a list of ids (numbers or numeric
// strings), each of the field's tag type.
func (s *Server) checkTag(f *field, v any, ptr string, p *problems) (trait, bool, *pendingPassword) {
	var raws []any
	switch x := v.(type) {
	case []any:
		raws = x
	case map[string]any:
		p.add(ptr, "%s is a Tag field: write an id or a list of ids, not the {type, values} shape read back by GET", f.Name)
		return trait{}, false, nil
	default:
		raws = []any{x}
	}
	var ids []int64
	for i, r := range raws {
		id, ok := parseID(r)
		eptr := ptr
		if _, isList := v.([]any); isList {
			eptr = ptr + "/" + strconv.Itoa(i)
		}
		if !ok {
			p.add(eptr, "%s is a Tag field and takes ids (numbers or numeric strings), not %v", f.Name, r)
			continue
		}
		if msg := s.st.tagProblem(deref(f.TagType), id); msg != "" {
			p.add(eptr, "%s: %s", f.Name, msg)
			continue
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return trait{IDs: ids}, len(ids) > 0, nil
}

// tagProblem says why id cannot be tagged by a field of tagType, or "".
func (st *store) tagProblem(tagType string, id int64) string {
	if tagType == "Organizations" {
		if st.Orgs[id] == nil {
			return fmt.Sprintf("no organization with id %d", id)
		}
		return ""
	}
	if fatTagPrefix().MatchString(tagType) {
		tid, _ := strconv.ParseInt(fatTagPrefix().ReplaceAllString(tagType, ""), 10, 64)
		a := st.Assets[id]
		if a == nil || a.TypeID != tid {
			return fmt.Sprintf("no flexible asset of type %d with id %d", tid, id)
		}
		return ""
	}
	k := targetKindByTag(tagType)
	if k == nil {
		return fmt.Sprintf("the sandbox holds no %s to tag", tagType)
	}
	t := st.Targets[id]
	if t == nil || t.Kind != k.path {
		return fmt.Sprintf("no %s with id %d", tagType, id)
	}
	return ""
}
