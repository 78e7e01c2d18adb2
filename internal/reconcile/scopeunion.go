package reconcile

import "slices"

// Union returns a scope that reads everything s or o reads, so that one
// ReadLive serves plans of two desired states (a pull request's head and
// its merge base) with no extra request when they declare the same
// organizations and types.
func (s Scope) Union(o Scope) Scope {
	out := Scope{Organizations: s.Organizations.union(o.Organizations), AssetTypes: s.AssetTypes.union(o.AssetTypes),
		TagTargets: map[string]Names{}}
	for k, n := range s.TagTargets {
		out.TagTargets[k] = n.union(o.TagTargets[k])
	}
	for k, n := range o.TagTargets {
		if _, ok := out.TagTargets[k]; !ok {
			out.TagTargets[k] = n.union(Names{})
		}
	}
	return out
}

func (n Names) union(o Names) Names {
	out := Names{All: n.All || o.All}
	for _, s := range append(slices.Clone(n.Names), o.Names...) {
		if !slices.Contains(out.Names, s) {
			out.Names = append(out.Names, s)
		}
	}
	for _, id := range append(slices.Clone(n.IDs), o.IDs...) {
		if !slices.Contains(out.IDs, id) {
			out.IDs = append(out.IDs, id)
		}
	}
	return out
}
