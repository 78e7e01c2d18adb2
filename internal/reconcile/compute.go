package reconcile

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// Compute compares desired with live and returns the plan. It does no IO,
// and the same inputs always give the same plan. Problems (unknown or
// ambiguous names, refused changes, exceeded prune thresholds) are plan
// diagnostics; a plan with an error diagnostic must not be applied.
//
// It runs in phases, each a function of the outputs of the ones before
// (docs/reconcile.md, "Phases"); all of them put their changes and
// diagnostics into one changeSet, which keeps change ids unique.
func Compute(desired *spec.DesiredState, live *Live, opts Options) *plan.Plan {
	p := &plan.Plan{FormatVersion: plan.FormatVersion,
		Source: plan.Source{Dir: opts.SourceDir, Commit: opts.SourceCommit},
		Target: plan.Target{BaseURL: opts.BaseURL, Sandbox: opts.Sandbox}}
	out := newChangeSet(desiredObjects(desired))
	if desired == nil || live == nil {
		out.errf(spec.Pos{}, "", "nothing to compare: the desired state or the live snapshot is missing")
		p.Diagnostics = out.diags
		return p
	}
	ix := indexLive(live)
	tg := readTargets(desired, opts.Targets, out)
	types := planTypes(desired, live, ix, out)
	orgs := planOrganizations(desired, live, ix, out)
	assets := planAssets(assetInput{d: desired, live: live, opts: opts, ix: ix, tg: tg, orgs: orgs, types: types}, out)
	pruned := planPrune(pruneInput{cfg: desired.Config, force: opts.ForcePrune, live: live, ix: ix, tg: tg,
		orgs: orgs, types: types, claimedAssets: assets.claimed}, out)
	p.Changes = order(tg.selectEntries(out), out)
	p.Unmanaged = append(pruned.unmanaged, types.unmanaged...)
	p.OutsideScope, p.TypeSizes = pruned.outside, pruned.typeSizes
	p.Diagnostics = out.diags
	tidy(p)
	return p
}

// phase orders changes for apply: types before fields before
// organizations before assets, deletes where they free what others need.
type phase int

const (
	phaseType phase = iota
	phaseFieldDelete
	phaseFieldOrder
	phaseFieldUpdate
	phaseFieldCreate
	phaseOrg
	phaseAsset
	phaseAssetDelete
	phaseOrgDelete
)

// entry is a change being built, with what ordering needs.
type entry struct {
	ch    *plan.Change
	phase phase
	seq   int
}

// changeSet is where every phase puts its output for the plan: the
// changes, with ids unique across phases, and the diagnostics. It is the
// only thing the phases share, and they only append to it (a phase may
// add a dependency to a change it added itself).
//
// The changes are built in place: add copies each into the next free
// element of a chunk, and the entries point there. The first chunk is
// sized for the whole plan, so that when ordering moves nothing (a plan
// whose changes were planned in apply's order, such as one that changes
// nothing) it is the plan's Changes as it stands, not a copy of it.
type changeSet struct {
	entries []*entry
	slab    []entry       // where the next entries go (see add)
	changes []plan.Change // the chunk the next changes go to; never grown in place
	first   []plan.Change // the first chunk (see order)
	byID    map[string]*entry
	diags   []plan.Diagnostic
}

// newChangeSet returns a changeSet sized for about n changes (one per
// declared object, most of them assets), so that a large plan does not
// grow it step by step.
func newChangeSet(n int) *changeSet {
	cs := &changeSet{byID: make(map[string]*entry, n), entries: make([]*entry, 0, n),
		changes: make([]plan.Change, 0, max(n, 16))}
	cs.first = cs.changes
	return cs
}

// desiredObjects is how many objects desired declares (0 for nil): its
// organizations, types, fields and assets, each planned as one change
// when nothing is deleted.
func desiredObjects(d *spec.DesiredState) int {
	if d == nil {
		return 0
	}
	n := len(d.Organizations) + len(d.AssetTypes) + len(d.Assets)
	for _, t := range d.AssetTypes {
		n += len(t.Fields)
	}
	return n
}

// add registers a copy of ch in a phase and returns the copy, which is
// the change the plan holds: a phase that changes its change afterwards
// changes the returned one. Change ids are unique: a second change with
// the same id (names that collide once joined with "/") gets a numbered
// suffix.
func (cs *changeSet) add(ch *plan.Change, ph phase) *plan.Change {
	base := ch.ID
	for n := 2; cs.taken(ch.ID); n++ {
		ch.ID = fmt.Sprintf("%s#%d", base, n)
	}
	e := cs.newEntry()
	cs.byID[ch.ID] = e
	return cs.fill(e, ch, ph)
}

// reserve sets id aside for a change added later with addReserved (an
// asset's, which tags may point at before it is planned): made unique
// against every change and every reservation, it is returned with the
// entry the change is to fill. A reservation never filled (the asset
// could not be planned) is no change: add may reuse its id.
func (cs *changeSet) reserve(id string) (string, *entry) {
	base := id
	for n := 2; cs.byID[id] != nil; n++ {
		id = fmt.Sprintf("%s#%d", base, n)
	}
	e := cs.newEntry()
	cs.byID[id] = e
	return id, e
}

// addReserved is add for a change whose id reserve gave, with the entry
// it returned.
func (cs *changeSet) addReserved(e *entry, ch *plan.Change, ph phase) *plan.Change {
	return cs.fill(e, ch, ph)
}

// taken reports whether a change has id (a reservation not filled yet
// does not count).
func (cs *changeSet) taken(id string) bool {
	e := cs.byID[id]
	return e != nil && e.ch != nil
}

// newEntry returns an empty entry. Entries are allocated in chunks, not
// one by one.
func (cs *changeSet) newEntry() *entry {
	if len(cs.slab) == 0 {
		cs.slab = make([]entry, min(max(cap(cs.entries)-len(cs.entries), 16), 1024))
	}
	e := &cs.slab[0]
	cs.slab = cs.slab[1:]
	return e
}

// fill puts a copy of ch, in phase ph, in e, and e after the entries
// added so far.
func (cs *changeSet) fill(e *entry, ch *plan.Change, ph phase) *plan.Change {
	if len(cs.changes) == cap(cs.changes) { // a new chunk: the changes already added stay where they are
		cs.changes = make([]plan.Change, 0, min(max(len(cs.entries)/4, 16), 4096))
	}
	cs.changes = append(cs.changes, *ch)
	*e = entry{ch: &cs.changes[len(cs.changes)-1], phase: ph, seq: len(cs.entries)}
	cs.entries = append(cs.entries, e)
	return e.ch
}

// diag records a diagnostic positioned at pos (zero for none).
func (cs *changeSet) diag(sev plan.Severity, pos spec.Pos, hint, format string, args ...any) {
	cs.diags = append(cs.diags, plan.Diagnostic{Severity: sev, Pos: pos,
		Message: fmt.Sprintf(format, args...), Hint: hint})
}

func (cs *changeSet) errf(pos spec.Pos, hint, format string, args ...any) {
	cs.diag(plan.SeverityError, pos, hint, format, args...)
}

func (cs *changeSet) warnf(pos spec.Pos, hint, format string, args ...any) {
	cs.diag(plan.SeverityWarning, pos, hint, format, args...)
}

// liveIndex is the first phase's output: the live organizations and
// types by id.
type liveIndex struct {
	orgs  map[int64]*client.Organization
	types map[int64]*client.FlexibleAssetType
}

// indexLive indexes the live snapshot by id.
func indexLive(live *Live) liveIndex {
	ix := liveIndex{orgs: make(map[int64]*client.Organization, len(live.Organizations)),
		types: make(map[int64]*client.FlexibleAssetType, len(live.AssetTypes))}
	for i := range live.Organizations {
		ix.orgs[live.Organizations[i].ID] = &live.Organizations[i]
	}
	for i := range live.AssetTypes {
		ix.types[live.AssetTypes[i].ID] = &live.AssetTypes[i]
	}
	return ix
}

// typeName names the live type with id for messages ("#id" when unknown).
func (ix liveIndex) typeName(id int64) string {
	if t := ix.types[id]; t != nil {
		return t.Name
	}
	return fmt.Sprintf("#%d", id)
}

// tidy sorts what the plan reports (diffs, dependencies, unmanaged
// objects, diagnostics) and drops repeated diagnostics, so the plan is
// deterministic.
func tidy(p *plan.Plan) {
	for i := range p.Changes {
		ch := &p.Changes[i]
		slices.SortFunc(ch.Diffs, func(x, y plan.Diff) int { return cmp.Compare(x.Path, y.Path) })
		ch.DependsOn = sortedUnique(ch.DependsOn)
		if len(ch.DependsOn) == 0 {
			ch.DependsOn = nil
		}
	}
	slices.SortFunc(p.Unmanaged, func(x, y plan.Unmanaged) int {
		return cmp.Or(cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Address, y.Address), cmp.Compare(x.LiveID, y.LiveID))
	})
	slices.SortStableFunc(p.Diagnostics, func(x, y plan.Diagnostic) int {
		return cmp.Or(cmpBool(x.Pos.File == "", y.Pos.File == ""), comparePosString(x.Source(), y.Source()),
			cmp.Compare(x.Severity, y.Severity), cmp.Compare(x.Message, y.Message))
	})
	p.Diagnostics = slices.CompactFunc(p.Diagnostics, func(x, y plan.Diagnostic) bool { return x == y })
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case !a:
		return -1
	}
	return 1
}
