package guard

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/parallel"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// checksAtOnce is how many single re-reads (or lists) CheckAll runs at
// once; the client paces and bounds the requests themselves.
const checksAtOnce = 4

// Options control CheckAll.
type Options struct {
	// Progress receives one line before the re-reads (the CLI passes
	// stderr). Nil discards it.
	Progress io.Writer
	// PerObject turns off lists: one GET per object, as before they
	// existed (benchmarks compare).
	PerObject bool
}

// Guarded reports whether CheckAll checks ch: an update or delete of a
// live object with a guard.
func Guarded(ch *plan.Change) bool {
	return (ch.Action == plan.Update || ch.Action == plan.Delete) && ch.Guard != nil && ch.LiveID != 0
}

// CheckAll re-reads the object of every guarded change of p (see Guarded)
// and returns the verdicts by change id. It reads in bulk (see groups in
// reread.go): lists of a kind, or of a type's assets (in a few
// organizations), with single GETs only where they cost fewer requests.
// An object a list does not hold is read on its own, so that it is
// reported as gone only when the API says so. Changes left unchecked
// because ctx ended have no verdict.
func CheckAll(ctx context.Context, api API, p *plan.Plan, opts Options) map[string]Verdict {
	out := map[string]Verdict{}
	var todo []*plan.Change
	for i := range p.Changes {
		if ch := &p.Changes[i]; Guarded(ch) {
			todo = append(todo, ch)
		}
	}
	if len(todo) == 0 {
		return out
	}
	if opts.Progress != nil {
		fmt.Fprintf(opts.Progress, "Checking that the %d objects to update or delete did not change since the plan...\n", len(todo))
	}
	rd := &reader{api: api, p: p, perObject: opts.PerObject}
	var mu sync.Mutex
	set := func(ch *plan.Change, v Verdict) {
		mu.Lock()
		out[ch.ID] = v
		mu.Unlock()
	}
	var singles []*plan.Change
	var lists []group
	for _, g := range rd.groups(todo) {
		if g.list == nil {
			singles = append(singles, g.changes...)
		} else {
			lists = append(lists, g)
		}
	}
	var missing []*plan.Change // not in their list: read on their own
	parallel.Each(ctx, checksAtOnce, len(lists), func(i int) {
		g := lists[i]
		found, err := g.list(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return // interrupted: not checked
			}
			for _, ch := range g.changes {
				set(ch, Verdict{Status: Unchecked, Err: fmt.Errorf("re-reading %s to check that %s %d did not change since the plan: %w", g.what, Kind(ch), ch.LiveID, err)})
			}
			return
		}
		for _, ch := range g.changes {
			live, ok := found[objKey{Kind(ch), ch.LiveID}]
			if !ok {
				mu.Lock()
				missing = append(missing, ch)
				mu.Unlock()
				continue
			}
			set(ch, Check(ch, live))
		}
	})
	singles = append(singles, missing...)
	parallel.Each(ctx, checksAtOnce, len(singles), func(i int) {
		ch := singles[i]
		v := rd.single(ctx, ch)
		if ctx.Err() != nil && v.Err != nil {
			return // interrupted: not checked
		}
		set(ch, v)
	})
	return out
}

// single re-reads the object of one guarded change with a GET and checks
// it.
func (rd *reader) single(ctx context.Context, ch *plan.Change) Verdict {
	kind := Kind(ch)
	live, err := rd.reread(ctx, kind, ch.LiveID)
	if errors.Is(err, client.ErrNotFound) {
		return Gone(ch)
	}
	if err != nil {
		return Verdict{Status: Unchecked, Err: fmt.Errorf("re-reading %s %d to check it did not change since the plan: %w", kind, ch.LiveID, err)}
	}
	return Check(ch, live)
}

// reread fetches one live object by kind and id.
func (rd *reader) reread(ctx context.Context, k plan.Kind, id int64) (Live, error) {
	switch k {
	case plan.KindOrganization:
		o, err := rd.api.Organization(ctx, id)
		return Organization(o), err
	case plan.KindAssetType:
		t, err := rd.api.AssetType(ctx, id)
		return AssetType(t), err
	case plan.KindField:
		f, err := rd.api.Field(ctx, id)
		return Field(f), err
	case plan.KindAsset:
		a, err := rd.api.Asset(ctx, id)
		return Asset(a), err
	}
	return Live{}, fmt.Errorf("unknown kind %q", k)
}
