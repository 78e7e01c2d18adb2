package spec

import (
	"gopkg.in/yaml.v3"
)

// rawAsset is an asset whose traits are converted once every type is
// known (types may be declared in later files).
type rawAsset struct {
	asset  *Asset
	file   string
	node   *yaml.Node
	traits *yaml.Node   // the traits mapping, or nil
	match  []*yaml.Node // the match: entries, or nil
	// invalid holds the fields whose stated value was rejected (and
	// reported), so that no second error follows from the missing value.
	invalid map[*Field]bool
	// valid holds the accepted trait value of each field.
	valid map[*Field]*TraitValue
	// strayTraits is set when keys beside traits: name fields of the
	// type (reported), so that no "missing trait" errors follow.
	strayTraits bool
}

func decodeAsset(file string, n *yaml.Node) *rawAsset {
	a := &Asset{
		Pos:          nodePos(file, n),
		Organization: strVal(lookup(n, "organization")),
		Type:         strVal(lookup(n, "type")),
		ID:           int64p(lookup(n, "id")),
		Archived:     boolp(lookup(n, "archived")),
		Traits:       map[string]*TraitValue{},
	}
	r := &rawAsset{asset: a, file: file, node: n}
	if t := lookup(n, "traits"); t != nil && t.Kind == yaml.MappingNode {
		r.traits = t
	}
	if m := lookup(n, "match"); m != nil && m.Kind == yaml.SequenceNode {
		r.match = m.Content
	}
	return r
}
