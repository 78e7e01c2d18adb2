package spec

import (
	"slices"
	"strings"
)

// hintStrayTraits improves the schema's "unknown key" errors for keys at
// the top of an asset that name a field of its type: the trait lines were
// most likely not indented under traits: (or traits: was forgotten). It
// reports whether there were any, so that no "missing trait" errors follow.
func (l *loader) hintStrayTraits(r *rawAsset, fx *fieldIndex, props []string) bool {
	var stray map[Pos]bool
	var buf [8]mapEntry
	for _, e := range appendEntries(buf[:0], r.node) {
		if !slices.Contains(props, e.key.Value) && fx.field(e.key.Value) != nil {
			if stray == nil {
				stray = map[Pos]bool{}
			}
			stray[nodePos(r.asset.Pos.File, e.key)] = true
		}
	}
	if len(stray) == 0 {
		return false
	}
	for i := range l.diags {
		if d := &l.diags[i]; stray[d.Pos] && strings.HasPrefix(d.Message, "unknown key ") {
			d.Hint = "a field of type \"" + r.asset.Type + "\": write it under traits:, indented by two spaces"
		}
	}
	return true
}
