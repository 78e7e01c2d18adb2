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
func (c *concurrency) settleAsset(ctx context.Context, api API, w client.FlexibleAssetWrite) (int64, error) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	live, err := api.Assets(sctx, w.FlexibleAssetTypeID, w.OrganizationID)
	if err != nil {
		return 0, err
	}
	archived := w.Archived != nil && *w.Archived
	for _, a := range live {
		if c.known[a.ID] || c.ours(a.ID) || a.Archived != archived || !samePlainTraits(w, a) {
			continue
		}
		c.recovered[a.ID] = true
		return a.ID, nil
	}
	return 0, nil
}

// settled turns the failed result of an asset create whose outcome was
// unknown into what re-listing found: applied with the id when the asset
// is there, failed "not created" when it is not.
func (r *runner) settled(ctx context.Context, ch *plan.Change, w client.FlexibleAssetWrite, cause error) Result {
	id, err := r.conc.settleAsset(ctx, r.api, w)
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

// sweepResult is the sweep phase's output: what it did or found, and the
// changes whose asset it deleted, each with the id of the older twin that
// stands for it now.
type sweepResult struct {
	notes []SweepNote
	moved map[string]int64 // change id -> the twin that replaces its deleted copy
}

// sweepTwins is the sweep phase. After the last change it looks for
// duplicates of the assets this run created (conc.mine): assets of the
// same organization and type, with the same name and plain traits, that
// appeared since the plan and are not this run's (another apply ran at
// the same time). Where such a twin is older than this run's copy, it
// deletes this run's copy (and forgets it in conc.mine) and records the
// twin for the change; where this run's copy is the older, it leaves the
// twin to the run that made it and says so. It never deletes an asset
// this run did not create, nor one it only recovered by re-listing.
func sweepTwins(ctx context.Context, api API, conc *concurrency) sweepResult {
	res := sweepResult{moved: map[string]int64{}}
	places, groups := conc.placesOfMine()
	if len(places) == 0 || ctx.Err() != nil {
		return res
	}
	live := newPlaceLister(api, places)
	for _, k := range places {
		as, err := live.list(ctx, k)
		if err != nil {
			res.notes = append(res.notes, SweepNote{Message: fmt.Sprintf("could not look for duplicates of the assets created in organization %d (type %d): %v; run plan again", k.org, k.typ, err)})
			continue
		}
		byID := make(map[int64]client.FlexibleAsset, len(as))
		for _, a := range as {
			byID[a.ID] = a
		}
		for _, id := range groups[k] {
			x, ok := byID[id]
			if !ok {
				continue // gone already
			}
			if note, ok := conc.sweepOne(ctx, api, x, as, res.moved); ok {
				res.notes = append(res.notes, note)
			}
		}
	}
	return res
}

// place is an organization and type the sweep lists.
type place struct{ typ, org int64 }

// placesOfMine groups the assets this run created by place: the places
// sorted, each with its assets' ids sorted.
func (c *concurrency) placesOfMine() ([]place, map[place][]int64) {
	groups := map[place][]int64{}
	for id, m := range c.mine {
		k := place{m.w.FlexibleAssetTypeID, m.w.OrganizationID}
		groups[k] = append(groups[k], id)
	}
	keys := make([]place, 0, len(groups))
	for k, ids := range groups {
		keys = append(keys, k)
		slices.Sort(ids)
	}
	slices.SortFunc(keys, func(a, b place) int { return cmpInt64(a.typ, b.typ)*2 + cmpInt64(a.org, b.org) })
	return keys, groups
}

// placeLister lists the assets of a place: one list per organization and
// type, or per type when its creates are in more organizations than
// guard.PerOrgLists (like the guard reads).
type placeLister struct {
	api    API
	orgsOf map[int64]int // type id -> organizations with creates
	byType map[int64][]client.FlexibleAsset
}

func newPlaceLister(api API, places []place) *placeLister {
	l := &placeLister{api: api, orgsOf: map[int64]int{}, byType: map[int64][]client.FlexibleAsset{}}
	for _, k := range places {
		l.orgsOf[k.typ]++
	}
	return l
}

func (l *placeLister) list(ctx context.Context, k place) ([]client.FlexibleAsset, error) {
	if l.orgsOf[k.typ] <= guard.PerOrgLists {
		return l.api.Assets(ctx, k.typ, k.org)
	}
	as, ok := l.byType[k.typ]
	if !ok {
		var err error
		if as, err = l.api.Assets(ctx, k.typ, 0); err != nil {
			return nil, err
		}
		l.byType[k.typ] = as
	}
	var out []client.FlexibleAsset
	for _, a := range as {
		if a.OrganizationID == k.org {
			out = append(out, a)
		}
	}
	return out, nil
}

// sweepOne settles one asset this run created (x, listed with the others
// of its place in as): when an older twin exists it deletes x and records
// the twin in moved; when only newer ones do, it says so. It returns the
// note, or false when x has no twin.
func (c *concurrency) sweepOne(ctx context.Context, api API, x client.FlexibleAsset, as []client.FlexibleAsset, moved map[string]int64) (SweepNote, bool) {
	id, m := x.ID, c.mine[x.ID]
	var older, newer []client.FlexibleAsset
	for _, y := range as {
		if y.ID == id || c.known[y.ID] || c.ours(y.ID) || y.Archived != x.Archived || y.Name != x.Name || !samePlainTraits(m.w, y) {
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
		note := SweepNote{ID: m.ch.ID, Kept: kept.ID}
		if err := api.DeleteAsset(ctx, id); err != nil && !errors.Is(err, client.ErrNotFound) {
			note.Message = fmt.Sprintf("asset %q (id %d) has an older twin (id %d), created at the same time by another apply; deleting this run's copy failed: %v; delete one by hand", x.Name, id, kept.ID, err)
		} else {
			note.Deleted = id
			note.Message = fmt.Sprintf("asset %q: another apply created it first (id %d); this run's copy (id %d) was deleted", x.Name, kept.ID, id)
			delete(c.mine, id)
			moved[m.ch.ID] = kept.ID
		}
		return note, true
	case len(newer) > 0:
		return SweepNote{ID: m.ch.ID, Kept: id, Message: fmt.Sprintf(
			"asset %q (id %d) has %d newer %s (id %d) made by another apply at the same time; that apply deletes its copy when it finishes, else delete it by hand",
			x.Name, id, len(newer), plural(len(newer), "twin", "twins"), newer[0].ID)}, true
	}
	return SweepNote{}, false
}

// afterSweep puts the sweep's outcome into the report: its notes, and for
// each change whose copy it deleted the twin's id (in the report and in
// the ledger), then re-sends the asset writes that tagged a deleted copy
// (repoint).
func (r *runner) afterSweep(ctx context.Context, rep *Report, sw sweepResult) {
	rep.Sweep = append(rep.Sweep, sw.notes...)
	if len(sw.moved) == 0 {
		return
	}
	for id, kept := range sw.moved {
		r.lg.ids[id] = kept
	}
	for i := range rep.Results {
		if kept, ok := sw.moved[rep.Results[i].ID]; ok {
			rep.Results[i].LiveID = kept
		}
	}
	r.repoint(ctx, rep, sw.moved)
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
// outcome is unknown: it looks the object up by name (findNamed) with a
// context that outlives an interrupt by at most settleTimeout. The
// re-check before the create found none, so one there now is taken as
// this create's (and a type's or field's name-keys are recorded).
func (wr *writer) settleNamed(ctx context.Context, ch *plan.Change, cause error) (Result, bool) {
	switch ch.Kind {
	case plan.KindOrganization, plan.KindAssetType, plan.KindField:
	default:
		return Result{}, false
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	n, found, err := wr.findNamed(sctx, ch)
	switch {
	case errors.Is(err, errNoFieldType):
		return Result{}, false
	case err != nil:
		return Result{Status: Failed, Message: wr.clean(ch, fmt.Errorf("%w (and re-listing to see whether it was created failed: %v; run plan again)", cause, err))}, true
	case !found:
		return Result{Status: Failed, Message: wr.clean(ch, fmt.Errorf("not created (re-listed after the request's answer was lost: not there): %w", cause))}, true
	}
	switch ch.Kind {
	case plan.KindAssetType:
		for _, f := range n.typ.Fields {
			wr.fieldKeys[fieldKey(plan.FieldRef{Change: ch.ID, Name: f.Name})] = f.NameKey
		}
	case plan.KindField:
		wr.fieldKeys[fieldKey(plan.FieldRef{Change: ch.ID})] = n.key
	}
	return Result{Status: Applied, LiveID: n.id, Message: "the request's answer was lost, but re-listing found it created"}, true
}
