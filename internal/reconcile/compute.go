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
func Compute(desired *spec.DesiredState, live *Live, opts Options) *plan.Plan {
	b := newBuilder(desired, live, opts)
	if desired == nil || live == nil {
		b.errf(spec.Pos{}, "", "nothing to compare: the desired state or the live snapshot is missing")
		return b.p
	}
	b.checkTargets()
	b.planTypes()
	b.planOrganizations()
	b.planAssets()
	b.planPrune()
	b.finish()
	return b.p
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

// builder carries one Compute call's state.
type builder struct {
	d    *spec.DesiredState
	live *Live
	opts Options
	p    *plan.Plan

	entries []*entry
	byID    map[string]*entry

	orgs       []*orgState
	orgByName  map[string]*orgState
	liveOrgs   map[int64]*client.Organization
	claimedOrg map[int64]*orgState

	types       []*typeState
	typeByName  map[string]*typeState
	liveTypes   map[int64]*client.FlexibleAssetType
	claimedType map[int64]*typeState

	assets      map[*spec.Asset]*assetState
	assetIdx    map[assetKey]*spec.Asset
	liveIdx     map[liveIdxKey]map[orgIdentity][]*client.FlexibleAsset
	claimedLive map[int64]*spec.Asset
	liveByID    map[int64]liveAsset // built on the first pinned asset

	targetOrgs, targetTypes map[string]bool
	warnedMatch             map[*fieldState]bool
	assetIDs                map[string]bool
}

func newBuilder(d *spec.DesiredState, live *Live, opts Options) *builder {
	b := &builder{d: d, live: live, opts: opts,
		p: &plan.Plan{FormatVersion: plan.FormatVersion,
			Source: plan.Source{Dir: opts.SourceDir, Commit: opts.SourceCommit},
			Target: plan.Target{BaseURL: opts.BaseURL, Sandbox: opts.Sandbox}},
		byID: map[string]*entry{}, orgByName: map[string]*orgState{}, liveOrgs: map[int64]*client.Organization{},
		claimedOrg: map[int64]*orgState{}, typeByName: map[string]*typeState{},
		liveTypes: map[int64]*client.FlexibleAssetType{}, claimedType: map[int64]*typeState{},
		assets: map[*spec.Asset]*assetState{}, assetIdx: map[assetKey]*spec.Asset{},
		liveIdx: map[liveIdxKey]map[orgIdentity][]*client.FlexibleAsset{}, claimedLive: map[int64]*spec.Asset{}}
	if live != nil {
		for i := range live.Organizations {
			b.liveOrgs[live.Organizations[i].ID] = &live.Organizations[i]
		}
		for i := range live.AssetTypes {
			b.liveTypes[live.AssetTypes[i].ID] = &live.AssetTypes[i]
		}
	}
	return b
}

// add registers a change in a phase. Change ids are unique: a second
// change with the same id (names that collide once joined with "/") gets a
// numbered suffix.
func (b *builder) add(ch *plan.Change, ph phase) *plan.Change {
	base := ch.ID
	for n := 2; b.byID[ch.ID] != nil; n++ {
		ch.ID = fmt.Sprintf("%s#%d", base, n)
	}
	e := &entry{ch: ch, phase: ph, seq: len(b.entries)}
	b.entries = append(b.entries, e)
	b.byID[ch.ID] = e
	return ch
}

// diag records a diagnostic positioned at pos (zero for none).
func (b *builder) diag(sev plan.Severity, pos spec.Pos, hint, format string, args ...any) {
	b.p.Diagnostics = append(b.p.Diagnostics, plan.Diagnostic{Severity: sev, Pos: pos,
		Message: fmt.Sprintf(format, args...), Hint: hint})
}

func (b *builder) errf(pos spec.Pos, hint, format string, args ...any) {
	b.diag(plan.SeverityError, pos, hint, format, args...)
}

func (b *builder) warnf(pos spec.Pos, hint, format string, args ...any) {
	b.diag(plan.SeverityWarning, pos, hint, format, args...)
}

// finish narrows to the targets, orders the changes and sorts what is
// reported, so the plan is deterministic.
func (b *builder) finish() {
	entries := b.selectTargets()
	b.p.Changes = b.order(entries)
	for i := range b.p.Changes {
		ch := &b.p.Changes[i]
		slices.SortFunc(ch.Diffs, func(x, y plan.Diff) int { return cmp.Compare(x.Path, y.Path) })
		ch.DependsOn = sortedUnique(ch.DependsOn)
		if len(ch.DependsOn) == 0 {
			ch.DependsOn = nil
		}
	}
	slices.SortFunc(b.p.Unmanaged, func(x, y plan.Unmanaged) int {
		return cmp.Or(cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Address, y.Address), cmp.Compare(x.LiveID, y.LiveID))
	})
	slices.SortStableFunc(b.p.Diagnostics, func(x, y plan.Diagnostic) int {
		return cmp.Or(cmpBool(x.Pos.File == "", y.Pos.File == ""), comparePosString(x.Source(), y.Source()),
			cmp.Compare(x.Severity, y.Severity), cmp.Compare(x.Message, y.Message))
	})
	b.p.Diagnostics = slices.CompactFunc(b.p.Diagnostics, func(x, y plan.Diagnostic) bool { return x == y })
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
