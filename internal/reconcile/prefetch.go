package reconcile

import (
	"context"
	"errors"
	"sync"

	"github.com/glue-sync/glue-sync/internal/client"
)

// Prefetch runs, ahead of ReadLive, the reads that do not depend on the
// repository, so that they overlap loading it: the four account-wide lists
// (organization types and statuses, organizations, flexible asset types
// with fields) and, when early (a scope known before the repository is
// loaded, from glue-sync.yaml's manage: lists) already decides that a
// type's assets are read with one list of the whole account, that list.
// ReadLive given API() then takes those results instead of asking again,
// so a plan makes the same requests as without Prefetch.
//
// early must select no more than the Scope later given to ReadLive (ScopeOf
// the loaded repository, without --target, selects at least what ScopeOf
// of its glue-sync.yaml alone does): then every list Prefetch starts is
// one ReadLive makes. Whether a type is read in one list or per
// organization only turns to "one list" as more organizations are in
// scope, so a decision made on the smaller scope stands.
type Prefetch struct {
	api    API
	cancel context.CancelFunc
	wg     sync.WaitGroup

	orgTypes    *future[[]client.NamedRecord]
	orgStatuses *future[[]client.NamedRecord]
	orgs        *future[[]client.Organization]
	types       *future[[]client.FlexibleAssetType]

	// known is closed once assets holds every asset list started.
	known  chan struct{}
	mu     sync.Mutex
	assets map[int64]*future[[]client.FlexibleAsset]
}

// StartPrefetch starts the reads in the background (see Prefetch); Stop
// ends them.
func StartPrefetch(ctx context.Context, api API, early Scope) *Prefetch {
	ctx, cancel := context.WithCancel(ctx)
	p := &Prefetch{api: api, cancel: cancel, known: make(chan struct{}), assets: map[int64]*future[[]client.FlexibleAsset]{}}
	p.orgTypes = start(p, ctx, api.OrganizationTypes)
	p.orgStatuses = start(p, ctx, api.OrganizationStatuses)
	p.orgs = start(p, ctx, api.Organizations)
	p.types = start(p, ctx, api.AssetTypes)
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.startAssets(ctx, early)
	}()
	return p
}

// startAssets starts the asset lists early decides, once the
// organizations and types are known, and waits for them.
func (p *Prefetch) startAssets(ctx context.Context, early Scope) {
	defer func() {
		select {
		case <-p.known:
		default:
			close(p.known)
		}
	}()
	orgs, err1 := p.orgs.wait(ctx)
	types, err2 := p.types.wait(ctx)
	if err1 != nil || err2 != nil {
		return
	}
	orgIDs, all := scopeOrgIDs(orgs, early.Organizations)
	if !all && (len(orgIDs) == 0 || filterByOrg(len(orgIDs), len(orgs))) {
		return // per organization, or nothing: left to ReadLive
	}
	var jobs []func(context.Context) error
	p.mu.Lock()
	for _, t := range types {
		if !early.AssetTypes.Has(t.Name, t.ID) {
			continue
		}
		f := newFuture[[]client.FlexibleAsset]()
		p.assets[t.ID] = f
		jobs = append(jobs, func(ctx context.Context) error {
			f.set(p.api.Assets(ctx, t.ID, 0))
			return nil
		})
	}
	p.mu.Unlock()
	close(p.known)
	_ = parallel(ctx, readParallel, jobs)
	// Lists never started (cancelled) must not leave a reader waiting.
	p.mu.Lock()
	for _, f := range p.assets {
		f.set(nil, context.Cause(ctx))
	}
	p.mu.Unlock()
}

// Stop cancels the reads still running and waits until they have ended,
// so that no request of the Prefetch starts after it returns.
func (p *Prefetch) Stop() {
	p.cancel()
	p.wg.Wait()
}

// API returns an API that answers each read Prefetch made once, with its
// result (waiting for it if need be), and passes every other read on.
func (p *Prefetch) API() API { return prefetchAPI{p} }

type prefetchAPI struct{ p *Prefetch }

func (a prefetchAPI) OrganizationTypes(ctx context.Context) ([]client.NamedRecord, error) {
	return a.p.orgTypes.take(ctx, a.p.api.OrganizationTypes)
}

func (a prefetchAPI) OrganizationStatuses(ctx context.Context) ([]client.NamedRecord, error) {
	return a.p.orgStatuses.take(ctx, a.p.api.OrganizationStatuses)
}

func (a prefetchAPI) Organizations(ctx context.Context) ([]client.Organization, error) {
	return a.p.orgs.take(ctx, a.p.api.Organizations)
}

func (a prefetchAPI) AssetTypes(ctx context.Context) ([]client.FlexibleAssetType, error) {
	return a.p.types.take(ctx, a.p.api.AssetTypes)
}

func (a prefetchAPI) Assets(ctx context.Context, typeID, orgID int64) ([]client.FlexibleAsset, error) {
	if orgID == 0 {
		select {
		case <-a.p.known:
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
		a.p.mu.Lock()
		f := a.p.assets[typeID]
		a.p.mu.Unlock()
		if f != nil {
			return f.take(ctx, func(ctx context.Context) ([]client.FlexibleAsset, error) { return a.p.api.Assets(ctx, typeID, 0) })
		}
	}
	return a.p.api.Assets(ctx, typeID, orgID)
}

func (a prefetchAPI) TagTargets(ctx context.Context, kind string, orgID int64) ([]client.TagTarget, error) {
	return a.p.api.TagTargets(ctx, kind, orgID)
}

// future is the result of one read running in the background.
type future[T any] struct {
	once  sync.Once
	done  chan struct{}
	v     T
	err   error
	taken sync.Once
}

func newFuture[T any]() *future[T] { return &future[T]{done: make(chan struct{})} }

// start runs read in the background of p.
func start[T any](p *Prefetch, ctx context.Context, read func(context.Context) (T, error)) *future[T] {
	f := newFuture[T]()
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		f.set(read(ctx))
	}()
	return f
}

// set records the result; only the first call counts.
func (f *future[T]) set(v T, err error) {
	f.once.Do(func() {
		f.v, f.err = v, err
		close(f.done)
	})
}

// wait returns the result once there is one.
func (f *future[T]) wait(ctx context.Context) (T, error) {
	select {
	case <-f.done:
		return f.v, f.err
	case <-ctx.Done():
		var zero T
		return zero, context.Cause(ctx)
	}
}

// take returns the result to its first caller; later callers, and a first
// caller whose background read was cancelled (Stop) while its own context
// is live, read again with read.
func (f *future[T]) take(ctx context.Context, read func(context.Context) (T, error)) (T, error) {
	first := false
	f.taken.Do(func() { first = true })
	if !first {
		return read(ctx)
	}
	v, err := f.wait(ctx)
	if err != nil && ctx.Err() == nil && errors.Is(err, context.Canceled) {
		return read(ctx)
	}
	return v, err
}
