package apply

import "context"

// createBatch creates the asset at index i together with the other ready
// asset creates of the same organization in the same run of asset changes
// (no-ops, updates and other organizations' creates in between are passed
// over), up to maxBatch per nested POST, and then goes on in waves: once
// a POST has returned the new ids, the creates that were waiting only for
// them (a Tag or other reference to an asset just created) are ready and
// go out together in the next POST, until none is left. Assets in a tag
// chain of depth D thus take about D POSTs per maxBatch of them, not one
// each. A create whose dependency failed is not ready, and is skipped when
// Apply reaches it; when ctx is cancelled no further wave is sent.
//
// It stores each one's result in r.lg.early, where Apply picks them up in plan
// order, and reports whether it did so; when it did not, the change at i
// is applied on its own. Creating a ready asset earlier than its place is
// safe for the reason given at updateBatch; a create only counts an
// earlier wave's asset as done when that asset comes before it in the plan,
// so a plan out of order is still reported as such.
func (r *runner) createBatch(ctx context.Context, i int) bool {
	lead := &r.p.Changes[i]
	if r.perObject || !r.batchable(lead) {
		return false
	}
	if _, done := r.lg.early[lead.ID]; done {
		return false
	}
	w, err := r.assetWrite(ctx, lead)
	if err != nil {
		return false // let the single path report it
	}
	orgID := w.OrganizationID
	ms := r.gather(ctx, i, orgID, []member{{i, lead, w}})
	if len(ms) == 1 {
		return false
	}
	r.lg.wave = map[string]int64{}
	defer func() { r.lg.wave, r.secrets = nil, nil }()
	for len(ms) > 0 {
		if ms = r.recheckMembers(ctx, ms); len(ms) == 0 {
			break // stale or failed: nothing waits on them
		}
		for k, res := range r.createMembers(ctx, ms) {
			r.lg.early[ms[k].ch.ID] = res
			if res.Status == Applied && res.LiveID != 0 {
				r.lg.wave[ms[k].ch.ID] = res.LiveID
			}
		}
		if ctx.Err() != nil {
			break // the rest are reported as not attempted
		}
		ms = r.gather(ctx, i, orgID, nil)
	}
	return true
}

// gather appends to ms the asset creates after index i, in the run of
// asset changes that starts there, that belong to the organization of the
// change at i (live id orgID), are ready now and are not written yet, up
// to maxBatch members in all.
func (r *runner) gather(ctx context.Context, i int, orgID int64, ms []member) []member {
	lead := &r.p.Changes[i]
	for j := i + 1; j < len(r.p.Changes) && isAssetWrite(&r.p.Changes[j]) && len(ms) < maxBatch; j++ {
		ch := &r.p.Changes[j]
		if ch.Organization != lead.Organization || !r.batchable(ch) {
			continue
		}
		if _, done := r.lg.early[ch.ID]; done {
			continue
		}
		w, err := r.assetWrite(ctx, ch)
		if err != nil || w.OrganizationID != orgID {
			continue // applied on its own when Apply reaches it
		}
		ms = append(ms, member{j, ch, w})
	}
	return ms
}
