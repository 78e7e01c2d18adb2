package reconcile

import (
	"cmp"
	"container/heap"
	"slices"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// order sorts the changes for apply: by phase (types, field deletes,
// reorders, field updates, field creates, organizations, assets, asset
// deletes, organization deletes), and within a phase so that every change
// comes after those it depends on (parents before children, tagged assets
// before the assets that tag them), otherwise in the order they were
// planned. A dependency cycle is an error (in cs); its changes keep
// their order.
//
// When the order is that of cs's first chunk of changes, front to back
// (most plans add their changes phase by phase, and one that changes
// nothing has no dependencies), the chunk is the result, not a copy.
func order(entries []*entry, cs *changeSet) []plan.Change {
	byPhase := func(x, y *entry) int { return cmp.Or(cmp.Compare(x.phase, y.phase), cmp.Compare(x.seq, y.seq)) }
	if !slices.IsSortedFunc(entries, byPhase) { // most plans add their changes phase by phase
		slices.SortFunc(entries, byPhase) // (phase, seq) is unique: the same order as a stable sort
	}
	var groups [][]*entry // each phase's entries in order
	for start := 0; start < len(entries); {
		end := start
		for end < len(entries) && entries[end].phase == entries[start].phase {
			end++
		}
		groups = append(groups, topo(entries[start:end], cs))
		start = end
	}
	if out, ok := inPlace(groups, len(entries), cs.first); ok {
		return out
	}
	out := make([]plan.Change, 0, len(entries))
	for _, g := range groups {
		for _, e := range g {
			out = append(out, *e.ch)
		}
	}
	return out
}

// inPlace returns the first n changes of chunk when groups, one after
// the other, are exactly those, in that order, and the chunk holds
// little besides them (its spare room would stay allocated with the
// plan).
func inPlace(groups [][]*entry, n int, chunk []plan.Change) ([]plan.Change, bool) {
	if n > cap(chunk) || cap(chunk)-n > max(n/8, 16) {
		return nil, false
	}
	chunk = chunk[:n]
	k := 0
	for _, g := range groups {
		for _, e := range g {
			if e.ch != &chunk[k] {
				return nil, false
			}
			k++
		}
	}
	return chunk, true
}

// topo orders one phase's entries (Kahn's algorithm, ready entries taken
// in their planned order).
func topo(es []*entry, cs *changeSet) []*entry {
	if !slices.ContainsFunc(es, func(e *entry) bool { return len(e.ch.DependsOn) > 0 }) {
		return es // nothing depends on anything: the planned order (a no-op plan's assets)
	}
	in := make(map[string]*entry, len(es))
	for _, e := range es {
		in[e.ch.ID] = e
	}
	indeg := make(map[string]int, len(es))
	users := map[string][]*entry{}
	for _, e := range es {
		for _, d := range e.ch.DependsOn {
			if in[d] != nil && d != e.ch.ID {
				indeg[e.ch.ID]++
				users[d] = append(users[d], e)
			}
		}
	}
	out := make([]*entry, 0, len(es))
	done := make(map[string]bool, len(es))
	ready := &intHeap{}
	for i, e := range es {
		if indeg[e.ch.ID] == 0 {
			heap.Push(ready, i)
		}
	}
	idx := make(map[string]int, len(es))
	for i, e := range es {
		idx[e.ch.ID] = i
	}
	for ready.Len() > 0 {
		e := es[heap.Pop(ready).(int)]
		done[e.ch.ID] = true
		out = append(out, e)
		for _, u := range users[e.ch.ID] {
			if indeg[u.ch.ID]--; indeg[u.ch.ID] == 0 {
				heap.Push(ready, idx[u.ch.ID])
			}
		}
	}
	if len(out) == len(es) {
		return out
	}
	var cycle []string
	var pos spec.Pos
	for _, e := range es {
		if !done[e.ch.ID] {
			cycle = append(cycle, e.ch.ID)
			out = append(out, e)
			if pos.File == "" {
				pos = parsePos(e.ch.Source)
			}
		}
	}
	cs.errf(pos, "break the cycle: tag in one direction only, or create one object in a first apply",
		"dependency cycle between %d changes: %s", len(cycle), strings.Join(cycle, " -> "))
	return out
}

// parsePos turns a change's "file:line:col" back into a position.
func parsePos(s string) spec.Pos {
	f, l, c := splitPos(s)
	return spec.Pos{File: f, Line: l, Col: c}
}

// intHeap is a min-heap of indices: ready changes leave in planned order.
type intHeap []int

func (h intHeap) Len() int           { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
