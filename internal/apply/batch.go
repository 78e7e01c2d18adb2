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
	return r.ready(ch)
}

// ready reports whether every change ch depends on or refers to has been
// applied already (in this run), so ch can be written now.
func (r *runner) ready(ch *plan.Change) bool {
	done := func(id string) bool { return r.status[id] == Applied }
	for _, d := range ch.DependsOn {
		if r.inPlan(d) && !done(d) {
			return false
		}
	}
	if ch.Write == nil {
		return true
	}
	for _, ref := range ch.Write.Refs {
		if ref.Change != "" && !done(ref.Change) {
			return false
		}
	}
	for _, refs := range ch.Write.Tags {
		for _, ref := range refs {
			if ref.Change != "" && !done(ref.Change) {
				return false
			}
		}
	}
	for _, fr := range ch.Write.FieldKeys {
		if !done(fr.Change) {
			return false
		}
	}
	return true
}

// createBatch creates the asset at index i together with the other ready
// asset creates of the same organization in the same run of asset changes
// (no-ops, updates and other organizations' creates in between are passed
// over), up to maxBatch, in one nested POST. It stores each one's result
// in r.early, where Apply picks them up in plan order, and reports whether
// it did so; when it did not, the change at i is applied on its own.
// Creating a ready asset earlier than its place is safe for the reason
// given at updateBatch.
func (r *runner) createBatch(ctx context.Context, i int) bool {
	lead := &r.p.Changes[i]
	if r.perObject || !r.batchable(lead) {
		return false
	}
	if _, done := r.early[lead.ID]; done {
		return false
	}
	w, err := r.assetWrite(ctx, lead)
	if err != nil {
		return false // let the single path report it
	}
	ms := []member{{i, lead, w}}
	for j := i + 1; j < len(r.p.Changes) && isAssetWrite(&r.p.Changes[j]) && len(ms) < maxBatch; j++ {
		ch := &r.p.Changes[j]
		if ch.Organization != lead.Organization || !r.batchable(ch) {
			continue
		}
		if _, done := r.early[ch.ID]; done {
			continue
		}
		w, err := r.assetWrite(ctx, ch)
		if err != nil || w.OrganizationID != ms[0].w.OrganizationID {
			continue // applied on its own when Apply reaches it
		}
		ms = append(ms, member{j, ch, w})
	}
	if len(ms) == 1 {
		return false
	}
	for k, res := range r.createMembers(ctx, ms) {
		r.early[ms[k].ch.ID] = res
	}
	r.secrets = nil
	return true
}

// createMembers creates a batch in one POST and returns the results in
// the batch's order.
func (r *runner) createMembers(ctx context.Context, ms []member) []Result {
	ws := make([]client.FlexibleAssetWrite, len(ms))
	for k, m := range ms {
		ws[k] = m.w
	}
	out := make([]Result, len(ms))
	got, err := r.api.FlexibleAssets.CreateSafe(ctx, ms[0].w.OrganizationID, ws, samePlainTraits)
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
	if client.IsAmbiguous(err) || ctx.Err() != nil || !isRefusal(err) {
		for k, m := range ms {
			out[k] = Result{Status: Failed, Message: r.clean(m.ch, err)}
		}
		return out
	}
	// The API refused the batch as a whole, so nothing was created: create
	// one by one to find the asset at fault and apply the others.
	for k, m := range ms {
		if ctx.Err() != nil {
			out[k] = Result{Status: NotAttempted, Message: "the run was interrupted before this change"}
			continue
		}
		got, err := r.api.FlexibleAssets.CreateSafe(ctx, m.w.OrganizationID, []client.FlexibleAssetWrite{m.w}, samePlainTraits)
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
