package reconcile

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// fieldCreateAttrs returns the attributes of a new field, its tag-type
// reference (Tag fields on a type) and what the plan shows of it.
func (b *builder) fieldCreateAttrs(s *typeState, fs *fieldState) (map[string]json.RawMessage, *plan.Ref, map[string]any) {
	f := fs.want
	attrs := map[string]json.RawMessage{"name": jsonValue(f.Name), "kind": jsonValue(f.Kind), "order": jsonValue(fs.order)}
	shown := map[string]any{"kind": f.Kind, "order": fs.order}
	set := func(attr string, v any) {
		attrs[attr] = jsonValue(v)
		shown[strings.ReplaceAll(attr, "-", "_")] = v
	}
	if f.Hint != nil && *f.Hint != "" {
		set("hint", *f.Hint)
	}
	for _, bv := range []struct {
		attr string
		v    *bool
	}{{"required", f.Required}, {"use-for-title", f.UseForTitle}, {"show-in-list", f.ShowInList}, {"expiration", f.Expiration}} {
		if bv.v != nil {
			set(bv.attr, *bv.v)
		}
	}
	if f.Kind == spec.KindNumber || f.Kind == spec.KindPercent {
		dec := 0
		if f.Decimals != nil {
			dec = *f.Decimals
		}
		set("decimals", dec)
	}
	if f.Kind == spec.KindSelect {
		attrs["default-value"] = jsonValue(strings.Join(f.Options, "\n"))
		shown["options"] = f.Options
	} else if f.Default != nil {
		set("default-value", *f.Default)
	}
	var ref *plan.Ref
	if kind, r, ok := b.tagTypeOf(f); ok {
		if r == nil {
			set("tag-type", kind)
		} else {
			ref = r
			shown["tag_type"] = tagTypeText("", f.TagTarget.AssetType)
		}
	}
	return attrs, ref, shown
}

// planFieldCreate plans a field added by itself to a type (existing, or
// created earlier in the plan).
func (b *builder) planFieldCreate(s *typeState, fs *fieldState, attrs map[string]json.RawMessage, tagRef *plan.Ref, shown map[string]any) {
	f := fs.want
	fs.changeID = fieldChangeID(s.want.Name, f.Name)
	ch := &plan.Change{ID: fs.changeID, Action: plan.Create, Kind: plan.KindField, AssetType: s.want.Name, Name: f.Name,
		Source: f.Pos.String(), Reason: "declared in the repository, not in the account",
		Write: &plan.Write{Attributes: attrs, Refs: map[string]plan.Ref{"flexible-asset-type-id": s.ref()}, TagType: tagRef}}
	keys := make([]string, 0, len(shown))
	for k := range shown {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		ch.Diffs = append(ch.Diffs, plan.Diff{Path: k, After: jsonValue(shown[k])})
	}
	if s.live == nil {
		ch.DependsOn = append(ch.DependsOn, s.changeID)
	}
	if tagRef != nil && tagRef.Change != "" {
		ch.DependsOn = append(ch.DependsOn, tagRef.Change)
	}
	b.add(ch, phaseFieldCreate)
}
