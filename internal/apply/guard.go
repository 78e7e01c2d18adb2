package apply

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// guardChecks is how many objects checkAll re-reads at once.
const guardChecks = 4

// verdict is the outcome of one guard check.
type verdict struct {
	stale string
	err   error
}

// checkAll re-reads the object of every update and delete that has a
// guard, a few at a time, and records the verdicts. Changes left unchecked
// because ctx ended are reported as not attempted by Apply.
func (r *runner) checkAll(ctx context.Context) {
	var todo []*plan.Change
	for i := range r.p.Changes {
		ch := &r.p.Changes[i]
		if (ch.Action == plan.Update || ch.Action == plan.Delete) && ch.Guard != nil && ch.LiveID != 0 {
			todo = append(todo, ch)
		}
	}
	if len(todo) == 0 {
		return
	}
	if r.opts.Progress != nil {
		fmt.Fprintf(r.opts.Progress, "Checking that the %d objects to update or delete did not change since the plan...\n", len(todo))
	}
	var (
		mu  sync.Mutex
		wg  sync.WaitGroup
		sem = make(chan struct{}, guardChecks)
	)
	for _, ch := range todo {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			why, err := r.stale(ctx, ch)
			if ctx.Err() != nil && err != nil {
				return // interrupted: not attempted
			}
			mu.Lock()
			r.verdicts[ch.ID] = verdict{stale: why, err: err}
			mu.Unlock()
		}()
	}
	wg.Wait()
}

// stale re-reads the live object an update or delete touches and says why
// it no longer matches the plan's guard ("" when it matches).
func (r *runner) stale(ctx context.Context, ch *plan.Change) (string, error) {
	if ch.Guard == nil || ch.LiveID == 0 {
		return "", nil
	}
	kind := ch.Kind
	if ch.Write != nil && len(ch.Write.Orders) > 0 {
		kind = plan.KindAssetType // a reorder's LiveID is the type
	}
	live, updated, err := r.reread(ctx, kind, ch.LiveID)
	if errors.Is(err, client.ErrNotFound) {
		return fmt.Sprintf("%s %d no longer exists", kind, ch.LiveID), nil
	}
	if err != nil {
		return "", fmt.Errorf("re-reading %s %d to check it did not change since the plan: %w", kind, ch.LiveID, err)
	}
	if r.opts.Check != nil {
		return r.opts.Check(ch, live)
	}
	if ch.Guard.UpdatedAt == "" {
		return "", nil
	}
	want, perr := time.Parse(time.RFC3339Nano, ch.Guard.UpdatedAt)
	if perr != nil {
		return "", fmt.Errorf("the plan's guard for %s has an unreadable updated_at %q", ch.ID, ch.Guard.UpdatedAt)
	}
	if !want.Equal(updated) {
		return fmt.Sprintf("it was updated at %s, after the plan was made (the plan saw %s)",
			updated.UTC().Format(time.RFC3339), want.UTC().Format(time.RFC3339)), nil
	}
	return "", nil
}

// reread fetches one live object by kind and id, returning it (a value of
// the client type: client.Organization, client.FlexibleAssetType with its
// fields, client.FlexibleAssetField or client.FlexibleAsset) with its
// updated-at.
func (r *runner) reread(ctx context.Context, k plan.Kind, id int64) (any, time.Time, error) {
	switch k {
	case plan.KindOrganization:
		o, err := r.api.Organizations.Get(ctx, id)
		return o, o.UpdatedAt, err
	case plan.KindAssetType:
		t, err := r.api.FlexibleAssetTypes.Get(ctx, id)
		return t, t.UpdatedAt, err
	case plan.KindField:
		f, err := r.api.FlexibleAssetFields.Get(ctx, id)
		return f, f.UpdatedAt, err
	case plan.KindAsset:
		a, err := r.api.FlexibleAssets.Get(ctx, id)
		return a, a.UpdatedAt, err
	}
	return nil, time.Time{}, fmt.Errorf("unknown kind %q", k)
}
