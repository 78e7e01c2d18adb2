package reconcile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// assetKey is a declared asset's key: organization, type and identity.
type assetKey struct{ org, typ, identity string }

// liveIdxKey selects one identity index: the live assets of a type,
// keyed by organization and the values of one list of match fields.
type liveIdxKey struct {
	typeID int64
	sig    string
}

// orgIdentity is an asset's key inside one index.
type orgIdentity struct {
	orgID int64
	key   string
}

// assetState is a declared asset and what it matched. It is computed on
// first use, because tags need the state of the assets they point at.
type assetState struct {
	want     *spec.Asset
	org      *orgState
	typ      *typeState
	live     *client.FlexibleAsset
	changeID string
	entry    *entry // where its change goes (changeSet.reserve)
	failed   bool
}

func (s *assetState) ref() plan.Ref {
	if s.live != nil {
		return plan.Ref{ID: s.live.ID}
	}
	return plan.Ref{Change: s.changeID}
}

// assetName is how the plan names an asset: its identity, or its pinned id.
func assetName(a *spec.Asset) string {
	if a.Identity != "" {
		return a.Identity
	}
	if a.ID != nil {
		return fmt.Sprintf("#%d", *a.ID)
	}
	return "(no identity)"
}

// assetChangeID is a declared asset's change id, before changeSet.reserve
// makes it unique (names joined with "/" may collide). It is reserved
// when the asset's state is first built: tags may point at the asset
// before its change exists.
func (ap *assetPlanner) assetChangeID(a *spec.Asset) string {
	return ap.strs.join("flexible-asset/", a.Organization, "/", a.Type, "/", assetName(a))
}

// assetInput is what the assets phase reads: the desired state, the
// live snapshot, the options, and the outputs of the earlier phases.
type assetInput struct {
	d     *spec.DesiredState
	live  *Live
	opts  Options
	ix    liveIndex
	tg    targets
	orgs  *orgsResult
	types *typesResult
}

// assetsResult is the output of the assets phase besides its changes: the
// live assets a declared asset matched (prune leaves them alone).
type assetsResult struct {
	// claimed are, by type id, the declared assets that matched the live
	// assets of the type, index for index with Live.Assets (nil for a
	// type none matched; nil elements for live assets none matched).
	claimed map[int64][]*spec.Asset
}

// claim records that a matched the live asset at index i of type typeID,
// returning the declared asset that matched it before, if any.
func (r *assetsResult) claim(typeID int64, n, i int, a *spec.Asset) (prev *spec.Asset) {
	c := r.claimed[typeID]
	if c == nil {
		c = make([]*spec.Asset, n)
		r.claimed[typeID] = c
	}
	if prev = c[i]; prev == nil {
		c[i] = a
	}
	return prev
}

// assetPlanner is the assets phase: it matches each targeted declared
// asset (by pinned id or identity), compares its traits, resolves its
// tags and plans a create, update or no-op into out. An asset's state is
// built on first use, because a tag needs the state of the asset it
// points at, wherever that asset is declared.
type assetPlanner struct {
	in  assetInput
	out *changeSet
	res *assetsResult

	// states are the declared assets' states, by their index in
	// in.d.Assets (one slab: a plan that changes nothing holds one per
	// asset); a zero one (want nil) is not built yet.
	states []assetState
	// declared are the declared assets' indexes by key, for tags to
	// assets; built on the first such tag (see declaredAsset).
	declared map[assetKey]int
	// identIdx are the live identity indexes (see identityIndex).
	identIdx    map[liveIdxKey]*identityIdx
	liveByID    map[int64]liveAsset // built on the first pinned asset
	warnedMatch map[*fieldState]bool
	// strs holds the assets' change ids and sources.
	strs strTable
}

// planAssets is the assets phase (see assetPlanner).
func planAssets(in assetInput, out *changeSet) *assetsResult {
	ap := &assetPlanner{in: in, out: out, res: &assetsResult{claimed: map[int64][]*spec.Asset{}},
		states: make([]assetState, len(in.d.Assets)), identIdx: map[liveIdxKey]*identityIdx{}, warnedMatch: map[*fieldState]bool{}}
	for i, a := range in.d.Assets {
		if !in.tg.has(a.Organization, a.Type) {
			continue
		}
		st := ap.assetState(i)
		if st.failed {
			continue
		}
		ap.planAsset(st)
	}
	return ap.res
}

// declaredAsset returns the index of the declared asset with key k (the
// last one, when several have it), false when none has.
func (ap *assetPlanner) declaredAsset(k assetKey) (int, bool) {
	if ap.declared == nil {
		ap.declared = make(map[assetKey]int, len(ap.in.d.Assets))
		for i, a := range ap.in.d.Assets {
			ap.declared[assetKey{a.Organization, a.Type, a.Identity}] = i
		}
	}
	i, ok := ap.declared[k]
	return i, ok
}

// assetState returns the state of the declared asset at index i of the
// desired state, matching it on first use: by pinned id, else by identity
// among the live assets of the same organization and type.
func (ap *assetPlanner) assetState(i int) *assetState {
	st := &ap.states[i]
	if st.want != nil {
		return st
	}
	a := ap.in.d.Assets[i]
	// (No index of the asset's values by field: an asset states a few
	// traits, and a map per asset held every asset's until the plan was
	// done, 5 MB at 20,000 assets; TraitByField looks them up.)
	*st = assetState{want: a, org: ap.in.orgs.byName[a.Organization], typ: ap.in.types.byName[a.Type]}
	st.changeID, st.entry = ap.out.reserve(ap.assetChangeID(a))
	if st.org == nil || st.typ == nil {
		st.failed = true // spec reported the unknown name
		return st
	}
	if st.org.live == nil || st.typ.live == nil {
		if a.ID != nil {
			ap.out.errf(a.Pos, "remove id:, or match the organization and type to live ones", "asset %q pins id %d, but its organization or type does not exist in the account yet", assetName(a), *a.ID)
			st.failed = true
		}
		return st
	}
	orgID, typeID := st.org.live.ID, st.typ.live.ID
	if !ap.in.live.assetsReadFor(typeID, orgID) {
		ap.out.errf(a.Pos, "widen --target to include it", "asset %q: the assets of type %q in organization %q were not read from the account", assetName(a), a.Type, a.Organization)
		st.failed = true
		return st
	}
	li := -1 // the index of the live asset in ap.in.live.Assets[typeID]
	if a.ID != nil {
		li = ap.findPinnedAsset(st, *a.ID)
	} else {
		var ok bool
		if li, ok = ap.findByIdentity(st); !ok {
			st.failed = true
			return st
		}
	}
	if a.ID != nil && li < 0 {
		st.failed = true
		return st
	}
	if li >= 0 {
		as := ap.in.live.Assets[typeID]
		lv := &as[li]
		if prev := ap.res.claim(typeID, len(as), li, a); prev != nil {
			ap.out.errf(a.Pos, "pin each with its own id:", "asset %q matches live asset %d, already matched by the asset at %s", assetName(a), lv.ID, prev.Pos)
			st.failed = true
			return st
		}
		st.live = lv
	}
	return st
}

// findByIdentity finds the live asset with a declared asset's identity
// in its organization and type, by its index among the type's live
// assets: -1 when none, false (an error reported) when several are and
// not exactly one of them is active.
func (ap *assetPlanner) findByIdentity(st *assetState) (int, bool) {
	a := st.want
	ap.checkMatchFieldsLive(st)
	idx := ap.identityIndex(st.typ, a.MatchFields)
	k := orgIdentity{st.org.live.ID, wantKey(st)}
	several := idx.several[k]
	if len(several) == 0 {
		if i, ok := idx.one[k]; ok {
			return i, true
		}
		return -1, true
	}
	as := ap.in.live.Assets[st.typ.live.ID]
	active := activeOnly(as, several)
	if len(active) != 1 {
		ap.out.errf(a.Pos, "pin the right one with id:, or add match: with a field that tells them apart",
			"asset %q: %d live %q assets in %q have this identity (ids %s)", assetName(a), len(several), a.Type, a.Organization, idList(as, several))
		return -1, false
	}
	ap.out.warnf(a.Pos, "pin it with id: to make this explicit",
		"asset %q: %d live assets have this identity; matched the one that is not archived (id %d), the archived ones are left to the prune policy",
		assetName(a), len(several), as[active[0]].ID)
	return active[0], true
}

// liveAsset is a live asset: the id of the type it was listed under and
// its index in that type's list.
type liveAsset struct {
	typeID int64
	i      int
}

// findPinnedAsset finds the live asset a declared asset pins, by its index
// among the type's live assets (-1, an error reported, when it is not
// one of them). The index by id is built once, so a repository pinning
// every asset stays linear.
func (ap *assetPlanner) findPinnedAsset(st *assetState, id int64) int {
	a := st.want
	if ap.liveByID == nil {
		ap.liveByID = map[int64]liveAsset{}
		for typeID, as := range ap.in.live.Assets {
			for i := range as {
				ap.liveByID[as[i].ID] = liveAsset{typeID, i}
			}
		}
	}
	la, ok := ap.liveByID[id]
	if !ok {
		ap.out.errf(a.Pos, "remove id: to match by identity, or correct it", "asset pins id %d: no live asset of type %q in organization %q has it", id, a.Type, a.Organization)
		return -1
	}
	lv := &ap.in.live.Assets[la.typeID][la.i]
	if la.typeID != st.typ.live.ID || lv.OrganizationID != st.org.live.ID {
		ap.out.errf(a.Pos, "correct the id, or the asset's organization and type", "asset pins id %d, which is a %q asset of organization %q, not %q of %q",
			id, ap.in.ix.typeName(la.typeID), lv.OrganizationName, a.Type, a.Organization)
		return -1
	}
	return la.i
}

// identityIdx is one identity index: the live assets of a type, by
// their index in the type's list, keyed by organization and the values
// of a list of match fields. Most identities are one asset's (one); those
// several assets share are in several, with all of them in the order they
// were listed.
type identityIdx struct {
	one     map[orgIdentity]int
	several map[orgIdentity][]int
}

func (x *identityIdx) add(k orgIdentity, i int) {
	prev, ok := x.one[k]
	if !ok {
		x.one[k] = i
		return
	}
	if x.several == nil {
		x.several = map[orgIdentity][]int{}
	}
	if len(x.several[k]) == 0 {
		x.several[k] = []int{prev}
	}
	x.several[k] = append(x.several[k], i)
}

// identityIndex returns the live assets of a type, keyed by organization
// and the values of the given match fields. One index per type and list
// of match fields serves every organization, built in one pass.
func (ap *assetPlanner) identityIndex(ts *typeState, match []string) *identityIdx {
	k := liveIdxKey{ts.live.ID, strings.Join(match, "\x00")}
	idx, ok := ap.identIdx[k]
	if !ok {
		as := ap.in.live.Assets[ts.live.ID]
		idx = &identityIdx{one: make(map[orgIdentity]int, len(as))}
		parts := make([]string, 0, len(match))
		for i := range as {
			parts = parts[:0]
			for _, name := range match {
				fs := ts.byName[name]
				if fs == nil || fs.live == nil {
					continue
				}
				if p := liveIdentityPart(fs.want.Kind, as[i].Traits.Value(fs.live.NameKey)); p != "" {
					parts = append(parts, p)
				}
			}
			idx.add(orgIdentity{as[i].OrganizationID, strings.Join(parts, "\x00")}, i)
		}
		ap.identIdx[k] = idx
	}
	return idx
}

// wantKey is a declared asset's identity in the form identityIndex uses.
func wantKey(st *assetState) string {
	parts := make([]string, 0, len(st.want.MatchFields))
	for _, name := range st.want.MatchFields {
		fs := st.typ.byName[name]
		tv := st.want.TraitByField(name)
		if fs == nil {
			continue
		}
		if p := wantIdentityPart(fs.want.Kind, tv); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "\x00")
}

// checkMatchFieldsLive warns, once per type and field, when an asset is
// matched on a field the account does not have yet: no live asset can
// match, so every such asset is created anew.
func (ap *assetPlanner) checkMatchFieldsLive(st *assetState) {
	for _, name := range st.want.MatchFields {
		fs := st.typ.byName[name]
		if fs == nil || fs.live != nil || ap.warnedMatch[fs] {
			continue
		}
		ap.warnedMatch[fs] = true
		ap.out.warnf(fs.want.Pos, "match on a field the account already has, or pin the assets with id:",
			"field %q of type %q identifies assets but does not exist in the account yet: no live asset can match, so the assets are planned as new",
			name, st.typ.want.Name)
	}
}

// activeOnly returns those of the assets as[i], i in idx, that are not
// archived.
func activeOnly(as []client.FlexibleAsset, idx []int) []int {
	var out []int
	for _, i := range idx {
		if !as[i].Archived {
			out = append(out, i)
		}
	}
	return out
}

// idList renders the ids of the assets as[i], i in idx, sorted,
// comma-separated.
func idList(as []client.FlexibleAsset, idx []int) string {
	nums := make([]int64, len(idx))
	for j, i := range idx {
		nums[j] = as[i].ID
	}
	slices.Sort(nums)
	ids := make([]string, len(nums))
	for i, n := range nums {
		ids[i] = fmt.Sprint(n)
	}
	return strings.Join(ids, ", ")
}
