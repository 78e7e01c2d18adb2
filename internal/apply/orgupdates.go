package apply

import (
	"context"

	"github.com/glue-sync/glue-sync/internal/client"
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
	todo := r.bulkRun(i, func(ch *plan.Change) bool { return ch.Kind == plan.KindOrganization && ch.Action != plan.Delete }, r.bulkOrgUpdatable)
	if todo == nil {
		return false
	}
	chs, ws := bulkReady(ctx, r, todo, notBlocked, func(ch *plan.Change) (client.OrganizationWrite, error) {
		w, err := r.orgWrite(ch)
		w.ID = ch.LiveID
		return w, err
	})
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
