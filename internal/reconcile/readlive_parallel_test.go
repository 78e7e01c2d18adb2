package reconcile

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
)

// overlapAPI is a fakeAPI whose asset lists wait until readParallel of
// them are in flight at once (or a deadline passes, which the test
// reports): a ReadLive that lists the types one after another fails.
type overlapAPI struct {
	*fakeAPI
	mu       sync.Mutex
	inFlight int
	most     int
	full     chan struct{}
	once     sync.Once
}

func (o *overlapAPI) Assets(ctx context.Context, typeID, orgID int64) ([]client.FlexibleAsset, error) {
	o.mu.Lock()
	o.inFlight++
	o.most = max(o.most, o.inFlight)
	if o.inFlight >= readParallel {
		o.once.Do(func() { close(o.full) })
	}
	o.mu.Unlock()
	defer func() { o.mu.Lock(); o.inFlight--; o.mu.Unlock() }()
	select {
	case <-o.full:
	case <-time.After(2 * time.Second): // serial: fail once, then go on
		o.once.Do(func() { close(o.full) })
	case <-ctx.Done():
	}
	return o.fakeAPI.Assets(ctx, typeID, orgID)
}

// TestReadLiveListsTypesConcurrently: the assets of 25 types are listed
// readParallel at a time, not one type after another.
func TestReadLiveListsTypesConcurrently(t *testing.T) {
	l := &Live{Assets: map[int64][]client.FlexibleAsset{}}
	for k := range 25 {
		id := int64(100 + k)
		l.AssetTypes = append(l.AssetTypes, client.FlexibleAssetType{ID: id, Name: fmt.Sprintf("Type %02d", k)})
		l.Assets[id] = []client.FlexibleAsset{{ID: id * 10, FlexibleAssetTypeID: id}}
	}
	api := &overlapAPI{fakeAPI: &fakeAPI{l: l}, full: make(chan struct{})}
	got, err := ReadLive(context.Background(), api, Scope{Organizations: Names{All: true}, AssetTypes: Names{All: true}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Assets) != 25 {
		t.Errorf("assets of %d types read; want 25", len(got.Assets))
	}
	if api.most < readParallel {
		t.Errorf("at most %d asset lists in flight at once; want %d (types listed concurrently)", api.most, readParallel)
	}
}
