package spec

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"
)

// schemaError turns one schema validation error into diagnostics phrased
// for someone editing YAML.
func (l *loader) schemaError(file string, root *yaml.Node, e *jsonschema.ValidationError) {
	n := nodeAt(root, e.InstanceLocation)
	pos := nodePos(file, n)
	where := humanPath(root, e.InstanceLocation)
	prefix := ""
	if where != "" {
		prefix = where + ": "
	}
	parent := l.schema.parentSchema(e.AbsoluteKeywordLocation)
	switch kw := lastSegment(e.KeywordLocation); kw {
	case "additionalProperties":
		props := schemaProps(parent)
		for _, en := range entries(n) {
			if !slices.Contains(props, en.key.Value) {
				inside := ""
				if where != "" {
					inside = " in " + where
				}
				l.errHint(nodePos(file, en.key), l.didYouMean(en.key.Value, props),
					"unknown key %q%s", en.key.Value, inside)
			}
		}
	case "required":
		req, _ := parent["required"].([]any)
		for _, r := range req {
			name, _ := r.(string)
			if lookup(n, name) == nil {
				l.errf(pos, "%smissing required key %q", prefix, name)
			}
		}
	case "type":
		want := fmt.Sprint(parent["type"])
		if ts, ok := parent["type"].([]any); ok {
			want = joinAny(ts, " or ")
		}
		got := yamlKindName(n)
		hint := ""
		switch {
		case want == "string" && n.Kind == yaml.ScalarNode:
			hint = fmt.Sprintf("quote it: %q", n.Value)
		case want == "array" && n.Kind == yaml.ScalarNode && n.Value != "":
			hint = "write a list: [" + n.Value + "]"
		case want == "object" && got == "empty" && where != "":
			hint = "indent the lines that belong under " + lastSegment(e.InstanceLocation) + ": by two more spaces"
		}
		l.errHint(pos, hint, "%smust be %s, not %s", prefix, article(want), got)
	case "enum":
		vals, _ := parent["enum"].([]any)
		l.errHint(pos, l.didYouMean(n.Value, anyStrings(vals)), "%s%q is not one of: %s", prefix, n.Value, joinAny(vals, ", "))
	case "const":
		l.errf(pos, "%smust be %v", prefix, parent["const"])
	case "minLength":
		l.errf(pos, "%smust not be empty", prefix)
	case "minItems":
		l.errf(pos, "%smust list at least %v item(s)", prefix, parent["minItems"])
	case "pattern":
		switch lastSegment(e.InstanceLocation) {
		case "env":
			l.errf(pos, "%s%q is not an environment variable name (letters, digits and _, not starting with a digit)", prefix, n.Value)
		case "baseURL":
			l.errf(pos, "%smust start with https://", prefix)
		default:
			l.errf(pos, "%s%s", prefix, e.Message)
		}
	case "minimum", "maximum":
		if lastSegment(e.InstanceLocation) == "maxCount" {
			l.maxCountError(pos, prefix, n, kw)
			return
		}
		if lastSegment(e.InstanceLocation) == "id" {
			l.errf(pos, "%s%s is not an IT Glue id (a positive whole number)", prefix, n.Value)
			return
		}
		l.errf(pos, "%s%s", prefix, e.Message)
	case "anyOf", "oneOf":
		l.anyOfError(pos, prefix, n, parent)
	default:
		l.errf(pos, "%s%s", prefix, e.Message)
	}
}

// anyOfError reports a value that matches none of a schema's alternatives.
func (l *loader) anyOfError(pos Pos, prefix string, n *yaml.Node, parent map[string]any) {
	desc, _ := parent["description"].(string)
	alts, _ := parent["anyOf"].([]any)
	for _, a := range alts {
		am, _ := a.(map[string]any)
		if vals, ok := am["enum"].([]any); ok && n.Kind == yaml.ScalarNode {
			l.errHint(pos, l.didYouMean(n.Value, anyStrings(vals)), "%s%q is not one of: %s", prefix, n.Value, joinAny(vals, ", "))
			return
		}
	}
	if desc == "" {
		desc = "a different form of value"
	}
	l.errf(pos, "%sexpected %s, not %s", prefix, strings.TrimSuffix(lowerFirst(desc), "."), yamlKindName(n))
}

func schemaProps(s map[string]any) []string {
	props, _ := s["properties"].(map[string]any)
	out := make([]string, 0, len(props))
	for k := range props {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func anyStrings(vals []any) []string {
	out := make([]string, 0, len(vals))
	for _, v := range vals {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func joinAny(vals []any, sep string) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		if b, err := json.Marshal(v); err == nil && fmt.Sprint(v) != v {
			parts[i] = string(b)
		} else {
			parts[i] = fmt.Sprint(v)
		}
	}
	return strings.Join(parts, sep)
}

// yamlKindName names the kind of value n holds, as a YAML reader sees it.
func yamlKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.ShortTag() {
	case "!!null":
		return "empty"
	case "!!bool":
		return "a boolean"
	case "!!int", "!!float":
		return "a number"
	}
	return "a string"
}

func article(t string) string {
	switch t {
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	case "integer":
		return "a whole number"
	case "string", "number", "boolean":
		return "a " + t
	}
	return t
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// maxCountError reports a prune cap out of range. 0 is refused rather than
// read as "no cap" (or as "no deletes", which enabled: false says).
func (l *loader) maxCountError(pos Pos, prefix string, n *yaml.Node, kw string) {
	switch {
	case kw == "maximum":
		l.errHint(pos, "leave maxCount out for no count cap; maxShare still applies",
			"%s%s is above the largest cap, %d", prefix, n.Value, MaxPruneCount)
	case n.Value == "0":
		l.errHint(pos, "to delete nothing, set enabled: false; to cap deletes, give a count of 1 or more",
			"%s0 is not a cap", prefix)
	default:
		l.errHint(pos, fmt.Sprintf("give a whole number from 1 to %d, or leave it out", MaxPruneCount),
			"%s%s is not a count", prefix, n.Value)
	}
}
