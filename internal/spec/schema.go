package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/schemas"
)

// validator holds the compiled embedded schemas and their raw JSON (used to
// phrase errors: property names for suggestions, descriptions).
type validator struct {
	compiled map[string]*jsonschema.Schema
	raw      map[string]any
}

// sharedValidator compiles the embedded schemas once; the result is never
// modified afterwards.
var sharedValidator = sync.OnceValue(func() *validator {
	v, err := newValidator()
	if err != nil {
		panic(fmt.Sprintf("embedded schemas do not compile: %v", err)) // a build defect, caught by tests
	}
	return v
})

func newValidator() (*validator, error) {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	v := &validator{compiled: map[string]*jsonschema.Schema{}, raw: map[string]any{}}
	for _, name := range schemas.Names() {
		data, err := schemas.Read(name)
		if err != nil {
			return nil, fmt.Errorf("reading schema %s: %w", name, err)
		}
		var raw any
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, fmt.Errorf("parsing schema %s: %w", name, err)
		}
		v.raw[schemas.BaseURL+name] = raw
		if err := c.AddResource(schemas.BaseURL+name, bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("adding schema %s: %w", name, err)
		}
	}
	for _, name := range schemas.Names() {
		s, err := c.Compile(schemas.BaseURL + name)
		if err != nil {
			return nil, fmt.Errorf("compiling schema %s: %w", name, err)
		}
		v.compiled[name] = s
	}
	return v, nil
}

// validate checks the document root (a mapping) against the named schema
// and records one diagnostic per problem, at the offending node. A
// document the same as one that passed (see validCache) passes.
func (l *loader) validate(schemaName, file string, root *yaml.Node) {
	l.keyBuf = instanceKey(l.keyBuf[:0], schemaName, root)
	if l.passed != nil && l.passed.has(l.keyBuf) {
		return
	}
	err := l.schema.compiled[schemaName].Validate(schemaInstance(root))
	if err == nil {
		if l.passed != nil {
			l.passed.add(l.keyBuf)
		}
		return
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		l.errf(nodePos(file, root), "schema validation failed: %v", err)
		return
	}
	var leaves []*jsonschema.ValidationError
	collectLeaves(ve, &leaves)
	for _, e := range leaves {
		l.schemaError(file, root, e)
	}
}

// schemaInstance is the JSON value the schema validates for a document:
// instance(root), but for a traits: mapping, which is left empty. Trait
// values are checked against their field's kind later, with better
// messages than a schema can give; converting and validating them here
// too would double the cost of loading for nothing.
func schemaInstance(root *yaml.Node) any {
	if root.Kind != yaml.MappingNode {
		return instance(root)
	}
	m := make(map[string]any, len(root.Content)/2)
	var buf [8]mapEntry
	for _, e := range appendEntries(buf[:0], root) {
		if e.key.Value == "traits" && e.val.Kind == yaml.MappingNode {
			m["traits"] = map[string]any{}
			continue
		}
		m[e.key.Value] = instance(e.val)
	}
	return m
}

// collectLeaves gathers the errors worth reporting: leaves, except that an
// anyOf/oneOf is reported as one error rather than one per alternative.
func collectLeaves(e *jsonschema.ValidationError, out *[]*jsonschema.ValidationError) {
	kw := lastSegment(e.KeywordLocation)
	if kw == "anyOf" || kw == "oneOf" || len(e.Causes) == 0 {
		*out = append(*out, e)
		return
	}
	for _, c := range e.Causes {
		collectLeaves(c, out)
	}
}

// pointer splits a JSON pointer into unescaped segments.
func pointer(p string) []string {
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return nil
	}
	segs := strings.Split(p, "/")
	for i, s := range segs {
		// jsonschema/v5 percent-encodes instance locations.
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
		segs[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return segs
}

func lastSegment(p string) string {
	segs := pointer(p)
	if len(segs) == 0 {
		return ""
	}
	return segs[len(segs)-1]
}

// nodeAt follows a JSON pointer from root to the YAML node it names.
func nodeAt(root *yaml.Node, ptr string) *yaml.Node {
	n := root
	for _, seg := range pointer(ptr) {
		switch n.Kind {
		case yaml.MappingNode:
			v := lookup(n, seg)
			if v == nil {
				return n
			}
			n = v
		case yaml.SequenceNode:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(n.Content) {
				return n
			}
			n = n.Content[i]
		default:
			return n
		}
	}
	return n
}

// humanPath renders a JSON pointer into root as traits."Email Servers" or
// fields[2].kind; an element of fields: with a name is shown as
// field "Name": kind instead (fields[0] counts from zero, which reads badly).
func humanPath(root *yaml.Node, ptr string) string {
	var b strings.Builder
	segs := pointer(ptr)
	n := root
	afterField := false
	for i, seg := range segs {
		child := nodeAt(n, "/"+escapePointer(seg))
		if _, err := strconv.Atoi(seg); err == nil {
			name := lookup(child, "name")
			if i > 0 && segs[i-1] == "fields" && name != nil && name.Kind == yaml.ScalarNode && name.Value != "" &&
				n.Kind == yaml.SequenceNode {
				head := strings.TrimSuffix(strings.TrimSuffix(b.String(), "fields"), ".")
				b.Reset()
				b.WriteString(head)
				if head != "" {
					b.WriteByte('.')
				}
				b.WriteString("field " + strconv.Quote(name.Value))
				afterField = true
			} else {
				b.WriteString("[" + seg + "]")
			}
			n = child
			continue
		}
		switch {
		case afterField:
			b.WriteString(": ")
			afterField = false
		case b.Len() > 0:
			b.WriteByte('.')
		}
		if strings.ContainsAny(seg, " .\"[]:") || seg == "" {
			seg = strconv.Quote(seg)
		}
		b.WriteString(seg)
		n = child
	}
	return b.String()
}

// escapePointer escapes one JSON pointer segment.
func escapePointer(seg string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(seg)
}

// rawAt returns the raw schema JSON at an absolute keyword location
// (url#/pointer), or nil.
func (v *validator) rawAt(abs string) any {
	id, ptr, _ := strings.Cut(abs, "#")
	cur := v.raw[id]
	for _, seg := range pointer(ptr) {
		switch c := cur.(type) {
		case map[string]any:
			cur = c[seg]
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	return cur
}

// parentSchema is the schema object holding the failed keyword.
func (v *validator) parentSchema(abs string) map[string]any {
	i := strings.LastIndex(abs, "/")
	if i < 0 {
		return nil
	}
	m, _ := v.rawAt(abs[:i]).(map[string]any)
	return m
}
