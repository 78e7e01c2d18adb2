package reconcile

import (
	"fmt"
	"slices"

	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// planPrune handles live objects inside the managed scope that the
// repository does not declare: they are deleted when the prune policy of
// their kind is enabled, else listed as unmanaged. Flexible asset types
// cannot be deleted through the API and are only ever listed. Deletes of a
// kind beyond its threshold (count or share of the live objects of that
// kind in scope) make the plan an error unless Options.ForcePrune.
func (b *builder) planPrune() {
	cfg := b.d.Config
	orgsInScope, orgDeletes := 0, 0
	deletedOrg := map[int64]bool{}
	for _, i := range byID(len(b.live.Organizations), func(i int) int64 { return b.live.Organizations[i].ID }) {
		lo := &b.live.Organizations[i]
		claimed := b.orgs.claimed[lo.ID] != nil
		if !claimed && !cfg.Manage.Organizations.Includes(lo.Name, false) {
			b.outsideScope().Organizations++
			continue
		}
		if claimed && !b.tg.has(b.orgs.claimed[lo.ID].want.Name, "") || !claimed && !b.tg.has(lo.Name, "") {
			continue
		}
		orgsInScope++
		if claimed {
			continue
		}
		if !cfg.Prune.Organizations.Enabled || lo.Primary {
			// The primary organization is the account holder's own: never
			// deleted, whatever the policy says.
			b.p.Unmanaged = append(b.p.Unmanaged, plan.Unmanaged{Kind: plan.KindOrganization, Address: lo.Name, LiveID: lo.ID})
			continue
		}
		orgDeletes++
		deletedOrg[lo.ID] = true
		b.add(&plan.Change{ID: orgChangeID(lo.Name), Action: plan.Delete, Kind: plan.KindOrganization, Organization: lo.Name,
			Name: lo.Name, LiveID: lo.ID, Reason: "not declared in the repository, inside manage.organizations, and prune.organizations is enabled",
			Diffs: []plan.Diff{{Path: "name", Before: jsonValue(lo.Name)}}, Guard: liveGuard(guard.Organization(*lo))}, phaseOrgDelete)
	}
	for _, i := range byID(len(b.live.AssetTypes), func(i int) int64 { return b.live.AssetTypes[i].ID }) {
		lt := &b.live.AssetTypes[i]
		switch {
		case b.types.claimed[lt.ID] != nil:
		case !cfg.Manage.AssetTypes.Includes(lt.Name, false):
			b.outsideScope().AssetTypes++
		case b.tg.has("", lt.Name):
			b.p.Unmanaged = append(b.p.Unmanaged, plan.Unmanaged{Kind: plan.KindAssetType, Address: lt.Name, LiveID: lt.ID})
		}
	}
	assetsInScope, assetDeletes := b.pruneAssets(deletedOrg)
	fieldsInScope, fieldDeletes := 0, 0
	for _, s := range b.types.list {
		if s.live != nil && b.tg.has("", s.want.Name) {
			fieldsInScope += len(s.live.Fields)
			fieldDeletes += len(s.deleted)
		}
	}
	b.checkThreshold("organizations", cfg.Prune.Organizations, orgDeletes, orgsInScope)
	b.checkThreshold("assets", cfg.Prune.Assets, assetDeletes, assetsInScope)
	b.checkThreshold("fields", cfg.Prune.Fields, fieldDeletes, fieldsInScope)
}

// outsideScope returns the plan's count of live objects outside the
// managed scope, creating it on first use.
func (b *builder) outsideScope() *plan.OutsideScope {
	if b.p.OutsideScope == nil {
		b.p.OutsideScope = &plan.OutsideScope{}
	}
	return b.p.OutsideScope
}

// pruneAssets handles the live assets of in-scope types and organizations
// that no declared asset matched; it returns how many assets were in
// scope and how many are deleted.
func (b *builder) pruneAssets(deletedOrg map[int64]bool) (inScope, deletes int) {
	cfg := b.d.Config
	for _, i := range byID(len(b.live.AssetTypes), func(i int) int64 { return b.live.AssetTypes[i].ID }) {
		lt := &b.live.AssetTypes[i]
		ts := b.types.claimed[lt.ID]
		if ts == nil && !cfg.Manage.AssetTypes.Includes(lt.Name, false) {
			continue
		}
		typeName := lt.Name
		if ts != nil {
			typeName = ts.want.Name
		}
		as := b.live.Assets[lt.ID]
		if b.live.assetsReadAll(lt.ID) {
			if b.p.TypeSizes == nil {
				b.p.TypeSizes = map[string]int{}
			}
			b.p.TypeSizes[typeName] = len(as)
		}
		for _, j := range byID(len(as), func(j int) int64 { return as[j].ID }) {
			la := &as[j]
			os := b.orgs.claimed[la.OrganizationID]
			lo := b.ix.orgs[la.OrganizationID]
			orgName := la.OrganizationName
			switch {
			case os != nil:
				orgName = os.want.Name
			case lo != nil && cfg.Manage.Organizations.Includes(lo.Name, false):
				orgName = lo.Name
			default:
				continue
			}
			if deletedOrg[la.OrganizationID] || !b.tg.has(orgName, typeName) || !b.live.assetsReadFor(lt.ID, la.OrganizationID) {
				continue
			}
			inScope++
			if b.claimedLive[la.ID] != nil {
				continue
			}
			name := la.Name
			if name == "" {
				name = fmt.Sprintf("#%d", la.ID)
			}
			addr := orgName + "/" + typeName + "/" + name
			if !cfg.Prune.Assets.Enabled {
				b.p.Unmanaged = append(b.p.Unmanaged, plan.Unmanaged{Kind: plan.KindAsset, Address: addr, LiveID: la.ID})
				continue
			}
			deletes++
			b.add(&plan.Change{ID: "flexible-asset/" + addr, Action: plan.Delete, Kind: plan.KindAsset, Organization: orgName,
				AssetType: typeName, Name: name, LiveID: la.ID,
				Reason: "not declared in the repository, inside the managed scope, and prune.assets is enabled",
				Diffs:  []plan.Diff{{Path: "name", Before: jsonValue(la.Name)}}, Guard: liveGuard(guard.Asset(*la))}, phaseAssetDelete)
		}
	}
	return inScope, deletes
}

// checkThreshold refuses (as an error diagnostic) deletes of one kind
// beyond the policy's maxCount or maxShare, unless forced.
func (b *builder) checkThreshold(kind string, p spec.Prune, deletes, inScope int) {
	if deletes == 0 {
		return
	}
	share := float64(deletes) / float64(max(inScope, 1))
	var over []string
	if p.MaxCount > 0 && deletes > p.MaxCount {
		over = append(over, fmt.Sprintf("maxCount %d", p.MaxCount))
	}
	if p.MaxShare > 0 && share > p.MaxShare {
		over = append(over, fmt.Sprintf("maxShare %g", p.MaxShare))
	}
	if len(over) == 0 {
		return
	}
	msg := fmt.Sprintf("prune would delete %d of the %d %s in scope (%.0f%%), more than %s allows", deletes, inScope, kind, share*100, joinAnd(over))
	if b.opts.ForcePrune {
		b.warnf(p.Pos, "", "%s; going ahead because prune is forced", msg)
		return
	}
	b.errf(p.Pos, fmt.Sprintf("check every delete; if they are all intended, re-run with --force, or raise prune.%s in glue-sync.yaml", kind), "%s", msg)
}

func joinAnd(s []string) string {
	if len(s) == 2 {
		return s[0] + " and " + s[1]
	}
	return s[0]
}

// byID returns the indices 0..n-1 ordered by the ids id(i), so that plans
// do not depend on the order the account listed objects in.
func byID(n int, id func(int) int64) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmpInt64(id(a), id(b)) })
	return idx
}
