package reconcile

import (
	"fmt"

	"github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// typeState is a declared flexible asset type, what it matched, and its
// fields.
type typeState struct {
	want     *spec.AssetType
	live     *client.FlexibleAssetType
	changeID string
	fields   []*fieldState
	byName   map[string]*fieldState
	// extra are live fields the repository does not declare; deleted are
	// the ids of those planned for deletion.
	extra   []*client.FlexibleAssetField
	deleted map[int64]bool
}

func (s *typeState) ref() plan.Ref {
	if s.live != nil {
		return plan.Ref{ID: s.live.ID}
	}
	return plan.Ref{Change: s.changeID}
}

func typeChangeID(name string) string { return "flexible-asset-type/" + name }

// typesResult is the output of the types phase: every declared type
// with what it matched (its fields matched too, their orders and change
// ids set), by name and by the live id it claimed, and the live fields
// left unmanaged. The phases after it read it; they never change it.
type typesResult struct {
	list      []*typeState
	byName    map[string]*typeState
	claimed   map[int64]*typeState
	unmanaged []plan.Unmanaged
}

// typePlanner is the types phase: it matches the declared types and
// their fields and plans their creates, updates, field changes and field
// deletes into out.
type typePlanner struct {
	d    *spec.DesiredState
	live *Live
	ix   liveIndex
	out  *changeSet
	res  *typesResult
}

// planTypes is the types phase (see typePlanner).
func planTypes(d *spec.DesiredState, live *Live, ix liveIndex, out *changeSet) *typesResult {
	tp := &typePlanner{d: d, live: live, ix: ix, out: out,
		res: &typesResult{byName: map[string]*typeState{}, claimed: map[int64]*typeState{}}}
	tp.match()
	for _, s := range tp.res.list {
		matchFields(s)
	}
	for _, s := range tp.res.list {
		if s.live == nil {
			tp.planTypeCreate(s)
			continue
		}
		tp.planTypeUpdate(s)
		tp.planFields(s)
	}
	return tp.res
}

// match matches every declared type to a live one.
func (tp *typePlanner) match() {
	keys := make([]liveKey, len(tp.live.AssetTypes))
	for i, t := range tp.live.AssetTypes {
		keys[i] = liveKey{t.ID, t.Name}
	}
	decls := make([]declared, len(tp.d.AssetTypes))
	for i, t := range tp.d.AssetTypes {
		s := &typeState{want: t, changeID: typeChangeID(t.Name), byName: map[string]*fieldState{}, deleted: map[int64]bool{}}
		tp.res.list = append(tp.res.list, s)
		tp.res.byName[t.Name] = s
		decls[i] = declared{pos: t.Pos, name: t.Name, id: t.ID, previously: t.Previously}
	}
	for i, idx := range matchAll(tp.out, "flexible asset type", decls, keys) {
		if idx >= 0 {
			s := tp.res.list[i]
			s.live = &tp.live.AssetTypes[idx]
			tp.res.claimed[s.live.ID] = s
		}
	}
}

func typeAttrDiffs(t *spec.AssetType, lv client.FlexibleAssetType, create bool) *attrDiffs {
	d := newAttrDiffs(create)
	want := typeDesired(t)
	if !create && !lv.EnabledStated {
		delete(want.bools, "enabled") // IT Glue may not say: then it cannot be compared
	}
	compareTable(d, attrs.AssetType, &lv, want)
	return d
}

// typeDesired is a declared type's Text and Bool attributes by YAML name.
func typeDesired(t *spec.AssetType) desired {
	name := t.Name
	return desired{
		text:  map[string]*string{"name": &name, "description": t.Description, "icon": t.Icon},
		bools: map[string]*bool{"enabled": t.Enabled, "showInMenu": t.ShowInMenu}}
}

// planTypeCreate plans a new type with its fields nested, except Tag
// fields that point at a type created in this plan (itself included):
// those are added by field changes once the types exist.
func (tp *typePlanner) planTypeCreate(s *typeState) {
	t := s.want
	d := typeAttrDiffs(t, client.FlexibleAssetType{}, true)
	ch := &plan.Change{ID: s.changeID, Action: plan.Create, Kind: plan.KindAssetType, AssetType: t.Name, Name: t.Name,
		Source: t.Pos.String(), Reason: "declared in the repository, not in the account"}
	for _, r := range tp.res.list {
		if r.live != nil && r.live.Name == t.Name && r.want.Name != t.Name {
			ch.DependsOn = append(ch.DependsOn, r.changeID) // renamed away first
		}
	}
	w := &plan.Write{Attributes: d.attrs}
	for i, fs := range s.fields {
		fs.order = int64(i + 1)
		attrs, tagRef, shown := tp.fieldCreateAttrs(s, fs)
		if tagRef != nil && tagRef.Change != "" {
			tp.planFieldCreate(s, fs, attrs, tagRef, shown)
			continue
		}
		fs.nested = true
		w.Fields = append(w.Fields, plan.FieldWrite{Attributes: attrs, TagType: tagRef})
		d.diffs = append(d.diffs, plan.Diff{Path: "fields." + fs.want.Name, After: jsonValue(shown)})
	}
	if len(w.Fields) == 0 {
		tp.out.errf(t.Pos, "add a field that is not a Tag of a type created in the same plan", "flexible asset type %q: IT Glue creates a type only with at least one field", t.Name)
	}
	ch.Diffs, ch.Write = d.diffs, w
	tp.out.add(ch, phaseType)
}

// planTypeUpdate plans the type's own attributes (never its fields: the
// API changes those through the field endpoints only).
func (tp *typePlanner) planTypeUpdate(s *typeState) {
	t, lv := s.want, *s.live
	d := typeAttrDiffs(t, lv, false)
	ch := &plan.Change{ID: s.changeID, Kind: plan.KindAssetType, AssetType: t.Name, Name: t.Name, Source: t.Pos.String(), LiveID: lv.ID}
	if d.empty() {
		ch.Action = plan.NoOp
		tp.out.add(ch, phaseType)
		return
	}
	ch.Action, ch.Reason = plan.Update, "the account differs from the repository"
	if lv.Name != t.Name {
		ch.Reason = fmt.Sprintf("renamed from %q", lv.Name)
	}
	ch.Diffs, ch.Write, ch.Guard = d.diffs, &plan.Write{Attributes: d.attrs}, liveGuard(guard.AssetType(lv))
	tp.out.add(ch, phaseType)
}
