package reconcile

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// planAsset plans a create, update or no-op for one matched asset.
func (ap *assetPlanner) planAsset(st *assetState) {
	a := st.want
	var tp traitPlan // most assets are unchanged: compared only, on the stack
	ap.planTraits(st, st.live == nil, &tp)
	if !tp.ok {
		return
	}
	archivedChanges := a.Archived != nil && st.live != nil && *a.Archived != st.live.Archived
	if st.live != nil && len(tp.diffs) == 0 && !archivedChanges {
		ap.out.addReserved(st.entry, &plan.Change{ID: st.changeID, Action: plan.NoOp, Kind: plan.KindAsset, Organization: a.Organization,
			AssetType: a.Type, Name: assetName(a), Source: ap.strs.pos(a.Pos), LiveID: st.live.ID}, phaseAsset)
		return
	}
	if !tp.build {
		ap.planTraits(st, true, &tp)
	}
	ch := &plan.Change{ID: st.changeID, Kind: plan.KindAsset, Organization: a.Organization, AssetType: a.Type,
		Name: assetName(a), Source: ap.strs.pos(a.Pos), DependsOn: tp.deps}
	w := &tp.w
	if d, ok := archivedDiff(st, w); ok {
		ch.Diffs = append(ch.Diffs, d)
	}
	ch.Diffs = append(ch.Diffs, tp.diffs...)
	if st.live == nil {
		ch.Action, ch.Reason = plan.Create, "declared in the repository, not in the account"
		w.SendTraits = true
		w.Refs = map[string]plan.Ref{"organization-id": st.org.ref(), "flexible-asset-type-id": st.typ.ref()}
		for _, r := range w.Refs {
			if r.Change != "" {
				ch.DependsOn = append(ch.DependsOn, r.Change)
			}
		}
		ch.Write = trimWrite(w)
		ap.out.addReserved(st.entry, ch, phaseAsset)
		return
	}
	ch.LiveID = st.live.ID
	if len(ch.Diffs) == 0 {
		ch.Action, ch.DependsOn = plan.NoOp, nil
		ap.out.addReserved(st.entry, ch, phaseAsset)
		return
	}
	ch.Action, ch.Guard = plan.Update, liveGuard(guard.Asset(*st.live))
	ch.Reason = "the account differs from the repository"
	if len(tp.diffs) > 0 {
		w.SendTraits = true
		if len(tp.uploads) > 0 {
			ap.out.errf(a.Pos, "state the trait in the repository as {file: path} so glue-sync can send the file again",
				"asset %q: updating its traits would erase the file in %s, which the repository does not state: IT Glue needs an Upload's file again on every update",
				assetName(a), strings.Join(quoteAll(tp.uploads), ", "))
		}
	} else {
		w.Traits, w.Tags, w.Secrets, w.Uploads, w.FieldKeys = nil, nil, nil, nil, nil
	}
	ch.Write = trimWrite(w)
	ap.out.addReserved(st.entry, ch, phaseAsset)
}

// archivedDiff compares an asset's stated archived state with the live
// one (a new asset only when it is to be archived) and, when they differ,
// puts it in the write and returns its diff.
func archivedDiff(st *assetState, w *plan.Write) (plan.Diff, bool) {
	a := st.want
	liveArchived := st.live != nil && st.live.Archived
	if a.Archived == nil || (*a.Archived == liveArchived && (st.live != nil || !*a.Archived)) {
		return plan.Diff{}, false
	}
	w.Attributes = map[string]json.RawMessage{"archived": jsonValue(*a.Archived)}
	d := plan.Diff{Path: "archived", After: jsonValue(*a.Archived)}
	if st.live != nil {
		d.Before = jsonValue(liveArchived)
	}
	return d, true
}

// trimWrite drops empty maps so the plan stays small and readable.
func trimWrite(w *plan.Write) *plan.Write {
	out := *w
	if len(out.Attributes) == 0 {
		out.Attributes = nil
	}
	if len(out.Traits) == 0 {
		out.Traits = nil
	}
	if len(out.Tags) == 0 {
		out.Tags = nil
	}
	if len(out.Secrets) == 0 {
		out.Secrets = nil
	}
	if len(out.Uploads) == 0 {
		out.Uploads = nil
	}
	if len(out.FieldKeys) == 0 {
		out.FieldKeys = nil
	}
	return &out
}

func quoteAll(s []string) []string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = fmt.Sprintf("%q", x)
	}
	return out
}
