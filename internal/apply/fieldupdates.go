package apply

import (
	"context"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// bulkFieldUpdatable reports whether ch is a field update that may share
// a bulk PATCH /flexible_asset_fields (the API's only bulk field write,
// non-nested): it has its live id, is not a reorder (those go in their
// own bulk PATCH), is not written yet and everything it depends on or
// refers to has been applied.
func (r *runner) bulkFieldUpdatable(ch *plan.Change) bool {
	if ch.Kind != plan.KindField || ch.Action != plan.Update || ch.LiveID == 0 || (ch.Write != nil && len(ch.Write.Orders) > 0) {
		return false
	}
	if _, done := r.lg.early[ch.ID]; done {
		return false
	}
	if ch.Write != nil && ch.Write.TagType != nil && ch.Write.TagType.Change != "" && r.lg.status[ch.Write.TagType.Change] != Applied {
		return false
	}
	return r.lg.ready(ch)
}

// fieldUpdateBatch, when the change at i is a field update that may go in
// bulk, writes it together with every other such update in the run of
// field updates that starts at i, in bulk PATCHes of up to updateChunk,
// and stores each one's result in r.lg.early (see orgUpdateBatch). The bulk
// response holds no name-keys: an asset write that needs a renamed
// field's key reads its type's fields then (see traitKey).
func (r *runner) fieldUpdateBatch(ctx context.Context, i int) bool {
	todo := r.bulkRun(i, func(ch *plan.Change) bool { return ch.Kind == plan.KindField && ch.Action == plan.Update }, r.bulkFieldUpdatable)
	if todo == nil {
		return false
	}
	chs, ws := bulkReady(ctx, r, todo, notBlocked, func(ch *plan.Change) (client.FlexibleAssetFieldWrite, error) {
		pw := ch.Write
		if pw == nil {
			pw = &plan.Write{}
		}
		w, err := r.fieldWrite(pw.Attributes, pw.Refs, pw.TagType)
		w.ID = ch.LiveID
		return w, err
	})
	r.inChunks(ctx, chs, func(start, end int) []Result { return r.fieldUpdateChunk(ctx, chs[start:end], ws[start:end]) })
	return true
}

// fieldUpdateChunk sends one chunk of field updates in bulk, and one by
// one when the bulk request fails (see bulkThenAlone).
func (r *runner) fieldUpdateChunk(ctx context.Context, chs []*plan.Change, ws []client.FlexibleAssetFieldWrite) []Result {
	return r.bulkThenAlone(ctx, chs, "update",
		func() error { return r.api.UpdateFields(ctx, ws) },
		func(k int) error {
			w := ws[k]
			w.ID = 0
			f, err := r.api.UpdateField(ctx, chs[k].LiveID, w)
			if err == nil {
				r.fieldKeys[fieldKey(plan.FieldRef{Change: chs[k].ID})] = f.NameKey
			}
			return err
		})
}
