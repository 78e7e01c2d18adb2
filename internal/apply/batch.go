package apply

import (
	"context"
	"errors"
	"fmt"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// maxBatch caps the asset creates sent in one request: small enough that
// a batch usually fits one POST. When the client splits it anyway (a
// smaller bulk size, large bodies) or recovers part of it after an
// ambiguous failure, a failure part-way is a *client.PartialCreateError
// that says which were created (see partialResults).
const maxBatch = 50

// member is one asset create in a batch.
type member struct {
	idx int
	ch  *plan.Change
	w   client.FlexibleAssetWrite
}

// batchable reports whether ch is an asset create that may share a POST:
// nothing it depends on or refers to is still pending, and it carries no
// file (uploads go one by one, to keep requests small).
func (r *runner) batchable(ch *plan.Change) bool {
	if ch.Kind != plan.KindAsset || ch.Action != plan.Create || ch.Write == nil || len(ch.Write.Uploads) > 0 {
		return false
	}
	return r.lg.ready(ch)
}

// createMembers creates a batch in one POST and returns the results in
// the batch's order.
func (r *runner) createMembers(ctx context.Context, ms []member) []Result {
	ws := make([]client.FlexibleAssetWrite, len(ms))
	for k, m := range ms {
		ws[k] = m.w
	}
	out := make([]Result, len(ms))
	got, err := r.api.CreateAssets(ctx, ms[0].w.OrganizationID, ws, r.conc.matcher())
	for k := range got {
		if k < len(ms) {
			r.conc.remember(ms[k].ch, ms[k].w, got[k].ID)
		}
	}
	if err == nil {
		for k := range ms {
			out[k] = Result{Status: Applied, LiveID: got[k].ID}
		}
		return out
	}
	var pe *client.PartialCreateError
	if errors.As(err, &pe) && len(got) == len(ms) {
		return r.partialResults(ms, got, pe)
	}
	if client.IsAmbiguous(err) {
		for k, m := range ms {
			out[k] = r.settled(ctx, m.ch, m.w, err)
		}
		return out
	}
	if ctx.Err() != nil || !isRefusal(err) || len(ms) == 1 {
		for k, m := range ms {
			out[k] = Result{Status: Failed, Message: r.clean(m.ch, err)}
		}
		return out
	}
	// The API refused the batch as a whole, so nothing was created: create
	// one by one to find the asset at fault and apply the others.
	return r.createAlone(ctx, ms)
}

// createAlone creates the members of a refused batch one POST each.
func (r *runner) createAlone(ctx context.Context, ms []member) []Result {
	out := make([]Result, len(ms))
	for k, m := range ms {
		if ctx.Err() != nil {
			out[k] = Result{Status: NotAttempted, Message: "the run was interrupted before this change"}
			continue
		}
		got, err := r.api.CreateAssets(ctx, m.w.OrganizationID, []client.FlexibleAssetWrite{m.w}, r.conc.matcher())
		if len(got) == 1 {
			r.conc.remember(m.ch, m.w, got[0].ID)
		}
		if err != nil {
			out[k] = Result{Status: Failed, Message: r.clean(m.ch, err)}
			continue
		}
		out[k] = Result{Status: Applied, LiveID: got[0].ID}
	}
	return out
}

// partialResults reports a bulk create that stopped part-way: the assets
// the client returned with an id were created and are applied (later
// changes may refer to them); the others were not, and fail with the
// cause. They are not retried one by one: the cause may be an unknown
// outcome, and the report must never claim fewer assets than exist.
func (r *runner) partialResults(ms []member, got []client.FlexibleAsset, pe *client.PartialCreateError) []Result {
	out := make([]Result, len(ms))
	for k, m := range ms {
		if got[k].ID != 0 {
			out[k] = Result{Status: Applied, LiveID: got[k].ID}
			continue
		}
		err := fmt.Errorf("not created: the bulk create stopped after %d of %d assets were created: %w", pe.Created, pe.Total, pe.Err)
		out[k] = Result{Status: Failed, Message: r.clean(m.ch, err)}
	}
	return out
}

// isRefusal reports whether err is a definite refusal of the request (a
// 4xx the API answered), after which nothing was written.
func isRefusal(err error) bool {
	var ae *client.APIError
	return errors.As(err, &ae) && ae.StatusCode >= 400 && ae.StatusCode < 500
}
