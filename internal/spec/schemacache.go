package spec

import (
	"encoding/binary"
	"sync"

	"gopkg.in/yaml.v3"
)

// validCache remembers documents that passed their schema, so that the
// many documents of a repository that differ only in their traits (which
// the schema does not check, see validate) are validated once.
//
// It is keyed by instanceKey, an encoding of the exact JSON value the
// schema would see (not of the YAML text), from which that value can be
// read back: two documents with the same key are the same instance, and a
// JSON Schema's verdict depends on the instance alone. Only passes are
// remembered, so every failing document is validated and reported in
// full. The loaders of one Load share it.
type validCache struct {
	mu     sync.Mutex
	passed map[string]struct{}
}

// maxValidCache bounds the cache: a repository whose documents are all
// different gains nothing from it and should not pay for it in memory.
const maxValidCache = 4096

func (c *validCache) has(key []byte) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.passed[string(key)]
	return ok
}

func (c *validCache) add(key []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.passed == nil {
		c.passed = map[string]struct{}{}
	}
	if len(c.passed) < maxValidCache {
		c.passed[string(key)] = struct{}{}
	}
}

// instanceKey appends to b the schema's name and an unambiguous encoding
// of schemaInstance(root): every value is written with a one-byte type
// and, for text, its length, so the encoding can be decoded back into the
// value; mapping keys keep their written order (the first of duplicates,
// as instance keeps it).
func instanceKey(b []byte, schemaName string, root *yaml.Node) []byte {
	b = appendText(b, schemaName)
	return appendInstance(b, root, true)
}

func appendText(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendInstance(b []byte, n *yaml.Node, root bool) []byte {
	switch n.Kind {
	case yaml.MappingNode:
		var buf [8]mapEntry
		es := appendEntries(buf[:0], n)
		b = append(b, 'M')
		b = binary.AppendUvarint(b, uint64(len(es)))
		for _, e := range es {
			b = appendText(b, e.key.Value)
			if root && e.key.Value == "traits" && e.val.Kind == yaml.MappingNode {
				b = append(b, 'M', 0) // see schemaInstance
				continue
			}
			b = appendInstance(b, e.val, false)
		}
		return b
	case yaml.SequenceNode:
		b = append(b, 'L')
		b = binary.AppendUvarint(b, uint64(len(n.Content)))
		for _, c := range n.Content {
			b = appendInstance(b, c, false)
		}
		return b
	case yaml.ScalarNode:
		switch kind, text := scalarValue(n); kind {
		case 'N', 'S':
			return appendText(append(b, kind), text)
		default:
			return append(b, kind)
		}
	}
	return append(b, 'z') // instance gives nil for anything else
}
