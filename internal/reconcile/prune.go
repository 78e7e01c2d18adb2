package reconcile

import (
	"fmt"
	"slices"

	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// pruneInput is what the prune phase reads: the repository's manage and
// prune policy, the live snapshot, and what the earlier phases matched.
type pruneInput struct {
	cfg           spec.RepoConfig
	force         bool // Options.ForcePrune
	live          *Live
	ix            liveIndex
	tg            targets
	orgs          *orgsResult
	types         *typesResult
	claimedAssets map[int64][]*spec.Asset // the declared assets that matched live ones (assetsResult.claimed)
}

// pruneResult is the prune phase's output besides its deletes: the live
// objects in scope it leaves alone, the count of those outside the scope
// (nil when none), and the number of live assets per type read in full.
type pruneResult struct {
	unmanaged []plan.Unmanaged
	outside   *plan.OutsideScope
	typeSizes map[string]int
}

// pruner is the prune phase: it handles live objects inside the managed
// scope that the repository does not declare: they are deleted when the
// prune policy of their kind is enabled, else listed as unmanaged.
// Flexible asset types cannot be deleted through the API and are only
// ever listed. Deletes of a kind beyond its threshold (count or share of
// the live objects of that kind in scope) are an error in out unless
// forced (Options.ForcePrune). Field deletes were planned by the types
// phase; only their threshold is checked here.
type pruner struct {
	in  pruneInput
	out *changeSet
	res *pruneResult
}

// planPrune is the prune phase (see pruner).
func planPrune(in pruneInput, out *changeSet) *pruneResult {
	pr := &pruner{in: in, out: out, res: &pruneResult{}}
	orgs := pr.organizations()
	pr.assetTypes()
	assets := pr.assets(orgs.deleted)
	fields := pr.fields()
	pr.checkThreshold("organizations", in.cfg.Prune.Organizations, orgs)
	pr.checkThreshold("assets", in.cfg.Prune.Assets, assets)
	pr.checkThreshold("fields", in.cfg.Prune.Fields, fields)
	return pr.res
}

// pruneCount is what a threshold is checked against: how many live
// objects of a kind are in scope, and how many of them are deleted (by
// id, where a later step needs them).
type pruneCount struct {
	inScope, deletes int
	deleted          map[int64]bool
}

// organizations deletes or reports the undeclared live organizations in
// scope.
func (pr *pruner) organizations() pruneCount {
	cfg, live := pr.in.cfg, pr.in.live
	n := pruneCount{deleted: map[int64]bool{}}
	for _, i := range byID(len(live.Organizations), func(i int) int64 { return live.Organizations[i].ID }) {
		lo := &live.Organizations[i]
		claimed := pr.in.orgs.claimed[lo.ID]
		if claimed == nil && !cfg.Manage.Organizations.Includes(lo.Name, false) {
			pr.outsideScope().Organizations++
			continue
		}
		if claimed != nil && !pr.in.tg.has(claimed.want.Name, "") || claimed == nil && !pr.in.tg.has(lo.Name, "") {
			continue
		}
		n.inScope++
		if claimed != nil {
			continue
		}
		if !cfg.Prune.Organizations.Enabled || lo.Primary {
			// The primary organization is the account holder's own: never
			// deleted, whatever the policy says.
			pr.res.unmanaged = append(pr.res.unmanaged, plan.Unmanaged{Kind: plan.KindOrganization, Address: lo.Name, LiveID: lo.ID})
			continue
		}
		n.deletes++
		n.deleted[lo.ID] = true
		pr.out.add(&plan.Change{ID: orgChangeID(lo.Name), Action: plan.Delete, Kind: plan.KindOrganization, Organization: lo.Name,
			Name: lo.Name, LiveID: lo.ID, Reason: "not declared in the repository, inside manage.organizations, and prune.organizations is enabled",
			Diffs: []plan.Diff{{Path: "name", Before: jsonValue(lo.Name)}}, Guard: liveGuard(guard.Organization(*lo))}, phaseOrgDelete)
	}
	return n
}

// assetTypes reports the undeclared live types: the API cannot delete
// them.
func (pr *pruner) assetTypes() {
	live := pr.in.live
	for _, i := range byID(len(live.AssetTypes), func(i int) int64 { return live.AssetTypes[i].ID }) {
		lt := &live.AssetTypes[i]
		switch {
		case pr.in.types.claimed[lt.ID] != nil:
		case !pr.in.cfg.Manage.AssetTypes.Includes(lt.Name, false):
			pr.outsideScope().AssetTypes++
		case pr.in.tg.has("", lt.Name):
			pr.res.unmanaged = append(pr.res.unmanaged, plan.Unmanaged{Kind: plan.KindAssetType, Address: lt.Name, LiveID: lt.ID})
		}
	}
}

// fields counts the live fields of the targeted declared types and the
// deletes the types phase planned among them.
func (pr *pruner) fields() pruneCount {
	var n pruneCount
	for _, s := range pr.in.types.list {
		if s.live != nil && pr.in.tg.has("", s.want.Name) {
			n.inScope += len(s.live.Fields)
			n.deletes += len(s.deleted)
		}
	}
	return n
}

// outsideScope returns the count of live objects outside the
// managed scope, creating it on first use.
func (pr *pruner) outsideScope() *plan.OutsideScope {
	if pr.res.outside == nil {
		pr.res.outside = &plan.OutsideScope{}
	}
	return pr.res.outside
}

// assets handles the live assets of in-scope types and organizations
// that no declared asset matched (assets of deleted organizations go
// with them).
func (pr *pruner) assets(deletedOrg map[int64]bool) pruneCount {
	var n pruneCount
	cfg := pr.in.cfg
	for _, i := range byID(len(pr.in.live.AssetTypes), func(i int) int64 { return pr.in.live.AssetTypes[i].ID }) {
		lt := &pr.in.live.AssetTypes[i]
		ts := pr.in.types.claimed[lt.ID]
		if ts == nil && !cfg.Manage.AssetTypes.Includes(lt.Name, false) {
			continue
		}
		typeName := lt.Name
		if ts != nil {
			typeName = ts.want.Name
		}
		as, claimed := pr.in.live.Assets[lt.ID], pr.in.claimedAssets[lt.ID]
		if pr.in.live.assetsReadAll(lt.ID) {
			if pr.res.typeSizes == nil {
				pr.res.typeSizes = map[string]int{}
			}
			pr.res.typeSizes[typeName] = len(as)
		}
		order := byID(len(as), func(j int) int64 { return as[j].ID })
		for k, j := range order {
			la := &as[j]
			// The same asset listed twice (read per organization while it
			// moved between them): its copies sit side by side in id
			// order. The first stands for all: claimed if any copy is, and
			// deleted at most once.
			if k > 0 && as[order[k-1]].ID == la.ID {
				continue
			}
			isClaimed := claimed != nil && claimed[j] != nil
			for r := k + 1; r < len(order) && as[order[r]].ID == la.ID; r++ {
				isClaimed = isClaimed || (claimed != nil && claimed[order[r]] != nil)
			}
			os := pr.in.orgs.claimed[la.OrganizationID]
			lo := pr.in.ix.orgs[la.OrganizationID]
			orgName := la.OrganizationName
			switch {
			case os != nil:
				orgName = os.want.Name
			case lo != nil && cfg.Manage.Organizations.Includes(lo.Name, false):
				orgName = lo.Name
			default:
				continue
			}
			if deletedOrg[la.OrganizationID] || !pr.in.tg.has(orgName, typeName) || !pr.in.live.assetsReadFor(lt.ID, la.OrganizationID) {
				continue
			}
			n.inScope++
			if isClaimed {
				continue
			}
			name := la.Name
			if name == "" {
				name = fmt.Sprintf("#%d", la.ID)
			}
			addr := orgName + "/" + typeName + "/" + name
			if !cfg.Prune.Assets.Enabled {
				pr.res.unmanaged = append(pr.res.unmanaged, plan.Unmanaged{Kind: plan.KindAsset, Address: addr, LiveID: la.ID})
				continue
			}
			n.deletes++
			pr.out.add(&plan.Change{ID: "flexible-asset/" + addr, Action: plan.Delete, Kind: plan.KindAsset, Organization: orgName,
				AssetType: typeName, Name: name, LiveID: la.ID,
				Reason: "not declared in the repository, inside the managed scope, and prune.assets is enabled",
				Diffs:  []plan.Diff{{Path: "name", Before: jsonValue(la.Name)}}, Guard: liveGuard(guard.Asset(*la))}, phaseAssetDelete)
		}
	}
	return n
}

// checkThreshold refuses (as an error diagnostic) deletes of one kind
// beyond the policy's maxCount or maxShare, unless forced.
func (pr *pruner) checkThreshold(kind string, p spec.Prune, n pruneCount) {
	deletes, inScope := n.deletes, n.inScope
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
	if pr.in.force {
		pr.out.warnf(p.Pos, "", "%s; going ahead because prune is forced", msg)
		return
	}
	pr.out.errf(p.Pos, fmt.Sprintf("check every delete; if they are all intended, re-run with --force, or raise prune.%s in glue-sync.yaml", kind), "%s", msg)
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
