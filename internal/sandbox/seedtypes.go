package sandbox

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// typeByName finds a flexible asset type by name.
func (sd *seeder) typeByName(name string) (*assetType, bool) {
	for _, t := range sd.s.st.Types {
		if t.Name == name {
			return t, true
		}
	}
	return nil, false
}

// fieldAttrs turns a seed field into API attributes; a Tag on another type
// is written "FlexibleAssetType: <name or id>" and resolved here.
func (sd *seeder) fieldAttrs(sf seedField, pos int) (map[string]any, error) {
	a := map[string]any{"name": sf.Name, "kind": sf.Kind, "required": sf.Required, "use-for-title": sf.UseForTitle,
		"show-in-list": sf.ShowInList, "expiration": sf.Expiration, "order": int64(pos + 1)}
	if sf.Order != nil {
		a["order"] = *sf.Order
	}
	if sf.Hint != nil {
		a["hint"] = *sf.Hint
	}
	if sf.Decimals != nil {
		a["decimals"] = *sf.Decimals
	}
	if sf.DefaultValue != nil {
		a["default-value"] = *sf.DefaultValue
	}
	if len(sf.Options) > 0 {
		a["default-value"] = strings.Join(sf.Options, "\n")
	}
	if sf.TagType != "" {
		a["tag-type"] = sf.TagType
		if ref, ok := strings.CutPrefix(sf.TagType, "FlexibleAssetType:"); ok {
			ref = strings.TrimSpace(ref)
			if _, err := strconv.ParseInt(ref, 10, 64); err != nil {
				t, found := sd.typeByName(ref)
				if !found {
					return nil, fmt.Errorf("tag_type %q names no flexible asset type", sf.TagType)
				}
				ref = idString(t.ID)
			}
			a["tag-type"] = "FlexibleAssetType: " + ref
		}
	}
	for k, v := range a {
		if n, ok := v.(int64); ok {
			a[k] = json.Number(strconv.FormatInt(n, 10))
		}
	}
	return a, nil
}

// types creates the types first without the Tag fields that point at other
// types, then adds those fields, so that types may tag each other.
func (sd *seeder) types(list []seedType) error {
	for i, st := range list {
		where := fmt.Sprintf("flexible_asset_types[%d] (%q)", i, st.Name)
		attrs := map[string]any{"name": st.Name}
		if st.Description != nil {
			attrs["description"] = *st.Description
		}
		if st.Icon != nil {
			attrs["icon"] = *st.Icon
		}
		if st.Enabled != nil {
			attrs["enabled"] = *st.Enabled
		}
		if st.ShowInMenu != nil {
			attrs["show-in-menu"] = *st.ShowInMenu
		}
		var fields []any
		for j, sf := range st.Fields {
			if strings.HasPrefix(sf.TagType, "FlexibleAssetType:") {
				continue
			}
			fa, err := sd.fieldAttrs(sf, j)
			if err != nil {
				return fmt.Errorf("%s: fields[%d]: %w", where, j, err)
			}
			fields = append(fields, map[string]any{"type": "flexible_asset_fields", "attributes": fa})
		}
		it := item(attrs)
		it.rels["flexible-asset-fields"] = map[string]any{"data": fields}
		if err := sd.pin(where, st.ID); err != nil {
			return err
		}
		if _, err := sd.s.insertType(it); err != nil {
			return describe(where, err)
		}
	}
	for i, st := range list {
		where := fmt.Sprintf("flexible_asset_types[%d] (%q)", i, st.Name)
		t, _ := sd.typeByName(st.Name)
		doc := &document{isArray: true}
		for j, sf := range st.Fields {
			if !strings.HasPrefix(sf.TagType, "FlexibleAssetType:") {
				continue
			}
			fa, err := sd.fieldAttrs(sf, j)
			if err != nil {
				return fmt.Errorf("%s: fields[%d]: %w", where, j, err)
			}
			it := item(fa)
			it.ptr = "/data/" + strconv.Itoa(j)
			doc.items = append(doc.items, it)
		}
		if len(doc.items) == 0 {
			continue
		}
		if _, _, err := sd.s.createFieldsIn(t.ID, doc); err != nil {
			return describe(where+": fields", err)
		}
	}
	return nil
}

// assets creates the flexible assets; traits are keyed by field name or
// name-key, and Tag values name the tagged objects.
func (sd *seeder) assets(list []seedAsset) error {
	for i, sa := range list {
		where := fmt.Sprintf("flexible_assets[%d] (type %q, organization %q)", i, sa.Type, sa.Organization)
		o, err := sd.orgByName(sa.Organization)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		t, ok := sd.typeByName(sa.Type)
		if !ok {
			return fmt.Errorf("%s: no flexible asset type called %q", where, sa.Type)
		}
		traits := map[string]any{}
		fields := sd.s.st.typeFields(t.ID)
		for key, v := range sa.Traits {
			f := fieldByKeyOrName(fields, key)
			if f == nil {
				traits[key] = jsonish(v) // left for the API's own "invalid trait key" error
				continue
			}
			if f.Kind == "Tag" {
				ids, err := sd.resolveTags(f, o.ID, v)
				if err != nil {
					return fmt.Errorf("%s: trait %q: %w", where, key, err)
				}
				traits[f.NameKey] = ids
				continue
			}
			traits[f.NameKey] = jsonish(v)
		}
		attrs := map[string]any{"organization-id": o.ID, "flexible-asset-type-id": t.ID, "traits": traits,
			"archived": sa.Archived, "restricted": sa.Restricted}
		if err := sd.pin(where, sa.ID); err != nil {
			return err
		}
		var p problems
		w := sd.s.stageAsset(item(attrs), nil, 0, &p)
		if err := p.err(); err != nil {
			sd.s.st.pinned = 0
			return describe(where, err)
		}
		sd.s.commitAsset(w)
	}
	return nil
}

func fieldByKeyOrName(fields []*field, key string) *field {
	for _, f := range fields {
		if f.NameKey == key || f.Name == key {
			return f
		}
	}
	return nil
}

// jsonish converts YAML-decoded values to what the JSON decoder would give.
func jsonish(v any) any {
	switch x := v.(type) {
	case int:
		return json.Number(strconv.Itoa(x))
	case int64:
		return json.Number(strconv.FormatInt(x, 10))
	case uint64:
		return json.Number(strconv.FormatUint(x, 10))
	case float64:
		return json.Number(strconv.FormatFloat(x, 'f', -1, 64))
	case time.Time:
		return x.Format("2006-01-02")
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonish(e)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = jsonish(e)
		}
		return out
	}
	return v
}

// resolveTags turns tag references (names of objects in the asset's
// organization, or ids) into ids.
func (sd *seeder) resolveTags(f *field, orgID int64, v any) ([]any, error) {
	refs, ok := v.([]any)
	if !ok {
		refs = []any{v}
	}
	var ids []any
	for _, r := range refs {
		name, isName := r.(string)
		if !isName {
			ids = append(ids, jsonish(r))
			continue
		}
		id, err := sd.tagByName(deref(f.TagType), orgID, name)
		if err != nil {
			return nil, err
		}
		ids = append(ids, json.Number(idString(id)))
	}
	return ids, nil
}

func (sd *seeder) tagByName(tagType string, orgID int64, name string) (int64, error) {
	st := sd.s.st
	switch {
	case tagType == "Organizations":
		o, err := sd.orgByName(name)
		if err != nil {
			return 0, err
		}
		return o.ID, nil
	case fatTagPrefix().MatchString(tagType):
		tid, _ := strconv.ParseInt(fatTagPrefix().ReplaceAllString(tagType, ""), 10, 64)
		for _, a := range st.byType[tid] {
			if a.Name == name && a.OrgID == orgID {
				return a.ID, nil
			}
		}
		return 0, fmt.Errorf("no flexible asset named %q of the tagged type in the same organization (assets must come before the assets that tag them)", name)
	}
	k := targetKindByTag(tagType)
	if k == nil {
		return 0, fmt.Errorf("the sandbox holds no %s to tag", tagType)
	}
	for _, t := range st.Targets {
		if t.Kind == k.path && t.OrgID == orgID && t.Name == name {
			return t.ID, nil
		}
	}
	return 0, fmt.Errorf("no %s named %q in the asset's organization", k.noun, name)
}
