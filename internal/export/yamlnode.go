package export

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// yaml11Bools are words YAML 1.1 readers take for booleans; yaml.v3 reads
// them as text, but other tools in a user's pipeline may not, so they are
// quoted.
var yaml11Bools = map[string]bool{"y": true, "yes": true, "n": true, "no": true, "on": true, "off": true}

// str is a text scalar: quoted by the encoder when YAML would read it as
// anything else, a literal block when it spans lines.
func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	switch {
	case yaml11Bools[strings.ToLower(s)]:
		n.Style = yaml.DoubleQuotedStyle
	case strings.Contains(s, "\n"):
		n.Style = yaml.LiteralStyle
	}
	return n
}

// plain is an untagged scalar written as is (a date, a number, a boolean).
func plain(s, tag string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: s}
}

func boolean(b bool) *yaml.Node { return plain(fmt.Sprint(b), "!!bool") }

// mapping builds a block mapping from key, value pairs.
type mapping struct{ n *yaml.Node }

func newMapping() *mapping { return &mapping{n: &yaml.Node{Kind: yaml.MappingNode}} }

func (m *mapping) add(key string, v *yaml.Node) *mapping {
	m.n.Content = append(m.n.Content, str(key), v)
	return m
}

// addText adds key: s unless s is empty.
func (m *mapping) addText(key, s string) *mapping {
	if s != "" {
		m.add(key, str(s))
	}
	return m
}

// flow makes m a flow mapping ({a: b}).
func (m *mapping) flow() *yaml.Node {
	m.n.Style = yaml.FlowStyle
	return m.n
}

// flowList is a flow sequence of text values.
func flowList(items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range items {
		n.Content = append(n.Content, str(s))
	}
	return n
}

// encodeFile writes the documents with the yaml-language-server line for
// schema first. Each document gets an encoder of its own: one encoder
// over a long stream spends most of its time and memory on its event
// queue.
func encodeFile(schema string, docs []*yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# yaml-language-server: $schema=%s%s\n", SchemaBase, schema)
	for i, d := range docs {
		if i > 0 {
			b.WriteString("---\n")
		}
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{d}}); err != nil {
			return nil, fmt.Errorf("encoding YAML: %w", err)
		}
		if err := enc.Close(); err != nil {
			return nil, fmt.Errorf("encoding YAML: %w", err)
		}
	}
	return b.Bytes(), nil
}
