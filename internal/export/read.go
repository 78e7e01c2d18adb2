package export

import (
	"context"
	"fmt"
	"slices"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/reconcile"
)

// Read reads what Build needs through reconcile.ReadLive: the whole
// account, or the organizations and types opts names (with the types
// their Tag fields tag). It lists the types first (one more request) to
// read only the tag targets (configurations, contacts, ...) that the
// exported types' Tag fields can name: in a large account those lists are
// the bulk of the reading.
func Read(ctx context.Context, api reconcile.API, opts Options) (*reconcile.Live, error) {
	scope := reconcile.Scope{
		Organizations: reconcile.Names{All: len(opts.Organizations) == 0, Names: opts.Organizations},
		AssetTypes:    reconcile.Names{All: len(opts.Types) == 0},
		TagTargets:    map[string]reconcile.Names{},
	}
	types, err := api.AssetTypes(ctx)
	if err != nil {
		return nil, fmt.Errorf("flexible asset types: %w", err)
	}
	sel, err := selectTypes(types, opts.Types)
	if err != nil {
		return nil, err
	}
	readable := reconcile.TagTargetKinds()
	for _, t := range sel {
		if !scope.AssetTypes.All {
			scope.AssetTypes.IDs = append(scope.AssetTypes.IDs, t.ID)
		}
		for _, f := range t.Fields {
			if kind, _ := reconcile.LiveTagType(f.TagType); f.Kind == "Tag" && slices.Contains(readable, kind) {
				scope.TagTargets[kind] = scope.Organizations
			}
		}
	}
	return reconcile.ReadLive(ctx, api, scope)
}

// selectTypes returns the types named (all when names is empty) and,
// transitively, the types their Tag fields tag, by id. An unknown name is
// an error.
func selectTypes(types []client.FlexibleAssetType, names []string) ([]client.FlexibleAssetType, error) {
	if len(names) == 0 {
		return types, nil
	}
	byID := map[int64]client.FlexibleAssetType{}
	var all []string
	for _, t := range types {
		byID[t.ID] = t
		all = append(all, t.Name)
	}
	picked := map[int64]bool{}
	var queue []int64
	for _, n := range names {
		found := false
		for _, t := range types {
			if t.Name == n {
				found = true
				queue = append(queue, t.ID)
			}
		}
		if !found {
			return nil, fmt.Errorf("--type %q: the account has no flexible asset type of that name%s", n, suggest(n, all))
		}
	}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if picked[id] {
			continue
		}
		picked[id] = true
		for _, f := range byID[id].Fields {
			if _, tid := reconcile.LiveTagType(f.TagType); f.Kind == "Tag" && tid != 0 {
				if _, ok := byID[tid]; ok {
					queue = append(queue, tid)
				}
			}
		}
	}
	var out []client.FlexibleAssetType
	for _, t := range types {
		if picked[t.ID] {
			out = append(out, t)
		}
	}
	return out, nil
}

// selectOrgs returns the organizations named (all when names is empty).
func selectOrgs(orgs []client.Organization, names []string) ([]client.Organization, error) {
	if len(names) == 0 {
		return orgs, nil
	}
	var all []string
	for _, o := range orgs {
		all = append(all, o.Name)
	}
	var out []client.Organization
	for _, n := range names {
		if !slices.Contains(all, n) {
			return nil, fmt.Errorf("--org %q: the account has no organization of that name%s", n, suggest(n, all))
		}
	}
	for _, o := range orgs {
		if slices.Contains(names, o.Name) {
			out = append(out, o)
		}
	}
	return out, nil
}

// suggest lists up to five names that contain s or share its first
// three letters (case-insensitively), as "; did you mean ...?".
func suggest(s string, names []string) string {
	var hits []string
	for _, n := range names {
		if len(hits) < 5 && (containsFold(n, s) || samePrefix(n, s, 3)) {
			hits = append(hits, fmt.Sprintf("%q", n))
		}
	}
	if len(hits) == 0 {
		return ""
	}
	return "; did you mean " + joinOr(hits) + "?"
}
