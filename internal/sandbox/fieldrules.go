package sandbox

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// fieldKinds are the kinds a flexible asset field can have.
var fieldKinds = []string{"Checkbox", "Date", "Header", "Number", "Select", "Text", "Textbox", "Upload", "Tag", "Percent", "Password"}

// tagTypes are the fixed Tag targets; "FlexibleAssetType: <id>" is the other form.
var tagTypes = []string{"AccountsUsers", "Checklists", "ChecklistTemplates", "Contacts", "Configurations", "Documents",
	"Domains", "Passwords", "Locations", "Organizations", "SslCertificates", "Tickets"}

var lineBreak = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\r?\n`) })

var fatTagType = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^FlexibleAssetType: ([0-9]+)$`) })

// titleKinds are the kinds whose values can build an asset's name.
func titleKind(kind string) bool { return kind == "Text" || kind == "Select" || kind == "Date" }

// parameterize derives a name-key: lowercase ASCII letters and digits kept,
// every run of anything else becomes one "-", and the ends are trimmed.
func parameterize(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	if b.Len() == 0 {
		return "field"
	}
	return b.String()
}

// uniqueNameKey returns base, or base-2, base-3, ... the first not in taken.
func uniqueNameKey(base string, taken map[string]bool) string {
	if !taken[base] {
		return base
	}
	for i := 2; ; i++ {
		k := base + "-" + strconv.Itoa(i)
		if !taken[k] {
			return k
		}
	}
}

// selectOptions splits a Select field's default-value into its options.
func selectOptions(dv *string) []string {
	if dv == nil {
		return nil
	}
	var out []string
	for _, line := range lineBreak().Split(*dv, -1) {
		if t := strings.TrimSpace(line); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// applyField writes the attributes of it onto f (a copy) and enforces the
// per-field rules; kind changes are checked by the caller, which knows
// whether traits use the field.
func (s *Server) applyField(f *field, it resourceIn, creating bool, p *problems) (orderSet bool) {
	a := it.reader(p)
	if v, set := a.str("name"); set || creating {
		if v == nil || strings.TrimSpace(*v) == "" {
			a.bad("name", "name can't be blank")
		} else {
			f.Name = *v
		}
	}
	if v, set := a.integer("order"); set {
		if v == nil || *v < 0 {
			a.bad("order", "order must be a whole number of at least 0")
		} else {
			f.Order, orderSet = *v, true
		}
	}
	if v, set := a.str("kind"); set || creating {
		switch {
		case v == nil:
			a.bad("kind", "kind can't be blank (one of %s)", strings.Join(fieldKinds, ", "))
		case !slices.Contains(fieldKinds, *v):
			a.bad("kind", "kind %q is not one of %s", *v, strings.Join(fieldKinds, ", "))
		default:
			f.Kind = *v
		}
	}
	for _, kv := range []strAttr{{"hint", &f.Hint}, {"default-value", &f.DefaultValue}, {"tag-type", &f.TagType}} {
		if v, set := a.str(kv.key); set {
			*kv.dst = v
		}
	}
	if v, set := a.integer("decimals"); set {
		if v != nil && *v < 0 {
			a.bad("decimals", "decimals must not be negative")
		}
		f.Decimals = v
	}
	for _, kv := range []boolAttr{{"required", &f.Required}, {"use-for-title", &f.UseForTitle}, {"expiration", &f.Expiration}, {"show-in-list", &f.ShowInList}} {
		if v, set := a.boolean(kv.key); set {
			*kv.dst = v
		}
	}
	s.fieldKindRules(f, a)
	return orderSet
}

// fieldKindRules enforces what a kind requires and forces what it forbids.
func (s *Server) fieldKindRules(f *field, a *attrReader) {
	if f.Kind == "Header" {
		f.Required = false
	}
	if !titleKind(f.Kind) {
		f.UseForTitle = false
	}
	switch f.Kind {
	case "Number", "Percent":
		if f.Decimals == nil {
			a.bad("decimals", "decimals is required for %s fields (0 for whole numbers)", f.Kind)
		}
	case "Select":
		if len(selectOptions(f.DefaultValue)) == 0 {
			a.bad("default-value", "a Select field needs its options in default-value, one per line")
		}
	case "Tag":
		switch {
		case f.TagType == nil || *f.TagType == "":
			a.bad("tag-type", "a Tag field needs a tag-type (%s, or \"FlexibleAssetType: <id>\")", strings.Join(tagTypes, ", "))
		case slices.Contains(tagTypes, *f.TagType):
		case fatTagType().MatchString(*f.TagType):
			id, _ := strconv.ParseInt(fatTagType().FindStringSubmatch(*f.TagType)[1], 10, 64)
			if s.st.Types[id] == nil {
				a.bad("tag-type", "tag-type %q names no flexible asset type", *f.TagType)
			}
		default:
			a.bad("tag-type", "tag-type %q is not one of %s, or \"FlexibleAssetType: <id>\" (with a space after the colon)", *f.TagType, strings.Join(tagTypes, ", "))
		}
	}
}

// checkTypeFields checks the rules that span a type's fields: unique names
// and orders, and at least one show-in-list field. ptrs maps the fields of
// the current request to their JSON pointer, where errors are reported.
func checkTypeFields(final []*field, ptrs map[*field]string, fallback string, p *problems) {
	at := func(f *field, other *field, key string) string {
		if ptr, ok := ptrs[f]; ok {
			return ptr + "/attributes/" + key
		}
		if ptr, ok := ptrs[other]; ok {
			return ptr + "/attributes/" + key
		}
		return fallback
	}
	names := map[string]*field{}
	orders := map[int64]*field{}
	shown := false
	for _, f := range final {
		if g, dup := names[f.Name]; dup && f.Name != "" {
			p.add(at(f, g, "name"), "name %q has already been taken by another field of this type", f.Name)
		}
		names[f.Name] = f
		if g, dup := orders[f.Order]; dup {
			p.add(at(f, g, "order"), "order %d has already been taken by field %q", f.Order, g.Name)
		}
		orders[f.Order] = f
		shown = shown || f.ShowInList
	}
	if len(final) > 0 && !shown {
		p.add(fallback, "at least one field of a flexible asset type must be show-in-list")
	}
	if len(final) == 0 {
		p.add(fallback, "a flexible asset type needs at least one field")
	}
}
