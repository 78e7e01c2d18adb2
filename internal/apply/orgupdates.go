package apply

import (
	"context"
	"fmt"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// bulkOrgUpdatable reports whether ch is an organization update that may
// share a bulk PATCH /organizations: it has its live id, is not written
// yet, and everything it depends on or refers to has been applied.
func (r *runner) bulkOrgUpdatable(ch *plan.Change) bool {
	if ch.Kind != plan.KindOrganization || ch.Action != plan.Update || ch.LiveID == 0 {
		return false
	}
	if _, done := r.early[ch.ID]; done {
		return false
	}
	return r.ready(ch)
}

// orgUpdateBatch, when the change at i is an organization update that may
// go in bulk, writes it together with every other such update in the run
// of organization creates and updates that starts at i, in bulk PATCHes
// of up to updateChunk, and stores each one's result in r.early (see
// updateBatch: the same reasoning makes writing them early safe, and a
// PATCH carries only the attributes the plan sets, so sending one again
// after a failed bulk request is harmless). It reports whether it did so.
func (r *runner) orgUpdateBatch(ctx context.Context, i int) bool {
	if r.perObject || !r.bulkOrgUpdatable(&r.p.Changes[i]) {
		return false
	}
	var todo []*plan.Change
	for j := i; j < len(r.p.Changes); j++ {
		ch := &r.p.Changes[j]
		if ch.Kind != plan.KindOrganization || ch.Action == plan.Delete {
			break
		}
		if r.bulkOrgUpdatable(ch) {
			todo = append(todo, ch)
		}
	}
	if len(todo) < 2 {
		return false
	}
	var chs []*plan.Change
	var ws []client.OrganizationWrite
	for _, ch := range todo {
		if r.verdicts[ch.ID].Status != guard.Fresh {
			r.early[ch.ID] = r.one(ctx, ch) // reports the verdict, writes nothing
			continue
		}
		w, err := r.orgWrite(ch)
		if err != nil {
			r.early[ch.ID] = r.writeFailure(ctx, ch, err)
			continue
		}
		w.ID = ch.LiveID
		chs, ws = append(chs, ch), append(ws, w)
	}
	for start := 0; start < len(chs); start += updateChunk {
		end := min(start+updateChunk, len(chs))
		if ctx.Err() != nil {
			for _, ch := range chs[start:] {
				r.early[ch.ID] = Result{Status: NotAttempted, Message: "the run was interrupted before this change"}
			}
			break
		}
		for k, res := range r.orgUpdateChunk(ctx, chs[start:end], ws[start:end]) {
			r.early[chs[start+k].ID] = res
		}
	}
	return true
}

// orgUpdateChunk sends one chunk of organization updates in bulk, and one
// by one when the bulk request fails, and returns their results in order.
func (r *runner) orgUpdateChunk(ctx context.Context, chs []*plan.Change, ws []client.OrganizationWrite) []Result {
	out := make([]Result, len(chs))
	err := r.api.UpdateOrganizations(ctx, ws)
	if err == nil {
		for k, ch := range chs {
			out[k] = Result{Status: Applied, LiveID: ch.LiveID}
		}
		return out
	}
	if len(chs) == 1 {
		out[0] = r.writeFailure(ctx, chs[0], err)
		return out
	}
	sick := 0
	for k, ch := range chs {
		switch {
		case ctx.Err() != nil:
			out[k] = r.writeFailure(ctx, ch, fmt.Errorf("the bulk update holding it failed: %w", err))
			continue
		case sick >= maxSickSingles:
			out[k] = Result{Status: Failed, Message: r.clean(ch, fmt.Errorf("not retried alone after the bulk update holding it failed, as the API keeps failing: %w", err))}
			continue
		}
		_, serr := r.api.UpdateOrganization(ctx, ch.LiveID, ws[k])
		if serr == nil {
			sick = 0
			out[k] = Result{Status: Applied, LiveID: ch.LiveID}
			continue
		}
		if isRefusal(serr) {
			sick = 0
		} else {
			sick++
			err = serr
		}
		out[k] = r.writeFailure(ctx, ch, serr)
	}
	return out
}
