package reconcile

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
)

// callLog wraps an API and records every call, in any order.
type callLog struct {
	API
	mu    sync.Mutex
	calls []string
}

func (c *callLog) log(s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, s)
}

func (c *callLog) sorted() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Sorted(slices.Values(c.calls))
}

func (c *callLog) OrganizationTypes(ctx context.Context) ([]client.NamedRecord, error) {
	c.log("organization types")
	return c.API.OrganizationTypes(ctx)
}

func (c *callLog) OrganizationStatuses(ctx context.Context) ([]client.NamedRecord, error) {
	c.log("organization statuses")
	return c.API.OrganizationStatuses(ctx)
}

func (c *callLog) Organizations(ctx context.Context) ([]client.Organization, error) {
	c.log("organizations")
	return c.API.Organizations(ctx)
}

func (c *callLog) AssetTypes(ctx context.Context) ([]client.FlexibleAssetType, error) {
	c.log("asset types")
	return c.API.AssetTypes(ctx)
}

func (c *callLog) Assets(ctx context.Context, typeID, orgID int64) ([]client.FlexibleAsset, error) {
	c.log(fmt.Sprintf("assets %d %d", typeID, orgID))
	return c.API.Assets(ctx, typeID, orgID)
}

func (c *callLog) TagTargets(ctx context.Context, kind string, orgID int64) ([]client.TagTarget, error) {
	c.log(fmt.Sprintf("tags %s %d", kind, orgID))
	return c.API.TagTargets(ctx, kind, orgID)
}

// prefetchAccount is 40 organizations and 5 types ("Type 0" to "Type 4"),
// each type with one asset in each of the first three organizations.
func prefetchAccount() *Live {
	l := &Live{Assets: map[int64][]client.FlexibleAsset{},
		OrganizationTypes: []client.NamedRecord{{ID: 1, Name: "Customer"}}, OrganizationStatuses: []client.NamedRecord{{ID: 2, Name: "Active"}}}
	for o := range 40 {
		l.Organizations = append(l.Organizations, client.Organization{ID: int64(1000 + o), Name: fmt.Sprintf("Org %d", o)})
	}
	for k := range 5 {
		id := int64(100 + k)
		l.AssetTypes = append(l.AssetTypes, client.FlexibleAssetType{ID: id, Name: fmt.Sprintf("Type %d", k)})
		for o := range 3 {
			l.Assets[id] = append(l.Assets[id], client.FlexibleAsset{ID: id*10 + int64(o), FlexibleAssetTypeID: id, OrganizationID: int64(1000 + o)})
		}
	}
	return l
}

func orgNames(n int) []string {
	var s []string
	for o := range n {
		s = append(s, fmt.Sprintf("Org %d", o))
	}
	return s
}

// TestPrefetchMakesReadLivesRequestsEarly: ReadLive through a Prefetch
// makes exactly the calls it makes alone, and gets the same snapshot;
// the calls early decides are made before ReadLive starts.
func TestPrefetchMakesReadLivesRequestsEarly(t *testing.T) {
	all := Names{All: true}
	for _, tt := range []struct {
		name         string
		early, final Scope
		// ahead are the calls made before ReadLive starts.
		ahead []string
	}{
		{
			name:  "manage all: every type's assets ahead",
			early: Scope{Organizations: all, AssetTypes: all}, final: Scope{Organizations: all, AssetTypes: all},
			ahead: []string{"asset types", "assets 100 0", "assets 101 0", "assets 102 0", "assets 103 0", "assets 104 0", "organization statuses", "organization types", "organizations"},
		},
		{
			name:  "manage names: the named types ahead; a renamed one (previously) after",
			early: Scope{Organizations: Names{Names: orgNames(40)}, AssetTypes: Names{Names: []string{"Type 0", "Type 3"}}},
			final: Scope{Organizations: Names{Names: orgNames(40)}, AssetTypes: Names{Names: []string{"Type 0", "Type 3", "Type 9", "Type 4"}}},
			ahead: []string{"asset types", "assets 100 0", "assets 103 0", "organization statuses", "organization types", "organizations"},
		},
		{
			name:  "few organizations: per-organization lists wait for the repository",
			early: Scope{Organizations: Names{Names: orgNames(2)}, AssetTypes: all},
			final: Scope{Organizations: Names{Names: orgNames(3)}, AssetTypes: all},
			ahead: []string{"asset types", "organization statuses", "organization types", "organizations"},
		},
		{
			name:  "no manage lists: only the account-wide lists ahead",
			final: Scope{Organizations: Names{Names: orgNames(40)}, AssetTypes: Names{Names: []string{"Type 1"}}},
			ahead: []string{"asset types", "organization statuses", "organization types", "organizations"},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			alone := &callLog{API: &fakeAPI{l: prefetchAccount()}}
			want, err := ReadLive(ctx, alone, tt.final)
			if err != nil {
				t.Fatal(err)
			}

			api := &callLog{API: &fakeAPI{l: prefetchAccount()}}
			p := StartPrefetch(ctx, api, tt.early)
			settle(p)
			if diff := cmp.Diff(tt.ahead, api.sorted()); diff != "" {
				t.Errorf("calls made ahead of ReadLive (-want +got):\n%s", diff)
			}
			got, err := ReadLive(ctx, p.API(), tt.final)
			p.Stop()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(alone.sorted(), api.sorted()); diff != "" {
				t.Errorf("calls with Prefetch differ from ReadLive's alone (-alone +prefetch):\n%s", diff)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("snapshot with Prefetch differs (-alone +prefetch):\n%s", diff)
			}
		})
	}
}

// settle waits until every read p started has its result.
func settle(p *Prefetch) {
	<-p.orgTypes.done
	<-p.orgStatuses.done
	<-p.orgs.done
	<-p.types.done
	<-p.known
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, f := range p.assets {
		<-f.done
	}
}

// blockingAPI's reads wait until their context ends, and count the reads
// still running.
type blockingAPI struct {
	*fakeAPI
	mu      sync.Mutex
	running int
	started chan struct{}
}

func (b *blockingAPI) block(ctx context.Context) error {
	b.mu.Lock()
	b.running++
	b.mu.Unlock()
	b.started <- struct{}{}
	<-ctx.Done()
	b.mu.Lock()
	b.running--
	b.mu.Unlock()
	return context.Cause(ctx)
}

func (b *blockingAPI) Organizations(ctx context.Context) ([]client.Organization, error) {
	return nil, b.block(ctx)
}

func (b *blockingAPI) AssetTypes(ctx context.Context) ([]client.FlexibleAssetType, error) {
	return nil, b.block(ctx)
}

// TestPrefetchStopEndsItsReads: Stop (a repository that failed to load)
// cancels the reads in flight and returns once none is left.
func TestPrefetchStopEndsItsReads(t *testing.T) {
	api := &blockingAPI{fakeAPI: &fakeAPI{l: prefetchAccount()}, started: make(chan struct{}, 8)}
	p := StartPrefetch(context.Background(), api, Scope{Organizations: Names{All: true}, AssetTypes: Names{All: true}})
	<-api.started
	<-api.started
	p.Stop()
	api.mu.Lock()
	running := api.running
	api.mu.Unlock()
	if running != 0 {
		t.Errorf("%d reads still running after Stop", running)
	}
}
