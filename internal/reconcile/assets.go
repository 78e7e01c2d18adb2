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
	byField  map[string]*spec.TraitValue
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

func assetChangeID(a *spec.Asset) string {
	return "flexible-asset/" + a.Organization + "/" + a.Type + "/" + assetName(a)
}

// indexAssets indexes the declared assets for tag resolution.
func (b *builder) indexAssets() {
	for _, a := range b.d.Assets {
		b.assetIdx[assetKey{a.Organization, a.Type, a.Identity}] = a
	}
}

// assetState returns the state of a declared asset, matching it on first
// use: by pinned id, else by identity among the live assets of the same
// organization and type.
func (b *builder) assetState(a *spec.Asset) *assetState {
	if st := b.assets[a]; st != nil {
		return st
	}
	st := &assetState{want: a, org: b.orgs.byName[a.Organization], typ: b.types.byName[a.Type], changeID: b.reserveAssetID(a),
		byField: make(map[string]*spec.TraitValue, len(a.Traits))}
	b.assets[a] = st
	for _, tv := range a.Traits {
		st.byField[tv.Field] = tv
	}
	if st.org == nil || st.typ == nil {
		st.failed = true // spec reported the unknown name
		return st
	}
	if st.org.live == nil || st.typ.live == nil {
		if a.ID != nil {
			b.errf(a.Pos, "remove id:, or match the organization and type to live ones", "asset %q pins id %d, but its organization or type does not exist in the account yet", assetName(a), *a.ID)
			st.failed = true
		}
		return st
	}
	orgID, typeID := st.org.live.ID, st.typ.live.ID
	if !b.live.assetsReadFor(typeID, orgID) {
		b.errf(a.Pos, "widen --target to include it", "asset %q: the assets of type %q in organization %q were not read from the account", assetName(a), a.Type, a.Organization)
		st.failed = true
		return st
	}
	var lv *client.FlexibleAsset
	if a.ID != nil {
		lv = b.findPinnedAsset(st, *a.ID)
		if lv == nil {
			st.failed = true
			return st
		}
	} else {
		b.checkMatchFieldsLive(st)
		hits := b.liveIndex(orgID, st.typ, a.MatchFields)(b.wantKey(st))
		if len(hits) > 1 {
			if active := activeOnly(hits); len(active) == 1 {
				b.warnf(a.Pos, "pin it with id: to make this explicit",
					"asset %q: %d live assets have this identity; matched the one that is not archived (id %d), the archived ones are left to the prune policy",
					assetName(a), len(hits), active[0].ID)
				hits = active
			} else {
				b.errf(a.Pos, "pin the right one with id:, or add match: with a field that tells them apart",
					"asset %q: %d live %q assets in %q have this identity (ids %s)", assetName(a), len(hits), a.Type, a.Organization, idList(hits))
				st.failed = true
				return st
			}
		}
		if len(hits) == 1 {
			lv = hits[0]
		}
	}
	if lv != nil {
		if prev := b.claimedLive[lv.ID]; prev != nil {
			b.errf(a.Pos, "pin each with its own id:", "asset %q matches live asset %d, already matched by the asset at %s", assetName(a), lv.ID, prev.Pos)
			st.failed = true
			return st
		}
		b.claimedLive[lv.ID] = a
		st.live = lv
	}
	return st
}

// liveAsset is a live asset with the id of the type it was listed under.
type liveAsset struct {
	typeID int64
	a      *client.FlexibleAsset
}

// findPinnedAsset finds the live asset a declared asset pins. The index
// by id is built once, so a repository pinning every asset stays linear.
func (b *builder) findPinnedAsset(st *assetState, id int64) *client.FlexibleAsset {
	a := st.want
	if b.liveByID == nil {
		b.liveByID = map[int64]liveAsset{}
		for typeID, as := range b.live.Assets {
			for i := range as {
				b.liveByID[as[i].ID] = liveAsset{typeID, &as[i]}
			}
		}
	}
	la, ok := b.liveByID[id]
	if !ok {
		b.errf(a.Pos, "remove id: to match by identity, or correct it", "asset pins id %d: no live asset of type %q in organization %q has it", id, a.Type, a.Organization)
		return nil
	}
	if la.typeID != st.typ.live.ID || la.a.OrganizationID != st.org.live.ID {
		b.errf(a.Pos, "correct the id, or the asset's organization and type", "asset pins id %d, which is a %q asset of organization %q, not %q of %q",
			id, b.ix.typeName(la.typeID), la.a.OrganizationName, a.Type, a.Organization)
		return nil
	}
	return la.a
}

// liveIndex returns the live assets of a type in an organization, keyed
// by the values of the given match fields. One index per type and list of
// match fields serves every organization, built in one pass.
func (b *builder) liveIndex(orgID int64, ts *typeState, match []string) func(key string) []*client.FlexibleAsset {
	k := liveIdxKey{ts.live.ID, strings.Join(match, "\x00")}
	idx, ok := b.liveIdx[k]
	if !ok {
		idx = map[orgIdentity][]*client.FlexibleAsset{}
		as := b.live.Assets[ts.live.ID]
		parts := make([]string, 0, len(match))
		for i := range as {
			parts = parts[:0]
			for _, name := range match {
				fs := ts.byName[name]
				if fs == nil || fs.live == nil {
					continue
				}
				if p := liveIdentityPart(fs.want.Kind, as[i].Traits[fs.live.NameKey]); p != "" {
					parts = append(parts, p)
				}
			}
			ok := orgIdentity{as[i].OrganizationID, strings.Join(parts, "\x00")}
			idx[ok] = append(idx[ok], &as[i])
		}
		b.liveIdx[k] = idx
	}
	return func(key string) []*client.FlexibleAsset { return idx[orgIdentity{orgID, key}] }
}

// wantKey is a declared asset's identity in the form liveIndex uses.
func (b *builder) wantKey(st *assetState) string {
	parts := make([]string, 0, len(st.want.MatchFields))
	for _, name := range st.want.MatchFields {
		fs := st.typ.byName[name]
		tv := st.byField[name]
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
func (b *builder) checkMatchFieldsLive(st *assetState) {
	for _, name := range st.want.MatchFields {
		fs := st.typ.byName[name]
		if fs == nil || fs.live != nil || b.warnedMatch[fs] {
			continue
		}
		if b.warnedMatch == nil {
			b.warnedMatch = map[*fieldState]bool{}
		}
		b.warnedMatch[fs] = true
		b.warnf(fs.want.Pos, "match on a field the account already has, or pin the assets with id:",
			"field %q of type %q identifies assets but does not exist in the account yet: no live asset can match, so the assets are planned as new",
			name, st.typ.want.Name)
	}
}

// activeOnly returns the assets that are not archived.
func activeOnly(as []*client.FlexibleAsset) []*client.FlexibleAsset {
	var out []*client.FlexibleAsset
	for _, a := range as {
		if !a.Archived {
			out = append(out, a)
		}
	}
	return out
}

// idList renders the assets' ids sorted, comma-separated.
func idList(as []*client.FlexibleAsset) string {
	nums := make([]int64, len(as))
	for i, a := range as {
		nums[i] = a.ID
	}
	slices.Sort(nums)
	ids := make([]string, len(nums))
	for i, n := range nums {
		ids[i] = fmt.Sprint(n)
	}
	return strings.Join(ids, ", ")
}

// reserveAssetID gives a declared asset its change id when its state is
// first built (tags may point at it before its change exists), unique even
// when names joined with "/" collide.
func (b *builder) reserveAssetID(a *spec.Asset) string {
	base := assetChangeID(a)
	id := base
	for n := 2; b.assetIDs[id]; n++ {
		id = fmt.Sprintf("%s#%d", base, n)
	}
	if b.assetIDs == nil {
		b.assetIDs = map[string]bool{}
	}
	b.assetIDs[id] = true
	return id
}
