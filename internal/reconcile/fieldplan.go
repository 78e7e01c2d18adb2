package reconcile

import (
	"fmt"
	"slices"

	"github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// planFields plans the field changes of an existing type: deletes (or a
// report) of undeclared fields, one bulk reorder, updates, then creates.
func (tp *typePlanner) planFields(s *typeState) {
	var deletes []string
	for _, lf := range s.extra {
		if id := tp.planFieldExtra(s, lf); id != "" {
			deletes = append(deletes, id)
		}
	}
	reorder := tp.planFieldOrder(s, deletes)
	for _, fs := range s.fields {
		if fs.live == nil {
			attrs, tagRef, shown := tp.fieldCreateAttrs(s, fs)
			tp.planFieldCreate(s, fs, attrs, tagRef, shown)
			if reorder != "" {
				tp.out.byID[fs.changeID].ch.DependsOn = append(tp.out.byID[fs.changeID].ch.DependsOn, reorder)
			}
			continue
		}
		tp.planFieldUpdate(s, fs)
	}
}

// planFieldUpdate plans the changes to one matched field. A kind change
// on a field that holds data is refused: IT Glue rejects it, and the way
// out (a new field, then moving the values) is the user's decision.
func (tp *typePlanner) planFieldUpdate(s *typeState, fs *fieldState) {
	f, lf := fs.want, fs.live
	d, tagRef := tp.fieldDiffs(fs)
	if f.Kind != lf.Kind {
		n := tp.live.fieldDataCount(s.live.ID, lf.NameKey)
		switch {
		case n > 0:
			tp.out.errf(f.Pos, fmt.Sprintf("keep kind %s; or rename this field (add previously: to a new name), add a new %s field called %q and move the values yourself",
				lf.Kind, f.Kind, f.Name),
				"field %q of type %q: changing its kind from %s to %s is refused: %d live assets hold values in it, and IT Glue cannot change the kind of a field with data",
				f.Name, s.want.Name, lf.Kind, f.Kind, n)
			return
		case !tp.live.assetsReadAll(s.live.ID):
			tp.out.warnf(f.Pos, "", "field %q of type %q: the kind change from %s to %s was planned without reading every asset of the type; IT Glue refuses it if any asset holds a value",
				f.Name, s.want.Name, lf.Kind, f.Kind)
		}
		kind := attrs.Field.ByYAML("kind")
		d.value(kind.YAML, kind.API, jsonValue(lf.Kind), jsonValue(f.Kind), jsonValue(f.Kind))
	}
	if d.empty() {
		return
	}
	ch := &plan.Change{ID: fieldChangeID(s.want.Name, f.Name), Action: plan.Update, Kind: plan.KindField, AssetType: s.want.Name,
		Name: f.Name, LiveID: lf.ID, Source: f.Pos.String(), Reason: "the account differs from the repository",
		Diffs: d.diffs, Guard: liveGuard(guard.Field(*lf)),
		Write: &plan.Write{Attributes: d.attrs, Refs: map[string]plan.Ref{"flexible-asset-type-id": s.ref()}, TagType: tagRef}}
	if lf.Name != f.Name {
		ch.Reason = fmt.Sprintf("renamed from %q (its name-key %q and its values stay)", lf.Name, lf.NameKey)
	}
	if tagRef != nil && tagRef.Change != "" {
		ch.DependsOn = append(ch.DependsOn, tagRef.Change)
	}
	tp.out.add(ch, phaseFieldUpdate)
}

// planFieldExtra plans a delete of a live field the type no longer
// declares when the prune policy allows it, else reports it. It returns
// the delete's change id, or "".
func (tp *typePlanner) planFieldExtra(s *typeState, lf *client.FlexibleAssetField) string {
	addr := s.want.Name + "/" + lf.Name
	if !tp.d.Config.Prune.Fields.Enabled {
		tp.res.unmanaged = append(tp.res.unmanaged, plan.Unmanaged{Kind: plan.KindField, Address: addr, LiveID: lf.ID})
		return ""
	}
	s.deleted[lf.ID] = true
	n := tp.live.fieldDataCount(s.live.ID, lf.NameKey)
	ch := &plan.Change{ID: fieldChangeID(s.want.Name, lf.Name), Action: plan.Delete, Kind: plan.KindField, AssetType: s.want.Name,
		Name: lf.Name, LiveID: lf.ID,
		Reason: fmt.Sprintf("not declared in type %q and prune.fields is enabled; the values of %d live assets in it are lost", s.want.Name, n),
		Diffs:  []plan.Diff{{Path: "kind", Before: jsonValue(lf.Kind)}, {Path: "name", Before: jsonValue(lf.Name)}},
		Guard:  liveGuard(guard.Field(*lf)),
		Write:  &plan.Write{Refs: map[string]plan.Ref{"flexible-asset-type-id": s.ref()}}}
	return tp.out.add(ch, phaseFieldDelete).ID
}

// fieldDataCount counts the live assets of a type holding a value for the
// field with name-key key.
func (l *Live) fieldDataCount(typeID int64, key string) int {
	n := 0
	for _, a := range l.Assets[typeID] {
		if raw, ok := a.Traits.Get(key); ok && string(raw) != "null" {
			n++
		}
	}
	return n
}

// planFieldOrder gives every declared field its final order. When the
// matched fields are already in the declared relative order and new
// fields only come after them, nothing moves: new fields take orders after
// the highest live one. Otherwise declared fields take 1..n and the
// undeclared ones kept take n+1.., and every existing field whose order
// changes moves in one bulk change (orders are unique in a type, so single
// updates could collide). It returns that change's id, or "".
func (tp *typePlanner) planFieldOrder(s *typeState, deletes []string) string {
	if inLiveOrder(s) {
		var top int64
		for _, lf := range s.live.Fields {
			top = max(top, lf.Order)
		}
		for _, fs := range s.fields {
			if fs.live != nil {
				fs.order = fs.live.Order
			} else {
				top++
				fs.order = top
			}
		}
		return ""
	}
	ch := &plan.Change{ID: fieldChangeID(s.want.Name, "(order)"), Action: plan.Update, Kind: plan.KindField,
		AssetType: s.want.Name, Name: "(field order)", LiveID: s.live.ID, Source: s.want.Pos.String(),
		Reason: "the fields are in another order in the account; they move in one request so no two share an order",
		Guard:  orderGuard(*s.live), DependsOn: deletes,
		Write: &plan.Write{Refs: map[string]plan.Ref{"flexible-asset-type-id": s.ref()}}}
	n := int64(0)
	move := func(id int64, name string, from, to int64) {
		if from == to {
			return
		}
		ch.Write.Orders = append(ch.Write.Orders, plan.FieldOrder{Field: id, Name: name, Order: to})
		ch.Diffs = append(ch.Diffs, plan.Diff{Path: "order." + name, Before: jsonValue(from), After: jsonValue(to)})
	}
	for _, fs := range s.fields {
		n++
		fs.order = n
		if fs.live != nil {
			move(fs.live.ID, fs.want.Name, fs.live.Order, n)
		}
	}
	kept := make([]*client.FlexibleAssetField, 0, len(s.extra))
	for _, lf := range s.extra {
		if !s.deleted[lf.ID] {
			kept = append(kept, lf)
		}
	}
	slices.SortStableFunc(kept, func(x, y *client.FlexibleAssetField) int {
		return cmpOr(cmpInt64(x.Order, y.Order), cmpInt64(x.ID, y.ID))
	})
	for _, lf := range kept {
		n++
		move(lf.ID, lf.Name, lf.Order, n)
	}
	if len(ch.Write.Orders) == 0 {
		return ""
	}
	return tp.out.add(ch, phaseFieldOrder).ID
}

// inLiveOrder reports whether a type's matched fields are declared in
// their live order and its new fields only after them.
func inLiveOrder(s *typeState) bool {
	var matched []*fieldState
	seenNew := false
	for _, fs := range s.fields {
		if fs.live == nil {
			seenNew = true
			continue
		}
		if seenNew {
			return false
		}
		matched = append(matched, fs)
	}
	byLive := slices.Clone(matched)
	slices.SortStableFunc(byLive, func(x, y *fieldState) int {
		return cmpOr(cmpInt64(x.live.Order, y.live.Order), cmpInt64(x.live.ID, y.live.ID))
	})
	return slices.Equal(matched, byLive)
}

func cmpOr(xs ...int) int {
	for _, x := range xs {
		if x != 0 {
			return x
		}
	}
	return 0
}
