package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/glue-sync/glue-sync/internal/client"
)

// perOrgLimit is the largest number of organizations whose assets (or tag
// targets) ReadLive reads with one filtered list each; above it, one
// unfiltered list per type costs fewer requests (a page holds 1000).
const perOrgLimit = 8

// perOrgShare: filtered lists are used only when the organizations in
// scope are at most a quarter of the account's; otherwise most of what an
// unfiltered list returns is needed anyway, in fewer requests.
const perOrgShare = 4

// filterByOrg reports whether reading n of the account's total
// organizations one filtered list at a time is likely cheaper than one
// list of everything.
func filterByOrg(n, total int) bool { return n <= perOrgLimit && n*perOrgShare <= total }

// readParallel bounds the lists ReadLive runs at once (the client also
// fetches the pages of one list concurrently and paces all requests).
const readParallel = 4

// ReadLive reads the snapshot Compute needs. Its errors name what was
// being read ("flexible assets of type \"Email\": ..."); callers add that
// the live account was being read. It reads every organization type and
// status, organization and flexible asset type (with fields), the assets
// of the types in scope (all organizations' when more than a few are in
// scope, else one filtered list per organization) and the tag targets of
// the kinds and organizations in scope.TagTargets. It never reads an
// object by itself.
func ReadLive(ctx context.Context, api API, scope Scope) (*Live, error) {
	l := &Live{Assets: map[int64][]client.FlexibleAsset{}, AssetsRead: map[int64]AssetRead{},
		TagTargets: map[string]map[int64][]client.TagTarget{}}
	err := parallel(ctx, readParallel, []func(context.Context) error{
		func(ctx context.Context) (err error) {
			l.OrganizationTypes, err = api.OrganizationTypes(ctx)
			return wrapRead("organization types", err)
		},
		func(ctx context.Context) (err error) {
			l.OrganizationStatuses, err = api.OrganizationStatuses(ctx)
			return wrapRead("organization statuses", err)
		},
		func(ctx context.Context) (err error) {
			l.Organizations, err = api.Organizations(ctx)
			return wrapRead("organizations", err)
		},
		func(ctx context.Context) (err error) {
			l.AssetTypes, err = api.AssetTypes(ctx)
			return wrapRead("flexible asset types", err)
		},
	})
	if err != nil {
		return nil, err
	}
	orgIDs, all := scopeOrgIDs(l.Organizations, scope.Organizations)
	var jobs []func(context.Context) error
	var mu sync.Mutex
	for _, t := range l.AssetTypes {
		if !scope.AssetTypes.Has(t.Name, t.ID) {
			continue
		}
		if all || !filterByOrg(len(orgIDs), len(l.Organizations)) {
			jobs = append(jobs, func(ctx context.Context) error {
				as, err := api.Assets(ctx, t.ID, 0)
				if err != nil {
					return fmt.Errorf("flexible assets of type %q: %w", t.Name, err)
				}
				mu.Lock()
				defer mu.Unlock()
				l.Assets[t.ID] = as
				l.AssetsRead[t.ID] = AssetRead{All: true}
				return nil
			})
			continue
		}
		l.AssetsRead[t.ID] = AssetRead{Organizations: orgIDs}
		for _, org := range orgIDs {
			jobs = append(jobs, func(ctx context.Context) error {
				as, err := api.Assets(ctx, t.ID, org)
				if err != nil {
					return fmt.Errorf("flexible assets of type %q: %w", t.Name, err)
				}
				mu.Lock()
				defer mu.Unlock()
				l.Assets[t.ID] = append(l.Assets[t.ID], as...)
				return nil
			})
		}
	}
	jobs = append(jobs, tagTargetJobs(api, l, scope, &mu)...)
	if err := parallel(ctx, readParallel, jobs); err != nil {
		return nil, err
	}
	for id, as := range l.Assets {
		slices.SortFunc(as, func(a, b client.FlexibleAsset) int { return cmpInt64(a.ID, b.ID) })
		l.Assets[id] = as
	}
	return l, nil
}

// scopeOrgIDs returns the ids of the live organizations in scope, and
// whether the scope is every organization.
func scopeOrgIDs(orgs []client.Organization, n Names) ([]int64, bool) {
	if n.All {
		return nil, true
	}
	var ids []int64
	for _, o := range orgs {
		if n.Has(o.Name, o.ID) {
			ids = append(ids, o.ID)
		}
	}
	return ids, len(orgs) > 0 && len(ids) == len(orgs)
}

func wrapRead(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}

// parallel runs jobs with at most n at a time and returns the first error
// (by job order) once all have stopped; the first failure cancels the rest.
func parallel(ctx context.Context, n int, jobs []func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(jobs))
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for i, job := range jobs {
		sem <- struct{}{}
		if ctx.Err() != nil {
			<-sem
			errs[i] = ctx.Err()
			break
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if err := job(ctx); err != nil {
				errs[i] = err
				cancel()
			}
		}()
	}
	wg.Wait()
	// A job's own error beats the cancellation it caused in others.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func errUnsupportedTagKind(kind string) error {
	return fmt.Errorf("glue-sync cannot read %s to resolve tags by name (it reads %v)", kind, TagTargetKinds())
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
