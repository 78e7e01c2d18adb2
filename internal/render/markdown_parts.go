package render

import (
	"cmp"
	"slices"
	"strings"
)

// part is one element of a Markdown comment. Fitting never splits head,
// tail or an item, so code blocks and <details> stay whole.
type part struct {
	head, tail string
	// items may be cut from the end when the comment does not fit at the
	// counts-only level; more then says how many were left out.
	items []string
	// hidden is how many items were left out before fitting (a list cap).
	hidden int
	more   func(left int) string
	prio   int // lower is kept first
}

// size is the part's length with every item.
func (p part) size() int {
	n := len(p.head) + len(p.tail)
	for _, it := range p.items {
		n += len(it)
	}
	if p.hidden > 0 && p.more != nil {
		n += len(p.more(p.hidden))
	}
	return n
}

// Priorities of the lists cut at the counts-only level: deletions are
// named first, then diagnostics, counts per organization, unmanaged.
const (
	prioDeletions = iota + 1
	prioDiagnostics
	prioCounts
	prioUnmanaged
)

// joinParts writes every part whole, or reports false if over max.
func joinParts(ps []part, max int) (string, bool) {
	keep := make([]int, len(ps))
	for i, p := range ps {
		keep[i] = len(p.items)
	}
	return assemble(ps, keep, max)
}

// fitParts keeps every head and tail, then fills the room left with
// items, list by list in priority order, each list cut to a prefix.
func fitParts(ps []part, max int) (string, bool) {
	room := max
	for _, p := range ps {
		room -= len(p.head) + len(p.tail)
		if p.more != nil && len(p.items)+p.hidden > 0 {
			room -= len(p.more(len(p.items) + p.hidden))
		} else if p.more == nil {
			for _, it := range p.items {
				room -= len(it)
			}
		}
	}
	if room < 0 {
		return "", false
	}
	order := make([]int, len(ps))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ps[a].prio, ps[b].prio) })
	keep := make([]int, len(ps))
	for _, i := range order {
		if ps[i].more == nil {
			keep[i] = len(ps[i].items)
			continue
		}
		for _, it := range ps[i].items {
			if len(it) > room {
				break
			}
			room -= len(it)
			keep[i]++
		}
	}
	return assemble(ps, keep, max)
}

func assemble(ps []part, keep []int, max int) (string, bool) {
	var b strings.Builder
	for i, p := range ps {
		b.WriteString(p.head)
		for _, it := range p.items[:keep[i]] {
			b.WriteString(it)
		}
		if left := len(p.items) - keep[i] + p.hidden; left > 0 && p.more != nil {
			b.WriteString(p.more(left))
		}
		b.WriteString(p.tail)
	}
	return b.String(), b.Len() <= max
}
