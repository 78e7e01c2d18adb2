package apply

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// settleTimeout bounds the re-list after a create whose outcome is
// unknown, which runs even when the run was interrupted (the interrupt is
// usually what cut the request off).
const settleTimeout = 15 * time.Second

// settleAsset learns, after an asset create whose outcome is unknown (a
// dropped connection, a timeout, an interrupt), whether it landed: it
// re-lists the asset's organization and type, with a context that outlives
// an interrupt by at most settleTimeout, and returns the id of an asset
// like it that appeared since the plan and is not this run's, or 0. Such
// an asset is remembered as recovered, never as this run's own.
func (r *runner) settleAsset(ctx context.Context, ch *plan.Change, w client.FlexibleAssetWrite) (int64, error) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	live, err := r.api.Assets(sctx, w.FlexibleAssetTypeID, w.OrganizationID)
	if err != nil {
		return 0, err
	}
	archived := w.Archived != nil && *w.Archived
	for _, a := range live {
		if r.conc.known[a.ID] || r.conc.ours(a.ID) || a.Archived != archived || !samePlainTraits(w, a) {
			continue
		}
		r.conc.recovered[a.ID] = true
		return a.ID, nil
	}
	return 0, nil
}

// settled turns the failed result of an asset create whose outcome was
// unknown into what re-listing found: applied with the id when the asset
// is there, failed "not created" when it is not.
func (r *runner) settled(ctx context.Context, ch *plan.Change, w client.FlexibleAssetWrite, cause error) Result {
	id, err := r.settleAsset(ctx, ch, w)
	switch {
	case err != nil:
		return Result{Status: Failed, Message: r.clean(ch, fmt.Errorf("%w (and re-listing to see whether it was created failed: %v; run plan again)", cause, err))}
	case id != 0:
		return Result{Status: Applied, LiveID: id, Message: "the request's answer was lost, but re-listing found the asset created"}
	}
	return Result{Status: Failed, Message: r.clean(ch, fmt.Errorf("not created (re-listed after the request's answer was lost: no such asset): %w", cause))}
}

// SweepNote is what the duplicate sweep did or found about one asset.
type SweepNote struct {
	// ID is the change that created the asset.
	ID string
	// Deleted is this run's copy that the sweep deleted (0: none).
	Deleted int64
	// Kept is the twin that stays: the older one.
	Kept int64
	// Message says what happened, for people.
	Message string
}

// sweep looks, after the last change, for duplicates of the assets this
// run created: assets of the same organization and type, with the same
// name and plain traits, that appeared since the plan and are not this
// run's (another apply ran at the same time). Where such a twin is older
// than this run's copy, it deletes this run's copy, reports the twin's id
// for the change, and re-sends this run's asset writes that tagged the
// deleted copy; where this run's copy is the older, it leaves the twin to
// the run that made it and says so. It never deletes an asset this run
// did not create, nor one it only recovered by re-listing.
func (r *runner) sweep(ctx context.Context, rep *Report) {
	type place struct{ typ, org int64 }
	groups := map[place][]int64{}
	for id, c := range r.conc.mine {
		k := place{c.w.FlexibleAssetTypeID, c.w.OrganizationID}
		groups[k] = append(groups[k], id)
	}
	if len(groups) == 0 || ctx.Err() != nil {
		return
	}
	// One list per organization and type, or per type when its creates
	// are in more organizations than guard.PerOrgLists (like the guard reads).
	orgsOf := map[int64]int{}
	for k := range groups {
		orgsOf[k.typ]++
	}
	byType := map[int64][]client.FlexibleAsset{}
	live := func(k place) ([]client.FlexibleAsset, error) {
		if orgsOf[k.typ] <= guard.PerOrgLists {
			return r.api.Assets(ctx, k.typ, k.org)
		}
		as, ok := byType[k.typ]
		if !ok {
			var err error
			if as, err = r.api.Assets(ctx, k.typ, 0); err != nil {
				return nil, err
			}
			byType[k.typ] = as
		}
		var out []client.FlexibleAsset
		for _, a := range as {
			if a.OrganizationID == k.org {
				out = append(out, a)
			}
		}
		return out, nil
	}
	keys := make([]place, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b place) int { return cmpInt64(a.typ, b.typ)*2 + cmpInt64(a.org, b.org) })
	moved := map[string]int64{} // change id -> the twin that replaces its deleted copy
	for _, k := range keys {
		as, err := live(k)
		if err != nil {
			rep.Sweep = append(rep.Sweep, SweepNote{Message: fmt.Sprintf("could not look for duplicates of the assets created in organization %d (type %d): %v; run plan again", k.org, k.typ, err)})
			continue
		}
		byID := make(map[int64]client.FlexibleAsset, len(as))
		for _, a := range as {
			byID[a.ID] = a
		}
		ids := groups[k]
		slices.Sort(ids)
		for _, id := range ids {
			x, ok := byID[id]
			if !ok {
				continue // gone already
			}
			c := r.conc.mine[id]
			var older, newer []client.FlexibleAsset
			for _, y := range as {
				if y.ID == id || r.conc.known[y.ID] || r.conc.ours(y.ID) || y.Archived != x.Archived || y.Name != x.Name || !samePlainTraits(c.w, y) {
					continue
				}
				if before(y, x) {
					older = append(older, y)
				} else {
					newer = append(newer, y)
				}
			}
			switch {
			case len(older) > 0:
				slices.SortFunc(older, func(a, b client.FlexibleAsset) int {
					if before(a, b) {
						return -1
					}
					return 1
				})
				kept := older[0]
				note := SweepNote{ID: c.ch.ID, Kept: kept.ID}
				if err := r.api.DeleteAsset(ctx, id); err != nil && !errors.Is(err, client.ErrNotFound) {
					note.Message = fmt.Sprintf("asset %q (id %d) has an older twin (id %d), created at the same time by another apply; deleting this run's copy failed: %v; delete one by hand", x.Name, id, kept.ID, err)
				} else {
					note.Deleted = id
					note.Message = fmt.Sprintf("asset %q: another apply created it first (id %d); this run's copy (id %d) was deleted", x.Name, kept.ID, id)
					delete(r.conc.mine, id)
					moved[c.ch.ID] = kept.ID
					r.lg.ids[c.ch.ID] = kept.ID
				}
				rep.Sweep = append(rep.Sweep, note)
			case len(newer) > 0:
				rep.Sweep = append(rep.Sweep, SweepNote{ID: c.ch.ID, Kept: id, Message: fmt.Sprintf(
					"asset %q (id %d) has %d newer %s (id %d) made by another apply at the same time; that apply deletes its copy when it finishes, else delete it by hand",
					x.Name, id, len(newer), plural(len(newer), "twin", "twins"), newer[0].ID)})
			}
		}
	}
	if len(moved) == 0 {
		return
	}
	for i := range rep.Results {
		if kept, ok := moved[rep.Results[i].ID]; ok {
			rep.Results[i].LiveID = kept
		}
	}
	r.repoint(ctx, rep, moved)
}

// repoint re-sends this run's applied asset writes that tag an asset the
// sweep deleted, now with its twin's id (r.lg.ids already says so).
func (r *runner) repoint(ctx context.Context, rep *Report, moved map[string]int64) {
	for i := range rep.Results {
		res := rep.Results[i]
		ch := r.lg.change(res.ID)
		if ch == nil || res.Status != Applied || ch.Kind != plan.KindAsset || ch.Write == nil || !ch.Write.SendTraits {
			continue
		}
		if _, deleted := moved[ch.ID]; deleted {
			continue
		}
		if !tagsAny(ch.Write, moved) {
			continue
		}
		again := *ch
		again.Action, again.LiveID = plan.Update, res.LiveID
		if _, err := r.writeAsset(ctx, &again); err != nil {
			rep.Sweep = append(rep.Sweep, SweepNote{ID: ch.ID, Message: fmt.Sprintf("its tags name an asset the sweep replaced by its twin, and pointing them at the twin failed: %s; run apply again", r.clean(ch, err))})
			continue
		}
		rep.Sweep = append(rep.Sweep, SweepNote{ID: ch.ID, Message: "its tags now name the twins that replaced this run's deleted copies"})
	}
}

// tagsAny reports whether w tags one of the changes in moved.
func tagsAny(w *plan.Write, moved map[string]int64) bool {
	for _, refs := range w.Tags {
		for _, ref := range refs {
			if _, ok := moved[ref.Change]; ok {
				return true
			}
		}
	}
	return false
}

// before orders assets by creation: created-at, then id.
func before(a, b client.FlexibleAsset) bool {
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return a.CreatedAt.Before(b.CreatedAt)
	}
	return a.ID < b.ID
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// settleNamed is settled for an organization, type or field create whose
// outcome is unknown: it looks the object up by name (in its type, for a
// field) with a context that outlives an interrupt by at most
// settleTimeout. The re-check before the create found none, so one there
// now is taken as this create's.
func (r *runner) settleNamed(ctx context.Context, ch *plan.Change, cause error) (Result, bool) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	found := func(id int64) (Result, bool) {
		return Result{Status: Applied, LiveID: id, Message: "the request's answer was lost, but re-listing found it created"}, true
	}
	var err error
	switch ch.Kind {
	case plan.KindOrganization:
		var orgs []client.Organization
		if orgs, err = r.api.Organizations(sctx, []string{ch.Name}); err == nil {
			for _, o := range orgs {
				if o.Name == ch.Name {
					return found(o.ID)
				}
			}
		}
	case plan.KindAssetType:
		var types []client.FlexibleAssetType
		if types, err = r.api.AssetTypes(sctx, []string{ch.Name}); err == nil {
			for _, t := range types { // listed with their fields
				if t.Name != ch.Name {
					continue
				}
				for _, f := range t.Fields {
					r.fieldKeys[fieldKey(plan.FieldRef{Change: ch.ID, Name: f.Name})] = f.NameKey
				}
				return found(t.ID)
			}
		}
	case plan.KindField:
		typeID, terr := r.fieldType(sctx, ch)
		if terr != nil {
			return Result{}, false
		}
		var t client.FlexibleAssetType
		if t, err = r.api.AssetType(sctx, typeID); err == nil {
			for _, f := range t.Fields {
				if f.Name == ch.Name {
					r.fieldKeys[fieldKey(plan.FieldRef{Change: ch.ID})] = f.NameKey
					return found(f.ID)
				}
			}
		}
	default:
		return Result{}, false
	}
	if err != nil {
		return Result{Status: Failed, Message: r.clean(ch, fmt.Errorf("%w (and re-listing to see whether it was created failed: %v; run plan again)", cause, err))}, true
	}
	return Result{Status: Failed, Message: r.clean(ch, fmt.Errorf("not created (re-listed after the request's answer was lost: not there): %w", cause))}, true
}
