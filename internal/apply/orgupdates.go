package apply

import (
	"context"

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
	if _, done := r.lg.early[ch.ID]; done {
		return false
	}
	return r.lg.ready(ch)
}

// orgUpdateBatch, when the change at i is an organization update that may
// go in bulk, writes it together with every other such update in the run
// of organization creates and updates that starts at i, in bulk PATCHes
// of up to updateChunk, and stores each one's result in r.lg.early (see
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
			r.lg.early[ch.ID] = r.one(ctx, ch) // reports the verdict, writes nothing
			continue
		}
		w, err := r.orgWrite(ch)
		if err != nil {
			r.lg.early[ch.ID] = r.writeFailure(ctx, ch, err)
			continue
		}
		w.ID = ch.LiveID
		chs, ws = append(chs, ch), append(ws, w)
	}
	r.inChunks(ctx, chs, func(start, end int) []Result { return r.orgUpdateChunk(ctx, chs[start:end], ws[start:end]) })
	return true
}

// orgUpdateChunk sends one chunk of organization updates in bulk, and one
// by one when the bulk request fails (see bulkThenAlone).
func (r *runner) orgUpdateChunk(ctx context.Context, chs []*plan.Change, ws []client.OrganizationWrite) []Result {
	return r.bulkThenAlone(ctx, chs, "update",
		func() error { return r.api.UpdateOrganizations(ctx, ws) },
		func(k int) error {
			_, err := r.api.UpdateOrganization(ctx, chs[k].LiveID, ws[k])
			return err
		})
}
