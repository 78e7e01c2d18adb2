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

// guardChecks is how many single re-reads (or lists) checkAll runs at
// once; the client paces and bounds the requests themselves.
const guardChecks = 4

// verdict is the outcome of one guard check.
type verdict struct {
	stale string
	err   error
}

// liveObj is an object as re-read for a guard check, with its updated-at.
type liveObj struct {
	v       any
	updated time.Time
}

// checkAll re-reads the object of every update and delete that has a
// guard and records the verdicts. It reads in bulk (see guardGroups):
// lists of a kind, or of a type's assets (in a few organizations), with
// single GETs only where they cost fewer requests. An object a list does
// not hold is read on its own, so that it is reported as gone only when the
// API says so. Changes left unchecked because ctx ended are reported as not
// attempted by Apply.
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
	var mu sync.Mutex
	set := func(ch *plan.Change, v verdict) {
		mu.Lock()
		r.verdicts[ch.ID] = v
		mu.Unlock()
	}
	var singles []*plan.Change
	var lists []guardGroup
	for _, g := range r.guardGroups(todo) {
		if g.list == nil {
			singles = append(singles, g.changes...)
		} else {
			lists = append(lists, g)
		}
	}
	var missing []*plan.Change // not in their list: read on their own
	eachLimited(ctx, guardChecks, len(lists), func(i int) {
		g := lists[i]
		found, err := g.list(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return // interrupted: not attempted
			}
			for _, ch := range g.changes {
				set(ch, verdict{err: fmt.Errorf("re-reading %s to check that %s %d did not change since the plan: %w", g.what, guardKind(ch), ch.LiveID, err)})
			}
			return
		}
		for _, ch := range g.changes {
			obj, ok := found[objKey{guardKind(ch), ch.LiveID}]
			if !ok {
				mu.Lock()
				missing = append(missing, ch)
				mu.Unlock()
				continue
			}
			why, err := r.judge(ch, obj)
			set(ch, verdict{stale: why, err: err})
		}
	})
	singles = append(singles, missing...)
	eachLimited(ctx, guardChecks, len(singles), func(i int) {
		ch := singles[i]
		why, err := r.stale(ctx, ch)
		if ctx.Err() != nil && err != nil {
			return // interrupted: not attempted
		}
		set(ch, verdict{stale: why, err: err})
	})
}

// eachLimited calls fn(0..n-1) with at most limit calls at once, starting
// no new call once ctx has ended.
func eachLimited(ctx context.Context, limit, n int, fn func(i int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, limit)
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			fn(i)
		}()
	}
	wg.Wait()
}

// guardKind is the kind of the object a change's guard describes: the
// type for a field reorder (its LiveID is the type's).
func guardKind(ch *plan.Change) plan.Kind {
	if ch.Write != nil && len(ch.Write.Orders) > 0 {
		return plan.KindAssetType
	}
	return ch.Kind
}

// stale re-reads the live object an update or delete touches with a
// single GET and says why it no longer matches the plan's guard ("" when
// it matches).
func (r *runner) stale(ctx context.Context, ch *plan.Change) (string, error) {
	if ch.Guard == nil || ch.LiveID == 0 {
		return "", nil
	}
	kind := guardKind(ch)
	live, updated, err := r.reread(ctx, kind, ch.LiveID)
	if errors.Is(err, client.ErrNotFound) {
		return fmt.Sprintf("%s %d no longer exists", kind, ch.LiveID), nil
	}
	if err != nil {
		return "", fmt.Errorf("re-reading %s %d to check it did not change since the plan: %w", kind, ch.LiveID, err)
	}
	return r.judge(ch, liveObj{live, updated})
}

// judge compares a change's guard with its re-read object: through
// Options.Check when set, else by updated-at. Single reads and lists
// share it, so both are exactly as strict.
func (r *runner) judge(ch *plan.Change, obj liveObj) (string, error) {
	if r.opts.Check != nil {
		return r.opts.Check(ch, obj.v)
	}
	if ch.Guard.UpdatedAt == "" {
		return "", nil
	}
	want, perr := time.Parse(time.RFC3339Nano, ch.Guard.UpdatedAt)
	if perr != nil {
		return "", fmt.Errorf("the plan's guard for %s has an unreadable updated_at %q", ch.ID, ch.Guard.UpdatedAt)
	}
	if !want.Equal(obj.updated) {
		return fmt.Sprintf("it was updated at %s, after the plan was made (the plan saw %s)",
			obj.updated.UTC().Format(time.RFC3339), want.UTC().Format(time.RFC3339)), nil
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
