package reconcile

import (
	"encoding/json"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// traitPlan is the outcome of comparing an asset's traits.
type traitPlan struct {
	diffs   []plan.Diff
	w       plan.Write
	deps    []string
	ok      bool // false when a trait could not be planned (an error was reported)
	uploads []string
	// build is false for a compare-only pass: the write is not filled.
	build bool
}

func (tp *traitPlan) setTrait(key string, v json.RawMessage) {
	if tp.build {
		tp.w.Traits[key] = v
	}
}

func (tp *traitPlan) setTags(key string, refs []plan.Ref) {
	if tp.build {
		tp.w.Tags[key] = refs
	}
}

// planTraits compares the stated traits of an asset with the live ones
// and builds the complete trait set an update must send: the stated
// traits merged over every live trait the repository does not state.
//
// With build false it only compares (most assets of a large account are
// unchanged, and their write would be thrown away). The outcome goes to
// *tp, which it overwrites.
func (ap *assetPlanner) planTraits(st *assetState, build bool, tp *traitPlan) {
	*tp = traitPlan{ok: true, build: build}
	if build {
		tp.w = plan.Write{Traits: map[string]json.RawMessage{}, Tags: map[string][]plan.Ref{},
			Secrets: map[string]plan.SecretSource{}, Uploads: map[string]plan.UploadSource{}, FieldKeys: map[string]plan.FieldRef{}}
	}
	var live client.Traits
	if st.live != nil {
		live = st.live.Traits
	}
	var managed map[string]bool // only a write needs it (keepUnmanaged)
	if build {
		managed = map[string]bool{}
	}
	for _, fs := range st.typ.fields {
		tv := st.want.TraitByField(fs.want.Name)
		if tv == nil {
			continue
		}
		if build {
			managed[fs.key] = true
		}
		var raw json.RawMessage
		if fs.live != nil {
			raw = live.Value(fs.key)
		} else {
			ref := fieldRef(st.typ, fs)
			if build {
				tp.w.FieldKeys[fs.key] = ref
			}
			if ref.Change != st.typ.changeID {
				tp.deps = append(tp.deps, ref.Change)
			}
		}
		ap.planTrait(st, fs, tv, raw, tp)
	}
	if st.live != nil && build {
		tp.keepUnmanaged(st, live, managed)
	}
}

// fieldRef names the change that creates a new field.
func fieldRef(ts *typeState, fs *fieldState) plan.FieldRef {
	if fs.nested || fs.changeID == "" {
		return plan.FieldRef{Change: ts.changeID, Name: fs.want.Name}
	}
	return plan.FieldRef{Change: fs.changeID, Name: fs.want.Name}
}

// planTrait compares one stated trait and puts its desired value in the
// write.
func (ap *assetPlanner) planTrait(st *assetState, fs *fieldState, tv *spec.TraitValue, raw json.RawMessage, tp *traitPlan) {
	kind, key, p := fs.want.Kind, fs.key, fs.path
	switch {
	case scalarKind(kind):
		if !tp.build && sameTextKind(kind) && liveIsWantText(kind, tv, raw, "") {
			return // the live value is the text stated: equal without canonicalising either
		}
		w := canonWant(kind, tv)
		l := w
		if !liveIsWantText(kind, tv, raw, w) {
			l = canonLive(kind, raw)
		}
		if w != "" && tp.build {
			tp.setTrait(key, wantValue(kind, tv))
		}
		if w != l {
			var before, after json.RawMessage
			if w != "" {
				after = wantValue(kind, tv)
			}
			hasLive := st.live != nil && fs.live != nil // a new asset or field has no value yet
			if hasLive {
				before = liveValue(kind, raw)
			}
			if kind == spec.KindTextbox && tv != nil && tv.Markdown() != nil && !tv.Null {
				before, after = markdownDiff(tv, raw, hasLive)
			}
			tp.diffs = append(tp.diffs, plan.Diff{Path: p, Before: before, After: after})
		}
	case kind == spec.KindTag:
		ap.planTagTrait(st, tv, key, p, raw, tp)
	case kind == spec.KindPassword:
		ap.planPassword(st, tv, key, p, raw, tp)
	case kind == spec.KindUpload:
		ap.planUpload(tv, key, p, raw, tp)
	}
}

func (ap *assetPlanner) planTagTrait(st *assetState, tv *spec.TraitValue, key, p string, raw json.RawMessage, tp *traitPlan) {
	var liveIDs []int64
	if hasValue(raw) {
		liveIDs, _ = client.TagIDs(raw)
	}
	var refs []plan.Ref
	var names []string
	for _, r := range tv.Tags() {
		ref, ok := ap.resolveTag(st, tv, r)
		if !ok {
			tp.ok = false
			continue
		}
		refs = append(refs, ref)
		name := r.Name
		if r.Organization != st.want.Organization && r.Kind != "Organizations" {
			name = r.Organization + " / " + r.Name
		}
		names = append(names, name)
		if ref.Change != "" {
			tp.deps = append(tp.deps, ref.Change)
		}
	}
	if !tp.ok {
		return
	}
	if len(refs) > 0 {
		tp.setTags(key, refs)
	}
	if sameTags(refs, liveIDs) {
		return
	}
	d := plan.Diff{Path: p}
	if len(liveIDs) > 0 {
		d.Before = jsonValue(tagNames(raw))
	}
	if len(names) > 0 {
		d.After = jsonValue(names)
	}
	tp.diffs = append(tp.diffs, d)
}

// keepUnmanaged copies every live trait the repository does not state into
// the write, in the shape a write accepts: an update replaces all traits,
// so leaving one out would delete it. Traits of fields being deleted, and
// keys that match no live field, are dropped (the API would refuse them).
// Upload traits cannot be kept (the file must be sent again and glue-sync
// cannot read it back); they are reported if the traits are written.
func (tp *traitPlan) keepUnmanaged(st *assetState, live client.Traits, managed map[string]bool) {
	byKey := map[string]*client.FlexibleAssetField{}
	for i := range st.typ.live.Fields {
		byKey[st.typ.live.Fields[i].NameKey] = &st.typ.live.Fields[i]
	}
	for k, raw := range live.All() { // in order of key
		lf := byKey[k]
		if managed[k] || lf == nil || st.typ.deleted[lf.ID] || !hasValue(raw) {
			continue
		}
		switch {
		case lf.Kind == spec.KindUpload:
			tp.uploads = append(tp.uploads, lf.Name)
		case lf.Kind == spec.KindPassword:
			tp.keepSecret(k, lf.Name, "", raw)
		case lf.Kind == spec.KindTag || client.IsExpandedTag(raw):
			ids, _ := client.TagIDs(raw)
			refs := make([]plan.Ref, len(ids))
			for i, id := range ids {
				refs[i] = plan.Ref{ID: id}
			}
			tp.w.Tags[k] = refs
		default:
			tp.w.Traits[k] = compactRaw(raw)
		}
	}
}
