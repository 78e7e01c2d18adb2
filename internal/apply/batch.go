package apply

import (
	"context"
	"errors"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// maxBatch caps the asset creates sent in one request: small enough that
// a batch always fits one POST (the client would split a bigger one), so
// a refused batch is known to have created nothing.
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

// createBatch creates the asset at index i together with the asset
// creates right after it in the same organization that are ready too, in
// one nested POST, and returns their results in plan order (nil when the
// change at i cannot lead a batch: it is then applied on its own).
func (r *runner) createBatch(ctx context.Context, i int) []Result {
	lead := &r.p.Changes[i]
	if !r.batchable(lead) {
		return nil
	}
	w, err := r.assetWrite(ctx, lead)
	if err != nil {
		return nil // let the single path report it
	}
	ms := []member{{i, lead, w}}
	for j := i + 1; j < len(r.p.Changes) && len(ms) < maxBatch; j++ {
		ch := &r.p.Changes[j]
		if !r.batchable(ch) {
			break
		}
		w, err := r.assetWrite(ctx, ch)
		if err != nil || w.OrganizationID != ms[0].w.OrganizationID {
			break
		}
		ms = append(ms, member{j, ch, w})
	}
	if len(ms) == 1 {
		return nil
	}
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

// isRefusal reports whether err is a definite refusal of the request (a
// 4xx the API answered), after which nothing was written.
func isRefusal(err error) bool {
	var ae *client.APIError
	return errors.As(err, &ae) && ae.StatusCode >= 400 && ae.StatusCode < 500
}
