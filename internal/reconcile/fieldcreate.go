package reconcile

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// fieldCreateAttrs returns the attributes of a new field, its tag-type
// reference (Tag fields on a type) and what the plan shows of it.
func (tp *typePlanner) fieldCreateAttrs(s *typeState, fs *fieldState) (map[string]json.RawMessage, *plan.Ref, map[string]any) {
	f := fs.want
	out := map[string]json.RawMessage{}
	shown := map[string]any{}
	// set sends v as the attribute the repository calls yaml and shows it
	// under that name (order, which has none, under its API name).
	set := func(yaml string, v any) {
		a := attrs.Field.ByYAML(yaml)
		out[a.API] = jsonValue(v)
		shown[yaml] = v
	}
	out["name"] = jsonValue(f.Name)
	set("kind", f.Kind)
	order, _ := attrs.Field.ByAPI("order")
	out[order.API], shown[order.API] = jsonValue(fs.order), fs.order
	if f.Hint != nil && *f.Hint != "" {
		set("hint", *f.Hint)
	}
	want := fieldDesired(f)
	for _, a := range attrs.Field {
		if v := want.bools[a.YAML]; a.Rule == attrs.Bool && v != nil {
			set(a.YAML, *v)
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
		out[attrs.Field.ByYAML("default").API] = jsonValue(strings.Join(f.Options, "\n"))
		shown["options"] = f.Options
	} else if f.Default != nil {
		set("default", *f.Default)
	}
	var ref *plan.Ref
	if kind, r, ok := tp.tagTypeOf(f); ok {
		if r == nil {
			set("tagType", kind)
		} else {
			ref = r
			shown["tagType"] = tagTypeText("", f.TagTarget.AssetType)
		}
	}
	return out, ref, shown
}

// planFieldCreate plans a field added by itself to a type (existing, or
// created earlier in the plan).
func (tp *typePlanner) planFieldCreate(s *typeState, fs *fieldState, attrs map[string]json.RawMessage, tagRef *plan.Ref, shown map[string]any) {
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
	tp.out.add(ch, phaseFieldCreate)
}
