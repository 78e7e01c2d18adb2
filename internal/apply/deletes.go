package apply

import (
	"context"
	"errors"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// deleteChunk is how many deletes apply hands one bulk DELETE (the client
// splits further by body size): 3,500 asset deletes take 7 requests. A
// chunk the API refuses is retried item by item, so a chunk bounds that
// extra cost.
const deleteChunk = client.DefaultBulkSize

// bulkDeletable reports whether ch is a delete that may share a bulk
// DELETE: an asset or an organization (the API deletes both in bulk;
// fields only one by one, types not at all) with its live id, not written
// yet, whose dependencies have all been applied.
func (r *runner) bulkDeletable(ch *plan.Change) bool {
	if ch.Action != plan.Delete || ch.LiveID == 0 || (ch.Kind != plan.KindAsset && ch.Kind != plan.KindOrganization) {
		return false
	}
	if _, done := r.lg.early[ch.ID]; done {
		return false
	}
	for _, d := range ch.DependsOn {
		if _, seen := r.lg.status[d]; !seen && r.lg.inPlan(d) {
			return false // waits for a change not applied yet (or out of order): on its own
		}
	}
	return true
}

// deleteBatch, when the change at i is a delete that may go in bulk,
// deletes it together with every other such delete of the same kind in the
// run of deletes of that kind that starts at i, deleteChunk ids per bulk
// DELETE, and stores each one's result in r.lg.early, where Apply picks them
// up in plan order. A change that is stale, unchecked or blocked by a
// failed dependency is reported as one reports it and sent nowhere. It
// reports whether it did so; when it did not, the change at i is applied
// on its own.
//
// A chunk the API refuses or that fails after the client's retries is
// deleted again one by one, so that each change gets its own status; a
// delete is idempotent, and an object already gone by then (the failed
// bulk request deleted it after all) counts as deleted.
func (r *runner) deleteBatch(ctx context.Context, i int) bool {
	lead := &r.p.Changes[i]
	todo := r.bulkRun(i, func(ch *plan.Change) bool { return ch.Action == plan.Delete && ch.Kind == lead.Kind }, r.bulkDeletable)
	if todo == nil {
		return false
	}
	blocked := func(ch *plan.Change) bool { _, ok := r.lg.blocked(ch); return !ok }
	ms, _ := bulkReady(ctx, r, todo, blocked, func(*plan.Change) (struct{}, error) { return struct{}{}, nil })
	inParallelChunks(ctx, r, ms, r.deletesPer, func(ch *plan.Change) string { return ch.ID },
		func(chunk []*plan.Change) []Result { return r.deleteChunk(ctx, lead.Kind, chunk) })
	return true
}

// deleteChunk deletes one chunk of objects of kind k in bulk, and one by
// one when the bulk request fails (see bulkThenAlone), and returns their
// results in the chunk's order. It runs alongside other chunks: it only
// reads the runner.
func (r *runner) deleteChunk(ctx context.Context, k plan.Kind, chs []*plan.Change) []Result {
	bulk, single := r.api.DeleteAssets, r.api.DeleteAsset
	if k == plan.KindOrganization {
		bulk, single = r.api.DeleteOrganizations, r.api.DeleteOrganization
	}
	ids := make([]int64, len(chs))
	for j, ch := range chs {
		ids[j] = ch.LiveID
	}
	return r.bulkThenAlone(ctx, chs, "delete",
		func() error { return bulk(ctx, ids) },
		func(j int) error {
			if err := single(ctx, ids[j]); !errors.Is(err, client.ErrNotFound) {
				return err
			}
			// Gone: the guard saw it before the run, so the failed bulk
			// request (or its retry) deleted it.
			return nil
		})
}
