package spec

import (
	"gopkg.in/yaml.v3"
)

// rawAsset is an asset whose traits are converted once every type is
// known (types may be declared in later files); see convertAssets.
type rawAsset struct {
	asset  *Asset
	node   *yaml.Node
	traits *yaml.Node   // the traits mapping, or nil
	match  []*yaml.Node // the match: entries, or nil
	// rec holds the positions the checks across files need.
	rec assetRec
	// traitsStated are the fields the traits state, in written order.
	traitsStated []statedTrait
	// strayTraits is set when keys beside traits: name fields of the
	// type (reported), so that no "missing trait" errors follow.
	strayTraits bool
}

// assetRec is a converted asset and where its organization:, type: and
// id: values are (line and column in the asset's file; zero when the key
// is absent), for the checks that need every file. It holds no YAML.
type assetRec struct {
	asset        *Asset
	org, typ, id keyAt
	match        keyAt
	// matchKey is matchKey(asset), kept when the trait values it is
	// made of are dropped (CountsOnly); else computed when needed.
	matchKey *string
}

// keyAt is a line and column in a known file.
type keyAt struct{ line, col int32 }

func keyAtOf(n *yaml.Node) keyAt {
	if n == nil {
		return keyAt{}
	}
	return keyAt{int32(n.Line), int32(n.Column)}
}

// pos is the position lc in a's file, or a's own position when lc is
// unknown.
func (lc keyAt) pos(a *Asset) Pos {
	if lc.line == 0 {
		return a.Pos
	}
	return Pos{File: a.Pos.File, Line: int(lc.line), Col: int(lc.col)}
}

func decodeAsset(file string, n *yaml.Node) *rawAsset {
	a := &Asset{
		Pos:          nodePos(file, n),
		Organization: strVal(lookup(n, "organization")),
		Type:         strVal(lookup(n, "type")),
		ID:           int64p(lookup(n, "id")),
		Archived:     boolp(lookup(n, "archived")),
	}
	r := &rawAsset{asset: a, node: n, rec: assetRec{asset: a,
		org: keyAtOf(lookup(n, "organization")), typ: keyAtOf(lookup(n, "type")),
		id: keyAtOf(lookup(n, "id")), match: keyAtOf(lookup(n, "match"))}}
	if t := lookup(n, "traits"); t != nil && t.Kind == yaml.MappingNode {
		r.traits = t
	}
	if m := lookup(n, "match"); m != nil && m.Kind == yaml.SequenceNode {
		r.match = m.Content
	}
	return r
}
