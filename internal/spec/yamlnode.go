package spec

import (
	"encoding/json"
	"strconv"

	"gopkg.in/yaml.v3"
)

// checkNode reports the YAML features the format rejects (anchors,
// aliases, merge keys) and duplicate mapping keys, anywhere under n. It
// returns false when n holds an alias (the document is then skipped).
func (l *loader) checkNode(file string, n *yaml.Node) bool {
	ok := true
	if n.Anchor != "" {
		l.errHint(nodePos(file, n), "repeat the value instead",
			"anchors (&%s) are not allowed", n.Anchor)
	}
	switch n.Kind {
	case yaml.AliasNode:
		l.errHint(nodePos(file, n), "repeat the value instead",
			"aliases (*%s) are not allowed", n.Value)
		return false
	case yaml.MappingNode:
		var seen map[string]*yaml.Node // only for large mappings
		if len(n.Content) > 32 {
			seen = make(map[string]*yaml.Node, len(n.Content)/2)
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Tag == "!!merge" {
				l.errHint(nodePos(file, k), "write the keys out",
					"merge keys (<<) are not allowed")
				ok = false
			} else if first := firstKey(n, i, seen); first != nil && k.Kind == yaml.ScalarNode {
				l.errf(nodePos(file, k), "duplicate key %q (first at line %d)", k.Value, first.Line)
			}
			if !l.checkNode(file, k) {
				ok = false
			}
			if !l.checkNode(file, n.Content[i+1]) {
				ok = false
			}
		}
	case yaml.SequenceNode, yaml.DocumentNode:
		for _, c := range n.Content {
			if !l.checkNode(file, c) {
				ok = false
			}
		}
	}
	return ok
}

// firstKey returns an earlier key of mapping n equal to the key at index
// i, or nil; seen (when not nil) indexes the keys before i.
func firstKey(n *yaml.Node, i int, seen map[string]*yaml.Node) *yaml.Node {
	k := n.Content[i]
	if seen != nil {
		first, dup := seen[k.Value]
		if !dup {
			seen[k.Value] = k
		}
		return first
	}
	for j := 0; j < i; j += 2 {
		if n.Content[j].Value == k.Value {
			return n.Content[j]
		}
	}
	return nil
}

// instance builds the JSON value the schema validates from a node. Bare
// dates and other timestamps stay the text written; numbers become
// json.Number when they are JSON numbers, else the text (so the schema
// says "expected number"). The first occurrence of a duplicate key wins.
func instance(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if _, dup := m[k]; !dup {
				m[k] = instance(n.Content[i+1])
			}
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = instance(c)
		}
		return s
	case yaml.ScalarNode:
		return scalarInstance(n)
	}
	return nil
}

// scalarInstance is instance for a scalar node.
func scalarInstance(n *yaml.Node) any {
	switch kind, text := scalarValue(n); kind {
	case 'z':
		return nil
	case 't', 'f':
		return kind == 't'
	case 'N':
		return json.Number(text)
	default:
		return text
	}
}

// scalarValue is scalarInstance without boxing it in an interface (an
// allocation per value): kind is 'z' (null), 't' or 'f' (a boolean), 'N'
// (a json.Number, text) or 'S' (a string, text).
func scalarValue(n *yaml.Node) (kind byte, text string) {
	switch n.ShortTag() {
	case "!!null":
		return 'z', ""
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			if b {
				return 't', ""
			}
			return 'f', ""
		}
	case "!!int", "!!float":
		if isJSONNumber(n.Value) {
			return 'N', n.Value
		}
		var i int64
		if n.ShortTag() == "!!int" && n.Decode(&i) == nil {
			return 'N', strconv.FormatInt(i, 10)
		}
	}
	return 'S', n.Value
}

// mapEntry is one key and value of a mapping node.
type mapEntry struct{ key, val *yaml.Node }

// entries returns n's key/value pairs (first occurrence of each key), or
// nil when n is not a mapping.
func entries(n *yaml.Node) []mapEntry {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	return appendEntries(make([]mapEntry, 0, len(n.Content)/2), n)
}

// appendEntries is entries appending to out (which may sit on the
// caller's stack: var buf [8]mapEntry; appendEntries(buf[:0], n)).
func appendEntries(out []mapEntry, n *yaml.Node) []mapEntry {
	if n == nil || n.Kind != yaml.MappingNode {
		return out
	}
	from := len(out)
	var seen map[string]bool
	if len(n.Content) > 32 {
		seen = make(map[string]bool, len(n.Content)/2)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		dup := false
		if seen != nil {
			dup = seen[k]
			seen[k] = true
		} else {
			for _, e := range out[from:] {
				if e.key.Value == k {
					dup = true
					break
				}
			}
		}
		if !dup {
			out = append(out, mapEntry{n.Content[i], n.Content[i+1]})
		}
	}
	return out
}

// lookup returns the value node of key in mapping n, or nil.
func lookup(n *yaml.Node, key string) *yaml.Node {
	_, v := lookupEntry(n, key)
	return v
}

// lookupKey returns the key node of key in mapping n, or nil.
func lookupKey(n *yaml.Node, key string) *yaml.Node {
	k, _ := lookupEntry(n, key)
	return k
}

// lookupEntry returns the first key node equal to key in mapping n and its
// value node, or nils.
func lookupEntry(n *yaml.Node, key string) (k, v *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}
