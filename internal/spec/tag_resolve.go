package spec

import (
	"fmt"
	"slices"
	"sort"
)

// resolveAssetTags checks tag references: organizations named explicitly
// must be declared, references to other assets must name a declared asset
// of the target type, and asset-to-asset tags must not form a cycle.
func (l *loader) resolveAssetTags(assets []*Asset, types map[string]*AssetType, orgs map[string]bool, orgNames []string, idx *assetIndex) {
	edges := map[*Asset][]tagEdge{}
	for _, a := range assets {
		if types[a.Type] == nil {
			continue
		}
		if !hasTags(a) {
			continue
		}
		for _, tv := range sortedTraits(a) {
			for _, ref := range tv.Tags() {
				if ref.Organization != a.Organization && !orgs[ref.Organization] {
					l.errHint(ref.Pos, hintOr(l.didYouMean(ref.Organization, orgNames), "declare it with kind: Organization"),
						"trait %q: unknown organization %q", tv.Key, ref.Organization)
					continue
				}
				if ref.Kind != TagKindAsset {
					continue
				}
				target := idx.find(ref.Organization, ref.AssetType, ref.Name)
				if target == nil {
					l.missingTagTarget(tv, ref, idx, orgNames)
					continue
				}
				if target == a {
					l.errf(ref.Pos, "trait %q: an asset cannot tag itself", tv.Key)
					continue
				}
				edges[a] = append(edges[a], tagEdge{to: target, pos: ref.Pos, key: tv.Key})
			}
		}
	}
	l.checkTagCycles(assets, edges)
}

type tagEdge struct {
	to  *Asset
	pos Pos
	key string
}

// missingTagTarget explains a reference to an asset that is not declared,
// pointing out when the name belongs to an asset of another type.
func (l *loader) missingTagTarget(tv *TraitValue, ref TagRef, idx *assetIndex, orgNames []string) {
	idx.hints()
	if typs := idx.types[[2]string{ref.Organization, ref.Name}]; len(typs) > 0 {
		l.errf(ref.Pos, "trait %q: %q is an asset of type %q, but field %q tags assets of type %q",
			tv.Key, ref.Name, typs[0], tv.Field(), ref.AssetType)
		return
	}
	hint := l.didYouMean(ref.Name, idx.byOrg[[2]string{ref.Organization, ref.AssetType}])
	if hint == "" {
		// The name may be right and the organization implied wrongly.
		for _, org := range orgNames {
			if org != ref.Organization && idx.find(org, ref.AssetType, ref.Name) != nil {
				hint = fmt.Sprintf("it is declared in %q: write {name: %q, organization: %q}", org, ref.Name, org)
				break
			}
		}
	}
	l.errHint(ref.Pos, hint,
		"trait %q: no %q asset named %q in organization %q", tv.Key, ref.AssetType, ref.Name, ref.Organization)
}

// checkTagCycles reports each cycle of asset-to-asset tags once. IT Glue
// shows a tag on both assets (as related items), so one direction is
// enough, and a cycle would leave no order in which to create them.
func (l *loader) checkTagCycles(assets []*Asset, edges map[*Asset][]tagEdge) {
	const (
		white = iota
		grey
		black
	)
	color := map[*Asset]int{}
	var stack []*Asset
	var visit func(a *Asset)
	visit = func(a *Asset) {
		color[a] = grey
		stack = append(stack, a)
		for _, e := range edges[a] {
			switch color[e.to] {
			case white:
				visit(e.to)
			case grey:
				i := slices.Index(stack, e.to)
				names := make([]string, 0, len(stack)-i)
				for _, s := range stack[i:] {
					names = append(names, s.Identity)
				}
				l.errHint(e.pos, "tag in one direction only: IT Glue shows the tag on both assets as a related item",
					"trait %q: tag cycle: %s", e.key, cycleText(names))
			}
		}
		stack = stack[:len(stack)-1]
		color[a] = black
	}
	for _, a := range assets {
		if color[a] == white && len(edges[a]) > 0 {
			visit(a)
		}
	}
}

// hasTags reports whether any of a's traits tags something.
func hasTags(a *Asset) bool {
	for _, tv := range a.Traits {
		if len(tv.Tags()) > 0 {
			return true
		}
	}
	return false
}

// sortedTraits returns a's traits in source order.
func sortedTraits(a *Asset) []*TraitValue {
	out := make([]*TraitValue, 0, len(a.Traits))
	for _, tv := range a.Traits {
		out = append(out, tv)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos().Less(out[j].Pos()) })
	return out
}
