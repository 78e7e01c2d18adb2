package apply

import (
	"context"
	"errors"
	"fmt"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/parallel"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// updateChunk is how many asset updates apply hands the client's bulk
// PATCH at once (the client splits further by body size). A chunk the API
// refuses is retried item by item, so a chunk bounds that extra cost.
const updateChunk = client.DefaultBulkSize

// updateChunksAtOnce is how many bulk PATCHes run at once (the client
// bounds the requests in flight as well): chunks are independent, and a
// bulk update of 500 assets keeps the server busy for a while.
const updateChunksAtOnce = 4

// maxSickSingles is how many single PATCHes in a row may fail for a reason
// other than a refusal (5xx, transport) before the rest of a failed chunk
// is reported failed instead of being retried one by one.
const maxSickSingles = 3

// bulkUpdatable reports whether ch is an asset update that may share a
// bulk PATCH now: it sends the full trait set, carries no file, and
// everything it depends on has been applied. An update that leaves the
// traits alone (archived only) goes on its own, as the API's treatment of
// a bulk item without traits is not documented.
func (r *runner) bulkUpdatable(ch *plan.Change) bool {
	if ch.Kind != plan.KindAsset || ch.Action != plan.Update || ch.LiveID == 0 || ch.Write == nil ||
		!ch.Write.SendTraits || len(ch.Write.Uploads) > 0 {
		return false
	}
	if _, done := r.lg.early[ch.ID]; done {
		return false
	}
	return r.lg.ready(ch)
}

// isAssetWrite reports whether ch belongs to the plan's asset phase
// (creates, updates and no-ops of assets), inside which updateBatch looks
// for ready updates.
func isAssetWrite(ch *plan.Change) bool {
	return ch.Kind == plan.KindAsset && ch.Action != plan.Delete
}

// updateBatch, when the change at i is an asset update that is ready,
// writes it together with every other ready asset update of the same run
// of asset changes (updates waiting for a create are left for later) in
// bulk PATCHes, and stores each one's result in r.lg.early, where Apply
// picks them up in plan order. It reports whether it did so; when it did
// not, the change at i is applied on its own.
//
// Writing an update earlier than its place in the plan is safe: it is
// ready, so nothing it depends on is pending, and every change that
// depends on it comes after it in the plan. A PATCH carries the full trait
// set, so sending one again is harmless: a chunk that fails is retried
// item by item, and each change gets its own status.
func (r *runner) updateBatch(ctx context.Context, i int) bool {
	todo := r.bulkRun(i, isAssetWrite, r.bulkUpdatable)
	if todo == nil {
		return false
	}
	chs, ws := bulkReady(ctx, r, todo, notBlocked, func(ch *plan.Change) (client.FlexibleAssetWrite, error) {
		w, err := r.assetWrite(ctx, ch)
		w.ID = ch.LiveID
		return w, err
	})
	ms := make([]member, len(chs))
	for k := range chs {
		ms[k] = member{ch: chs[k], w: ws[k]}
	}
	inParallelChunks(ctx, r, ms, r.updatesPer, func(m member) string { return m.ch.ID },
		func(chunk []member) []Result { return r.updateChunk(ctx, chunk) })
	r.secrets = nil
	return true
}

// updateChunk sends one chunk of asset updates in bulk, and one by one
// when the bulk request fails (see bulkThenAlone). It runs alongside other
// chunks: it only reads the runner.
func (r *runner) updateChunk(ctx context.Context, ms []member) []Result {
	chs := make([]*plan.Change, len(ms))
	ws := make([]client.FlexibleAssetWrite, len(ms))
	for k, m := range ms {
		chs[k], ws[k] = m.ch, m.w
	}
	return r.bulkThenAlone(ctx, chs, "update",
		func() error { return r.api.UpdateAssets(ctx, ws) },
		func(k int) error {
			_, err := r.api.UpdateAsset(ctx, ms[k].ch.LiveID, ms[k].w)
			return err
		})
}

// bulkRun returns the changes from index i on, while inRun holds, that
// eligible accepts: the candidates for one bulk step. It returns nil when
// bulk requests are off or fewer than two qualify (a bulk request would
// not pay; the change at i is then written on its own).
func (r *runner) bulkRun(i int, inRun, eligible func(*plan.Change) bool) []*plan.Change {
	if r.perObject || !eligible(&r.p.Changes[i]) {
		return nil
	}
	var todo []*plan.Change
	for j := i; j < len(r.p.Changes) && inRun(&r.p.Changes[j]); j++ {
		if ch := &r.p.Changes[j]; eligible(ch) {
			todo = append(todo, ch)
		}
	}
	if len(todo) < 2 {
		return nil
	}
	return todo
}

// bulkReady takes out of todo, reporting each in the ledger as one
// reports it (nothing sent), the changes whose guard verdict is not fresh
// or that blocked says are blocked, and builds the body of each of the
// others (build; a change whose body cannot be built is reported
// failed). It returns the changes to send with their bodies, in order.
func bulkReady[W any](ctx context.Context, r *runner, todo []*plan.Change, blocked func(*plan.Change) bool,
	build func(*plan.Change) (W, error)) ([]*plan.Change, []W) {
	var chs []*plan.Change
	var ws []W
	for _, ch := range todo {
		if r.verdicts[ch.ID].Status != guard.Fresh || blocked(ch) {
			r.lg.early[ch.ID] = r.one(ctx, ch) // reports why, writes nothing
			continue
		}
		w, err := build(ch)
		if err != nil {
			r.lg.early[ch.ID] = r.writeFailure(ctx, ch, err)
			continue
		}
		chs, ws = append(chs, ch), append(ws, w)
	}
	return chs, ws
}

// notBlocked is bulkReady's blocked for the updates, whose eligibility
// already required everything they depend on to be applied.
func notBlocked(*plan.Change) bool { return false }

// inParallelChunks sends items in chunks of size, updateChunksAtOnce
// chunks at a time (send returns a chunk's results in its order), and
// records each result in the ledger under id(item); after an interrupt the
// chunks not sent are not attempted.
func inParallelChunks[M any](ctx context.Context, r *runner, items []M, size int, id func(M) string, send func([]M) []Result) {
	var chunks [][]M
	for start := 0; start < len(items); start += size {
		chunks = append(chunks, items[start:min(start+size, len(items))])
	}
	results := make([][]Result, len(chunks))
	parallel.Each(ctx, updateChunksAtOnce, len(chunks), func(k int) { results[k] = send(chunks[k]) })
	for k, chunk := range chunks {
		for j, m := range chunk {
			res := Result{Status: NotAttempted, Message: "the run was interrupted before this change"}
			if results[k] != nil {
				res = results[k][j]
			}
			r.lg.early[id(m)] = res
		}
	}
}

// inChunks sends chs in chunks of updateChunk (r.updatesPer), one chunk after another
// (send(start, end) for chs[start:end]), and records each result in
// r.lg.early; after an interrupt the remaining changes are not attempted.
func (r *runner) inChunks(ctx context.Context, chs []*plan.Change, send func(start, end int) []Result) {
	for start := 0; start < len(chs); start += r.updatesPer {
		end := min(start+r.updatesPer, len(chs))
		if ctx.Err() != nil {
			for _, ch := range chs[start:] {
				r.lg.early[ch.ID] = Result{Status: NotAttempted, Message: "the run was interrupted before this change"}
			}
			return
		}
		for k, res := range send(start, end) {
			r.lg.early[chs[start+k].ID] = res
		}
	}
}

// bulkThenAlone sends chs in one bulk request (bulk) and returns their
// results in order. When the bulk request fails (refused, since one bad
// item refuses the whole request, or failed after the client's retries,
// so some items may have been applied), each is sent alone (alone(k):
// updates and deletes are idempotent), until maxSickSingles failures in a
// row that are not refusals show the API itself is failing; the rest are
// then reported failed without a request. verb ("update", "delete")
// names the bulk request in messages.
func (r *runner) bulkThenAlone(ctx context.Context, chs []*plan.Change, verb string, bulk func() error, alone func(k int) error) []Result {
	out := make([]Result, len(chs))
	err := bulk()
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
			out[k] = r.writeFailure(ctx, ch, fmt.Errorf("the bulk %s holding it failed: %w", verb, err))
			continue
		case sick >= maxSickSingles:
			out[k] = Result{Status: Failed, Message: r.clean(ch, fmt.Errorf("not retried alone after the bulk %s holding it failed, as the API keeps failing: %w", verb, err))}
			continue
		}
		serr := alone(k)
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

// writeFailure is the result of a change whose write could not be built
// or sent, as one reports it.
func (r *runner) writeFailure(ctx context.Context, ch *plan.Change, err error) Result {
	var sk skipError
	if errors.As(err, &sk) {
		return Result{Status: Skipped, Message: sk.why}
	}
	msg := r.clean(ch, err)
	if ctx.Err() != nil {
		msg += " (interrupted: its outcome is unknown; run plan again to see where things stand)"
	}
	return Result{Status: Failed, Message: msg}
}
