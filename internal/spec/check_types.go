package spec

import "slices"

// checkAssetTypes checks type names, ids, field names and tag targets.
func (l *loader) checkAssetTypes(ds *DesiredState) {
	byName := map[string]*AssetType{}
	byID := map[int64]*AssetType{}
	var names []string
	for _, t := range ds.AssetTypes {
		if t.Name == "" {
			continue
		}
		if first, dup := byName[t.Name]; dup {
			l.errf(l.at(t, "name", t.Pos), "flexible asset type %q is already declared at %s", t.Name, first.Pos)
			continue
		}
		byName[t.Name] = t
		names = append(names, t.Name)
		if t.ID != nil {
			if first, dup := byID[*t.ID]; dup {
				l.errf(l.at(t, "id", t.Pos), "id %d is already pinned by flexible asset type %q at %s", *t.ID, first.Name, first.Pos)
			}
			byID[*t.ID] = t
		}
	}
	claimed := map[string]*AssetType{}
	for _, t := range ds.AssetTypes {
		for _, p := range t.Previously {
			if other, ok := byName[p]; ok && other != t {
				l.errf(l.at(t, "previously", t.Pos), "flexible asset type %q lists %q under previously:, but %q is declared at %s",
					t.Name, p, p, other.Pos)
			} else if first, dup := claimed[p]; dup && first != t {
				l.errf(l.at(t, "previously", t.Pos), "flexible asset types %q and %q both list %q under previously:", first.Name, t.Name, p)
			} else {
				claimed[p] = t
			}
		}
		l.checkFieldSet(t)
		for _, f := range t.Fields {
			if f.TagTarget == nil || f.TagTarget.Kind != TagKindAsset {
				continue
			}
			if _, ok := byName[f.TagTarget.AssetType]; !ok {
				l.errHint(l.at(f, "tagType", f.Pos), hintOr(l.didYouMean(f.TagTarget.AssetType, names), "declare it with kind: FlexibleAssetType"),
					"field %q: tagType: unknown flexible asset type %q", f.Name, f.TagTarget.AssetType)
			}
		}
	}
}

// checkFieldSet checks one type's fields together: unique names and
// name-keys, renames, and the API's "at least one showInList" rule.
func (l *loader) checkFieldSet(t *AssetType) {
	byName := map[string]*Field{}
	byKey := map[string]*Field{}
	listed := false
	for _, f := range t.Fields {
		if f.ShowInList != nil && *f.ShowInList {
			listed = true
		}
		if f.Name == "" {
			continue
		}
		if first, dup := byName[f.Name]; dup {
			l.errf(l.at(f, "name", f.Pos), "type %q: field %q is already declared at line %d", t.Name, f.Name, first.Pos.Line)
			continue
		}
		byName[f.Name] = f
		if first, dup := byKey[f.NameKey()]; dup {
			l.errHint(l.at(f, "name", f.Pos), "rename one of them",
				"type %q: fields %q and %q have the same name-key %q", t.Name, first.Name, f.Name, f.NameKey())
		}
		byKey[f.NameKey()] = f
	}
	claimed := map[string]*Field{}
	for _, f := range t.Fields {
		for _, p := range f.Previously {
			if other, ok := byName[p]; ok && other != f {
				l.errf(l.at(f, "previously", f.Pos), "type %q: field %q lists %q under previously:, but that field is declared at line %d",
					t.Name, f.Name, p, other.Pos.Line)
			} else if first, dup := claimed[p]; dup && first != f {
				l.errf(l.at(f, "previously", f.Pos), "type %q: fields %q and %q both list %q under previously:", t.Name, first.Name, f.Name, p)
			} else {
				claimed[p] = f
			}
		}
	}
	if len(t.Fields) > 0 && !listed && slices.ContainsFunc(t.Fields, func(f *Field) bool { return f.Kind != "" }) {
		l.errHint(l.at(t, "name", t.Pos), "set showInList: true on the field(s) to show in the asset list",
			"type %q: no field has showInList: true (IT Glue requires one)", t.Name)
	}
}
