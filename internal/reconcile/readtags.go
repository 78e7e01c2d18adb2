package reconcile

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/glue-sync/glue-sync/internal/client"
)

// tagTargetJobs returns the reads of the tag targets scope asks for: per
// kind, one filtered list per organization when few of the account's
// organizations are involved (filterByOrg), else one list of the whole
// account, kept only for the organizations in scope. Results go into l under mu.
func tagTargetJobs(api API, l *Live, scope Scope, mu *sync.Mutex) []func(context.Context) error {
	kinds := make([]string, 0, len(scope.TagTargets))
	for k := range scope.TagTargets {
		if isTagTargetKind(k) {
			kinds = append(kinds, k)
		}
	}
	slices.Sort(kinds)
	var jobs []func(context.Context) error
	for _, kind := range kinds {
		byOrg := map[int64][]client.TagTarget{}
		l.TagTargets[kind] = byOrg
		var orgs []client.Organization
		for _, o := range l.Organizations {
			if scope.TagTargets[kind].Has(o.Name, o.ID) {
				orgs = append(orgs, o)
				byOrg[o.ID] = nil
			}
		}
		if !filterByOrg(len(orgs), len(l.Organizations)) {
			jobs = append(jobs, func(ctx context.Context) error {
				ts, err := api.TagTargets(ctx, kind, 0)
				if err != nil {
					return fmt.Errorf("%s: %w", strings.ToLower(kind), err)
				}
				mu.Lock()
				defer mu.Unlock()
				for _, t := range ts {
					if list, in := byOrg[t.OrganizationID]; in {
						byOrg[t.OrganizationID] = append(list, t)
					}
				}
				return nil
			})
			continue
		}
		for _, o := range orgs {
			jobs = append(jobs, func(ctx context.Context) error {
				ts, err := api.TagTargets(ctx, kind, o.ID)
				if err != nil {
					return fmt.Errorf("%s of organization %q: %w", strings.ToLower(kind), o.Name, err)
				}
				mu.Lock()
				defer mu.Unlock()
				byOrg[o.ID] = ts
				return nil
			})
		}
	}
	return jobs
}
