package guard

import (
	"context"
	"fmt"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// How CheckAll chooses between lists and single GETs, by request count.
//
// Re-reading k objects one by one costs k requests. A list costs one
// request per page of ListPage objects, whatever share of it is needed:
// the organizations (or the types with their fields) in ceil(n/1000)
// requests, the assets of a type in ceil(n_T/1000), the assets of a type
// in one organization in ceil(n_T,o/1000), usually 1. Each group is
// re-read one by one only when that costs no more requests than its list:
// k <= the list's cost, estimated from the live objects the plan holds
// (its no-ops, updates and deletes). In practice single GETs serve a lone
// object, or a few each in another organization; everything bigger is
// listed: 20,000 asset updates over 25 types cost 25 requests, not 20,000.
//
// The assets of a type are listed per organization when they lie in at
// most PerOrgLists organizations (like ReadLive): that costs about one
// request per organization, whatever the size of the account, whereas the
// plan cannot always tell how many assets of the type other organizations
// hold (a narrow scope or --target leaves them out). When it can (the plan
// read every organization's assets of the type: Plan.TypeSizes), the type
// is listed whole whenever that takes fewer pages than one list per
// organization: 3 organizations' updates of a type of 900 assets cost one
// request, not 3. Beyond PerOrgLists organizations, one list of the type,
// as ReadLive read it for the plan.
const (
	// ListPage is how many objects one list request returns.
	ListPage = client.DefaultPageSize
	// PerOrgLists is the most organizations whose assets of a type are
	// listed one organization at a time.
	PerOrgLists = 8
)

// listCost is the requests a list of at least n objects needs.
func listCost(n int) int { return max(1, (n+ListPage-1)/ListPage) }

// objKey identifies a live object: kinds have separate id spaces.
type objKey struct {
	kind plan.Kind
	id   int64
}

// group is a set of guarded changes re-read together: by one list (list
// not nil), or one by one.
type group struct {
	what    string
	changes []*plan.Change
	list    func(ctx context.Context) (map[objKey]Live, error)
}

// reader plans and makes the re-reads of one CheckAll.
type reader struct {
	api       API
	p         *plan.Plan
	perObject bool
}

// planCounts are the live objects the plan knows of (changes with a live
// id), by kind, asset type and asset type plus organization.
type planCounts struct {
	orgs, types    int
	assets         map[string]int
	assetsOfOrg    map[[2]string]int
	orgIDs, typIDs map[string]int64
}

func (r *reader) countPlan() planCounts {
	c := planCounts{assets: map[string]int{}, assetsOfOrg: map[[2]string]int{}, orgIDs: map[string]int64{}, typIDs: map[string]int64{}}
	for i := range r.p.Changes {
		ch := &r.p.Changes[i]
		if ch.LiveID == 0 || ch.Action == plan.Create {
			continue
		}
		switch ch.Kind {
		case plan.KindOrganization:
			c.orgs++
			c.orgIDs[ch.Name] = ch.LiveID
		case plan.KindAssetType:
			c.types++
			c.typIDs[ch.Name] = ch.LiveID
		case plan.KindAsset:
			c.assets[ch.AssetType]++
			c.assetsOfOrg[[2]string{ch.AssetType, ch.Organization}]++
		}
	}
	if os := r.p.OutsideScope; os != nil {
		c.orgs += os.Organizations // listed too, though not in the plan
		c.types += os.AssetTypes
	}
	return c
}

// groups splits the guarded changes into the cheapest reads (see the
// constants above).
func (r *reader) groups(todo []*plan.Change) []group {
	if r.perObject {
		return []group{{what: "objects", changes: todo}}
	}
	c := r.countPlan()
	var orgs, types, singles []*plan.Change
	assets := map[string][]*plan.Change{}
	var typeNames []string
	for _, ch := range todo {
		switch Kind(ch) {
		case plan.KindOrganization:
			orgs = append(orgs, ch)
		case plan.KindAssetType, plan.KindField:
			types = append(types, ch)
		case plan.KindAsset:
			if _, ok := assets[ch.AssetType]; !ok {
				typeNames = append(typeNames, ch.AssetType)
			}
			assets[ch.AssetType] = append(assets[ch.AssetType], ch)
		default:
			singles = append(singles, ch)
		}
	}
	var out []group
	add := func(g group, cost int) {
		if len(g.changes) == 0 {
			return
		}
		if len(g.changes) <= cost {
			g.list = nil
		}
		out = append(out, g)
	}
	add(group{what: "the organizations", changes: orgs, list: r.listOrgs}, listCost(c.orgs))
	add(group{what: "the flexible asset types and their fields", changes: types, list: r.listTypes}, listCost(c.types))
	for _, name := range typeNames {
		out = append(out, r.assetGroups(c, name, assets[name])...)
	}
	if len(singles) > 0 {
		out = append(out, group{what: "objects", changes: singles})
	}
	return out
}

// assetGroups plans the re-reads of the guarded assets of one type: one
// by one, one list per organization, or one list of the type.
func (r *reader) assetGroups(c planCounts, typeName string, chs []*plan.Change) []group {
	typeID := c.typIDs[typeName]
	if typeID == 0 {
		return []group{{what: "flexible assets", changes: chs}}
	}
	byOrg := map[string][]*plan.Change{}
	var orgNames []string
	for _, ch := range chs {
		if _, ok := byOrg[ch.Organization]; !ok {
			orgNames = append(orgNames, ch.Organization)
		}
		byOrg[ch.Organization] = append(byOrg[ch.Organization], ch)
	}
	cost := 0 // of one filtered list per organization; -1: not possible
	for _, o := range orgNames {
		if c.orgIDs[o] == 0 || len(orgNames) > PerOrgLists {
			cost = -1
			break
		}
		cost += listCost(c.assetsOfOrg[[2]string{typeName, o}])
	}
	perOrg := cost >= 0
	typeCost := listCost(c.assets[typeName])
	if n, ok := r.p.TypeSizes[typeName]; ok {
		// Every organization's assets of the type were read for the plan:
		// a list of the whole type costs exactly this, so it replaces the
		// lists per organization when it takes fewer pages.
		typeCost = listCost(n)
		if perOrg && typeCost < cost {
			perOrg = false
		}
	}
	if !perOrg {
		cost = typeCost
	}
	switch {
	case len(chs) <= cost:
		return []group{{what: "flexible assets", changes: chs}}
	case perOrg:
		out := make([]group, 0, len(orgNames))
		for _, o := range orgNames {
			orgID := c.orgIDs[o]
			out = append(out, group{what: fmt.Sprintf("the %q assets of organization %q", typeName, o), changes: byOrg[o],
				list: r.listAssets(typeID, orgID, byOrg[o])})
		}
		return out
	}
	return []group{{what: fmt.Sprintf("the %q assets", typeName), changes: chs, list: r.listAssets(typeID, 0, chs)}}
}

// wanted is the set of live ids a group checks.
func wanted(chs []*plan.Change) map[int64]bool {
	m := make(map[int64]bool, len(chs))
	for _, ch := range chs {
		m[ch.LiveID] = true
	}
	return m
}

func (r *reader) listOrgs(ctx context.Context) (map[objKey]Live, error) {
	orgs, err := r.api.Organizations(ctx, nil)
	if err != nil {
		return nil, err
	}
	m := make(map[objKey]Live, len(orgs))
	for _, o := range orgs {
		m[objKey{plan.KindOrganization, o.ID}] = Organization(o)
	}
	return m, nil
}

func (r *reader) listTypes(ctx context.Context) (map[objKey]Live, error) {
	types, err := r.api.AssetTypes(ctx, nil)
	if err != nil {
		return nil, err
	}
	m := map[objKey]Live{}
	for _, t := range types {
		m[objKey{plan.KindAssetType, t.ID}] = AssetType(t)
		for _, f := range t.Fields {
			m[objKey{plan.KindField, f.ID}] = Field(f)
		}
	}
	return m, nil
}

// listAssets lists the assets of a type (of one organization when orgID
// is not 0), keeping only those chs check.
func (r *reader) listAssets(typeID, orgID int64, chs []*plan.Change) func(context.Context) (map[objKey]Live, error) {
	want := wanted(chs)
	return func(ctx context.Context) (map[objKey]Live, error) {
		as, err := r.api.Assets(ctx, typeID, orgID)
		if err != nil {
			return nil, err
		}
		m := make(map[objKey]Live, len(want))
		for _, a := range as {
			if want[a.ID] {
				m[objKey{plan.KindAsset, a.ID}] = Asset(a)
			}
		}
		return m, nil
	}
}
