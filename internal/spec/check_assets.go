package spec

import (
	"slices"
	"strconv"
	"strings"

	"github.com/glue-sync/glue-sync/schemas"
)

// matchKinds are the kinds whose values can identify an asset.
var matchKinds = []string{KindText, KindTextbox, KindSelect, KindDate, KindNumber, KindPercent, KindCheckbox}

// typeSet is every declared flexible asset type, known before any
// asset's traits are converted, and what converting needs with it. It is
// read-only, shared by the loaders of one Load.
type typeSet struct {
	// byName holds the first type declared with each name (in path
	// order, as checkAssetTypes keeps it).
	byName map[string]*AssetType
	fields map[*AssetType]*fieldIndex
	// assetKeys are the keys the FlexibleAsset schema allows.
	assetKeys []string
	// titleFields and titleNames are each type's TitleFields and their
	// names, the default match fields.
	titleFields map[*AssetType][]*Field
	titleNames  map[*AssetType][]string
	// secrets is the configuration's policy for Password traits.
	secrets SecretsPolicy
}

// knownTypes collects the types and the configuration the parts of the
// first round read (see readFiles), in path order.
func knownTypes(parts []*loader, v *validator) *typeSet {
	ts := &typeSet{byName: map[string]*AssetType{}, fields: map[*AssetType]*fieldIndex{},
		titleFields: map[*AssetType][]*Field{}, titleNames: map[*AssetType][]string{}}
	raw, _ := v.rawAt(schemas.BaseURL + schemas.FlexibleAsset + "#").(map[string]any)
	ts.assetKeys = schemaProps(raw)
	configSeen := false
	for _, p := range parts {
		for _, t := range p.types {
			if _, dup := ts.byName[t.Name]; !dup {
				ts.byName[t.Name] = t
				ts.fields[t] = newFieldIndex(t)
				var names []string
				for _, f := range t.TitleFields() {
					names = append(names, f.Name)
				}
				ts.titleFields[t], ts.titleNames[t] = t.TitleFields(), slices.Clip(names)
			}
		}
		if p.config != nil && !configSeen {
			ts.secrets, configSeen = p.config.Secrets, true
		}
	}
	return ts
}

// convertAssets converts the traits of the pending assets (every type is
// known by now), computes their identities, and drops their YAML.
func (l *loader) convertAssets() {
	for _, r := range l.pending {
		a := r.asset
		if t := l.known.byName[a.Type]; t != nil {
			a.Type = t.Name // the same text; the YAML's copy is not kept alive
			fx := l.known.fields[t]
			r.strayTraits = l.hintStrayTraits(r, fx, l.known.assetKeys)
			l.assetTraits(r, t, fx)
			l.assetIdentity(r, t, fx)
			if l.countsOnly {
				mk := matchKey(a)
				r.rec.matchKey = &mk
				var tags Traits // nil, and no memory, for most assets
				for _, tv := range a.Traits {
					if len(tv.Tags()) > 0 {
						kept := *tv                // out of the loader's scratch values
						tags = append(tags, &kept) // still sorted by key
					}
				}
				l.scratch.traits = a.Traits[:0]
				a.Traits = tags
			}
		}
		l.assets = append(l.assets, r.rec)
	}
	clear(l.pending) // drop the YAML, keep the slice for the next document
	l.pending = l.pending[:0]
}

// checkAssets checks each asset's organization and type, and uniqueness
// and tag references across the repository.
func (l *loader) checkAssets(ds *DesiredState) []*Asset {
	orgNames := make([]string, 0, len(ds.Organizations))
	orgs := map[string]bool{}
	for _, o := range ds.Organizations {
		orgNames = append(orgNames, o.Name)
		orgs[o.Name] = true
	}
	types := map[string]*AssetType{}
	typeNames := make([]string, 0, len(ds.AssetTypes))
	for _, t := range ds.AssetTypes {
		if _, dup := types[t.Name]; !dup {
			types[t.Name] = t
			typeNames = append(typeNames, t.Name)
		}
	}
	out := make([]*Asset, 0, len(l.assets))
	idx := newAssetIndex(len(l.assets))
	for _, r := range l.assets {
		a := r.asset
		out = append(out, a)
		if a.Organization != "" && !orgs[a.Organization] {
			l.errHint(r.org.pos(a), hintOr(l.didYouMean(a.Organization, orgNames), "declare it in a kind: Organization document"),
				"organization: unknown organization %q", a.Organization)
		}
		if types[a.Type] == nil {
			if a.Type != "" {
				l.errHint(r.typ.pos(a), hintOr(l.didYouMean(a.Type, typeNames), "declare it with kind: FlexibleAssetType"),
					"type: unknown flexible asset type %q", a.Type)
			}
			continue
		}
		idx.add(l, r)
	}
	l.assets = nil
	l.resolveAssetTags(out, types, orgs, orgNames, idx)
	return out
}

// statedTrait is one field an asset's traits: states: the accepted value,
// or nil when the value was rejected (and reported), so that no second
// error follows from the missing value.
type statedTrait struct {
	field *Field
	key   string // as written
	line  int
	tv    *TraitValue
}

// stated returns the trait r states for f, or nil.
func (r *rawAsset) stated(f *Field) *statedTrait {
	for i := range r.traitsStated {
		if r.traitsStated[i].field == f {
			return &r.traitsStated[i]
		}
	}
	return nil
}

// assetTraits converts an asset's traits and checks required ones.
func (l *loader) assetTraits(r *rawAsset, t *AssetType, fx *fieldIndex) {
	a := r.asset
	file := a.Pos.File
	names := fx.names
	var buf [8]mapEntry
	es := appendEntries(buf[:0], r.traits)
	// traitsStated is needed only while the asset is converted (see
	// convertAssets), so one buffer serves every asset of the loader;
	// with CountsOnly, so do the values and Traits.
	r.traitsStated = l.scratch.stated[:0]
	defer func() { l.scratch.stated = r.traitsStated[:0] }()
	var slab []TraitValue
	if l.countsOnly {
		if cap(l.scratch.values) < len(es) {
			l.scratch.values = make([]TraitValue, len(es))
		}
		slab = l.scratch.values[:len(es)]
		a.Traits = l.scratch.traits[:0]
	} else {
		slab = make([]TraitValue, len(es)) // one allocation for the asset's values
		a.Traits = make(Traits, 0, len(es))
	}
	for _, e := range es {
		f := fx.field(e.key.Value)
		if f == nil {
			l.errHint(nodePos(file, e.key), hintOr(l.didYouMean(e.key.Value, names), "its fields are: "+strings.Join(names, ", ")),
				"trait %q: type %q has no such field", e.key.Value, t.Name)
			continue
		}
		if prev := r.stated(f); prev != nil {
			l.errf(nodePos(file, e.key), "trait %q: field %q is already set by %q at line %d", e.key.Value, f.Name, prev.key, prev.line)
			continue
		}
		tv := &slab[0]
		slab = slab[1:]
		if l.traitValue(tv, file, a, e.key, e.val, f) {
			l.warnBareDatesInTrait(file, e.key, e.val, f.Kind)
			a.Traits.Set(tv)
		} else {
			tv = nil
		}
		r.traitsStated = append(r.traitsStated, statedTrait{field: f, key: e.key.Value, line: e.key.Line, tv: tv})
	}
	if r.strayTraits || (r.traits == nil && lookup(r.node, "traits") != nil) {
		return // traits are misplaced or not a mapping, which is reported
	}
	for _, f := range t.Fields {
		if f.Required == nil || !*f.Required || f.Kind == KindHeader {
			continue
		}
		if st := r.stated(f); st == nil || (st.tv != nil && st.tv.Null) {
			pos := a.Pos
			if k := lookupKey(r.node, "traits"); k != nil {
				pos = nodePos(file, k)
			}
			l.errf(pos, "missing required trait %q (type %q)", f.Name, t.Name)
		}
	}
}

// assetIdentity sets MatchFields and Identity.
func (l *loader) assetIdentity(r *rawAsset, t *AssetType, fx *fieldIndex) {
	a := r.asset
	var fields []*Field
	if r.match != nil {
		for _, m := range r.match {
			f := fx.field(strVal(m))
			switch {
			case f == nil:
				l.errHint(nodePos(r.asset.Pos.File, m), l.didYouMean(m.Value, fx.names), "match: type %q has no field %q", t.Name, m.Value)
				continue
			case !slices.Contains(matchKinds, f.Kind):
				l.errf(nodePos(r.asset.Pos.File, m), "match: field %q is a %s field and cannot identify an asset", f.Name, f.Kind)
				continue
			}
			fields = append(fields, f)
		}
	} else {
		fields = l.known.titleFields[t]
		a.MatchFields = l.known.titleNames[t] // shared by the type's assets, read-only
	}
	var buf [4]string
	parts := buf[:0]
	anyInvalid := false
	for _, f := range fields {
		var tv *TraitValue
		if st := r.stated(f); st != nil {
			tv = st.tv
			anyInvalid = anyInvalid || tv == nil
		}
		if r.match != nil {
			a.MatchFields = append(a.MatchFields, f.Name)
		}
		if tv == nil || tv.Null {
			if r.match != nil {
				l.errf(r.rec.match.pos(a), "match: the asset sets no value for %q", f.Name)
			}
			continue
		}
		if f.Kind == KindCheckbox {
			parts = append(parts, strconv.FormatBool(tv.Bool))
		} else {
			parts = append(parts, tv.Text)
		}
	}
	a.Identity = strings.Join(parts, " ")
	traitsBroken := r.traits == nil && lookup(r.node, "traits") != nil
	if a.Identity == "" && a.ID == nil && r.match == nil && !anyInvalid && !traitsBroken && !r.strayTraits {
		l.errHint(a.Pos, "set a value for a useForTitle field of type \""+t.Name+"\", or add match: or id:",
			"asset has no identity (IT Glue would give it an empty name)")
	}
}
