package spec

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// tagRefs reads a Tag trait's value: a name, a {name, organization, kind}
// mapping, or a list of either.
func (l *loader) tagRefs(file string, a *Asset, key string, v *yaml.Node, f *Field) ([]TagRef, bool) {
	items := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		items = v.Content
	}
	target := TagTarget{Kind: TagKindAsset}
	if f.TagTarget != nil {
		target = *f.TagTarget
	}
	refs := make([]TagRef, 0, len(items))
	seen := make(map[[2]string]bool, len(items))
	ok := true
	for _, it := range items {
		ref := TagRef{Pos: nodePos(file, it), Kind: target.Kind, AssetType: target.AssetType, Organization: a.Organization}
		switch {
		case it.Kind == yaml.ScalarNode && isStr(it):
			ref.Name = it.Value
		case it.Kind == yaml.MappingNode && isStr(lookup(it, "name")):
			if bad := unknownKey(it, "name", "organization", "kind"); bad != nil {
				l.errHint(nodePos(file, bad), l.didYouMean(bad.Value, []string{"name", "organization", "kind"}),
					"trait %q: unknown key %q in a tag reference (use name, organization, kind)", key, bad.Value)
				ok = false
				continue
			}
			ref.Name = strVal(lookup(it, "name"))
			if o := str(lookup(it, "organization")); o != nil {
				ref.Organization = *o
			}
			if k := str(lookup(it, "kind")); k != nil && !tagKindMatches(*k, target) {
				l.errHint(nodePos(file, lookup(it, "kind")), "remove kind: or tag from a field whose tagType matches",
					"trait %q: field %q tags %s, not %s", key, f.Name, targetText(target), *k)
				ok = false
				continue
			}
		default:
			l.errHint(ref.Pos, "write its name, e.g. a domain or a configuration's name; glue-sync looks up the id",
				"trait %q: a Tag field takes names of what it tags, not %s", key, valueForm(it))
			ok = false
			continue
		}
		if ref.Name == "" {
			l.errf(ref.Pos, "trait %q: empty tag name", key)
			ok = false
			continue
		}
		k := [2]string{ref.Name, ref.Organization}
		if seen[k] {
			l.errf(ref.Pos, "trait %q: %q is tagged twice", key, ref.Name)
			ok = false
			continue
		}
		seen[k] = true
		refs = append(refs, ref)
	}
	return refs, ok
}

// tagKindMatches reports whether an explicit kind: in a tag reference
// agrees with the field's target. Singular forms are accepted
// ("Configuration" for Configurations).
func tagKindMatches(kind string, t TagTarget) bool {
	if t.Kind == TagKindAsset {
		return kind == t.AssetType || kind == TagKindAsset
	}
	return strings.EqualFold(kind, t.Kind) || strings.EqualFold(kind+"s", t.Kind)
}

func targetText(t TagTarget) string {
	if t.Kind == TagKindAsset {
		return "assets of type \"" + t.AssetType + "\""
	}
	return t.Kind
}

// unknownKey returns the first key of mapping n not in allowed, or nil.
func unknownKey(n *yaml.Node, allowed ...string) *yaml.Node {
	for _, e := range entries(n) {
		if !slices.Contains(allowed, e.key.Value) {
			return e.key
		}
	}
	return nil
}
