package reconcile

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// fieldState is a declared field and the live field it matched.
type fieldState struct {
	want *spec.Field
	live *client.FlexibleAssetField
	// key is the field's name-key: the live one, or for a new field the
	// one IT Glue will derive from its name (see Write.FieldKeys).
	key string
	// changeID is the create change of a new field that is not nested in
	// its type's create.
	changeID string
	nested   bool
	order    int64
	// path is the diff path of the field's traits ("traits.Name").
	path string
}

func fieldChangeID(typeName, field string) string {
	return "flexible-asset-field/" + typeName + "/" + field
}

// matchFields matches the declared fields of a type to its live fields by
// name, else by a previous name, and predicts the name-keys of new ones.
// Fields with previous names are matched first: a rename wins over a new
// field that reuses the old name.
func matchFields(s *typeState) {
	var live []client.FlexibleAssetField
	if s.live != nil {
		live = s.live.Fields
	}
	claimed := map[int64]bool{}
	used := map[string]bool{}
	for _, f := range live {
		used[f.NameKey] = true
	}
	find := func(name string) *client.FlexibleAssetField {
		for i := range live {
			if live[i].Name == name && !claimed[live[i].ID] {
				return &live[i]
			}
		}
		return nil
	}
	for _, f := range s.want.Fields {
		fs := &fieldState{want: f, path: "traits." + f.Name}
		s.fields = append(s.fields, fs)
		s.byName[f.Name] = fs
	}
	claim := func(fs *fieldState, lf *client.FlexibleAssetField) {
		claimed[lf.ID] = true
		fs.live, fs.key = lf, lf.NameKey
	}
	// Renamed fields first, so that a new field reusing an old name does
	// not take the renamed field's live counterpart (and its values).
	for _, fs := range s.fields {
		if len(fs.want.Previously) == 0 {
			continue
		}
		lf := find(fs.want.Name)
		for _, p := range fs.want.Previously {
			if lf != nil {
				break
			}
			lf = find(p)
		}
		if lf != nil {
			claim(fs, lf)
		}
	}
	for _, fs := range s.fields {
		if fs.live == nil && len(fs.want.Previously) == 0 {
			if lf := find(fs.want.Name); lf != nil {
				claim(fs, lf)
			}
		}
	}
	for _, fs := range s.fields {
		if fs.live == nil {
			fs.key = predictKey(fs.want.Name, used)
		}
	}
	for i := range live {
		if !claimed[live[i].ID] {
			s.extra = append(s.extra, &live[i])
		}
	}
}

// predictKey derives a new field's name-key the way IT Glue does
// (parameterize, then -2, -3, ... on a collision within the type).
func predictKey(name string, used map[string]bool) string {
	base := spec.Parameterize(name)
	k := base
	for n := 2; used[k]; n++ {
		k = base + "-" + strconv.Itoa(n)
	}
	used[k] = true
	return k
}

// tagTypeOf returns the API tag-type of a desired Tag field: a built-in
// kind, or a reference to the tagged flexible asset type.
func (tp *typePlanner) tagTypeOf(f *spec.Field) (string, *plan.Ref, bool) {
	if f.TagTarget == nil {
		return "", nil, false
	}
	if f.TagTarget.Kind != spec.TagKindAsset {
		return f.TagTarget.Kind, nil, true
	}
	ts := tp.res.byName[f.TagTarget.AssetType]
	if ts == nil {
		tp.out.errf(f.Pos, "declare the tagged type too", "field %q: tagged flexible asset type %q is not declared", f.Name, f.TagTarget.AssetType)
		return "", nil, false
	}
	r := ts.ref()
	return "", &r, true
}

// tagTypeText shows a tag type to users: "Configurations", or
// "FlexibleAssetType: Name".
func tagTypeText(kind, assetType string) string {
	if assetType != "" {
		return spec.TagKindAsset + ": " + assetType
	}
	return kind
}

// liveTagType reads a live tag-type: a built-in kind, or the id of a
// flexible asset type ("FlexibleAssetType: 123", spaces optional).
func liveTagType(s string) (string, int64) {
	if rest, ok := strings.CutPrefix(s, spec.TagKindAsset+":"); ok {
		id, _ := strconv.ParseInt(strings.TrimSpace(rest), 10, 64)
		return "", id
	}
	return strings.TrimSpace(s), 0
}

// fieldDiffs compares a declared field with its live field; nil pointers
// are unmanaged. A kind change is left to the caller.
func (tp *typePlanner) fieldDiffs(fs *fieldState) (*attrDiffs, *plan.Ref) {
	f, lf := fs.want, *fs.live
	d := newAttrDiffs(false)
	compareTable(d, attrs.Field, &lf, fieldDesired(f))
	if dec := attrs.Field.ByYAML("decimals"); f.Decimals != nil && int64(*f.Decimals) != lf.Decimals {
		d.value(dec.YAML, dec.API, jsonValue(lf.Decimals), jsonValue(*f.Decimals), jsonValue(*f.Decimals))
	}
	def := attrs.Field.ByYAML("default")
	if f.Kind == spec.KindSelect {
		if lo := selectOptions(lf.DefaultValue); !slices.Equal(lo, f.Options) {
			var before json.RawMessage
			if lo != nil {
				before = jsonValue(lo)
			}
			d.value("options", def.API, before, jsonValue(f.Options), jsonValue(strings.Join(f.Options, "\n")))
		}
	} else if f.Default != nil && !sameDefault(f.Kind, *f.Default, lf.DefaultValue) {
		var before json.RawMessage
		if lf.DefaultValue != "" {
			before = jsonValue(lf.DefaultValue)
		}
		send := jsonValue(*f.Default)
		if *f.Default == "" {
			send = jsonNull()
		}
		d.value(def.YAML, def.API, before, jsonValue(*f.Default), send)
	}
	var ref *plan.Ref
	if kind, r, ok := tp.tagTypeOf(f); ok {
		lk, lid := liveTagType(lf.TagType)
		before := jsonValue(lf.TagType)
		if lid != 0 {
			before = jsonValue(tagTypeText("", tp.ix.typeName(lid)))
		}
		if lf.TagType == "" {
			before = nil
		}
		tt := attrs.Field.ByYAML("tagType")
		switch {
		case r == nil && !strings.EqualFold(kind, lk):
			d.value(tt.YAML, tt.API, before, jsonValue(kind), jsonValue(kind))
		case r != nil && (r.ID == 0 || r.ID != lid):
			ref = r
			d.value(tt.YAML, "", before, jsonValue(tagTypeText("", f.TagTarget.AssetType)), nil)
		}
	}
	return d, ref
}

// fieldDesired is a declared field's Text and Bool attributes by YAML
// name.
func fieldDesired(f *spec.Field) desired {
	name := f.Name
	return desired{
		text: map[string]*string{"name": &name, "hint": f.Hint},
		bools: map[string]*bool{"required": f.Required, "useForTitle": f.UseForTitle, "showInList": f.ShowInList,
			"expiration": f.Expiration},
	}
}

// sameDefault compares a non-Select default value by the field's kind.
func sameDefault(kind, want, live string) bool {
	switch kind {
	case spec.KindNumber, spec.KindPercent:
		if w, l := canonNumber(want), canonNumber(live); w != "" || l != "" {
			return w == l
		}
	case spec.KindDate:
		if w, l := canonDate(want), canonDate(live); w != "" || l != "" {
			return w == l
		}
	case spec.KindCheckbox:
		w, _ := canonBool(jsonValue(want))
		l, _ := canonBool(jsonValue(live))
		return w == l
	}
	return normText(want) == normText(live)
}
