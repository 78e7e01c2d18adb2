package spec

import (
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// titleKinds are the kinds IT Glue can build an asset's name from.
var titleKinds = []string{KindText, KindSelect, KindDate}

// checkField applies the rules local to one field declaration, pointing
// at the offending key.
func (l *loader) checkField(file string, n *yaml.Node, f *Field) {
	if !slices.Contains(FieldKinds, f.Kind) {
		return // the schema reported it
	}
	at := func(key string) Pos {
		if k := lookupKey(n, key); k != nil {
			return nodePos(file, k)
		}
		return f.Pos
	}
	only := func(key string, set bool, kinds ...string) {
		if set && !slices.Contains(kinds, f.Kind) {
			l.errf(at(key), "field %q: %s applies only to %s fields, not %s", f.Name, key, orList(kinds), f.Kind)
		}
	}
	isTrue := func(b *bool) bool { return b != nil && *b }
	if f.Kind == KindHeader && isTrue(f.Required) {
		l.errf(at("required"), "field %q: a Header field cannot be required", f.Name)
	}
	only("useForTitle", isTrue(f.UseForTitle), titleKinds...)
	only("decimals", lookup(n, "decimals") != nil, KindNumber, KindPercent)
	only("expiration", isTrue(f.Expiration), KindDate)
	only("options", lookup(n, "options") != nil, KindSelect)
	only("tagType", lookup(n, "tagType") != nil, KindTag)
	if f.Kind == KindSelect {
		if lookup(n, "options") == nil {
			l.errHint(f.Pos, "list them: options: [First, Second]", "field %q: a Select field needs options:", f.Name)
		}
		if lookup(n, "default") != nil {
			l.errHint(at("default"), "list the choices under options:",
				"field %q: a Select field takes options:, not default:", f.Name)
		}
		seen := map[string]bool{}
		for _, on := range contentOf(lookup(n, "options")) {
			o, pos := on.Value, nodePos(file, on)
			switch {
			case str(on) == nil:
				continue // the schema reported it
			case seen[o]:
				l.errf(pos, "field %q: option %q is listed twice", f.Name, o)
			case strings.ContainsAny(o, "\r\n"):
				l.errHint(pos, "IT Glue stores options one per line", "field %q: option %q contains a line break", f.Name, o)
			case strings.TrimSpace(o) != o:
				l.errHint(pos, "IT Glue trims options, so the plan would never settle",
					"field %q: option %q starts or ends with spaces", f.Name, o)
			}
			seen[o] = true
		}
	}
	if f.Kind == KindTag && lookup(n, "tagType") == nil {
		l.errHint(f.Pos, "e.g. tagType: Configurations, or tagType: {flexibleAssetType: Name}",
			"field %q: a Tag field needs tagType:", f.Name)
	}
	if f.Default != nil {
		l.checkDefault(at("default"), f)
	}
}

// checkDefault checks a non-Select field's default value against its kind.
func (l *loader) checkDefault(pos Pos, f *Field) {
	d := *f.Default
	switch f.Kind {
	case KindHeader, KindTag, KindUpload, KindPassword:
		l.errf(pos, "field %q: a %s field has no default value", f.Name, f.Kind)
	case KindCheckbox:
		if d != "true" && d != "false" {
			l.errf(pos, "field %q: a Checkbox default must be \"true\" or \"false\", not %q", f.Name, d)
		}
	case KindNumber, KindPercent:
		if !isPlainDecimal(d) {
			l.errf(pos, "field %q: default %q is not a number", f.Name, d)
		}
	case KindDate:
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			l.errf(pos, "field %q: default %q is not a date (yyyy-mm-dd)", f.Name, d)
		}
	}
}

// orList renders ["A","B","C"] as "A, B or C".
func orList(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	out := ""
	for i, x := range s[:len(s)-1] {
		if i > 0 {
			out += ", "
		}
		out += x
	}
	return out + " or " + s[len(s)-1]
}
