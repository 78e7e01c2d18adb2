package reconcile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/glue-sync/glue-sync/internal/spec"
)

// liveKey is what matching knows of a live object.
type liveKey struct {
	id   int64
	name string
}

// matchResult is the outcome of matching one desired object.
type matchResult struct {
	idx  int    // index into the live keys, -1 when none
	by   string // "id", "name" or "previously"
	prob string // a problem, when matching failed
	hint string
}

// matchOne finds the live object for a desired one: by pinned id, else by
// exact name, else by the first previous name that matches, skipping live
// objects already taken by other declarations. Two live objects with the
// same name are ambiguous, never guessed.
func matchOne(what string, id *int64, name string, previously []string, keys []liveKey, taken map[int64]bool) matchResult {
	if id != nil {
		for i, k := range keys {
			if k.id == *id {
				return matchResult{idx: i, by: "id"}
			}
		}
		return matchResult{idx: -1, prob: fmt.Sprintf("pinned id %d: the account has no %s with that id", *id, what),
			hint: "remove id: to match by name, or correct it"}
	}
	for _, n := range append([]string{name}, previously...) {
		var hits []int
		for i, k := range keys {
			if k.name == n && !taken[k.id] {
				hits = append(hits, i)
			}
		}
		switch {
		case len(hits) == 1:
			by := "name"
			if n != name {
				by = "previously"
			}
			return matchResult{idx: hits[0], by: by}
		case len(hits) > 1:
			ids := make([]string, len(hits))
			for j, h := range hits {
				ids[j] = fmt.Sprint(keys[h].id)
			}
			return matchResult{idx: -1, prob: fmt.Sprintf("%d live %s are called %q (ids %s)", len(hits), nounPlural(what), n, strings.Join(ids, ", ")),
				hint: "pin the right one with id:"}
		}
	}
	return matchResult{idx: -1}
}

// declared is what matching knows of a declared organization or type.
type declared struct {
	pos        spec.Pos
	name       string
	id         *int64
	previously []string
}

// matchAll matches declarations of one kind (what: "organization") to the
// live keys, pinned ids first, then renames, then the rest (matchOrder).
// It reports ambiguous names, unknown pinned ids and two declarations
// claiming one live object as errors in out, and returns per declaration the
// index of its live object in keys, or -1.
func matchAll(out *changeSet, what string, decls []declared, keys []liveKey) []int {
	got := make([]int, len(decls))
	claimedBy := map[int64]int{} // live id -> declaration index
	order := matchOrder(len(decls), func(i int) bool { return decls[i].id != nil },
		func(i int) bool { return len(decls[i].previously) > 0 })
	taken := map[int64]bool{}
	for _, i := range order {
		d := decls[i]
		got[i] = -1
		m := matchOne(what, d.id, d.name, d.previously, keys, taken)
		if m.prob != "" {
			out.errf(d.pos, m.hint, "%s %q: %s", what, d.name, m.prob)
			continue
		}
		if m.idx < 0 {
			continue
		}
		k := keys[m.idx]
		if j, ok := claimedBy[k.id]; ok {
			out.errf(d.pos, "give each declared "+what+" its own live one", "%s %q matches live %s %q (id %d), already matched by %q at %s",
				what, d.name, what, k.name, k.id, decls[j].name, decls[j].pos)
			continue
		}
		claimedBy[k.id], taken[k.id] = i, true
		got[i] = m.idx
	}
	return got
}

// matchOrder returns the indices 0..n-1 in the order declarations are
// matched: pinned ids first, then renames (with previous names), then the
// rest, so that a rename keeps its live object even when a new declaration
// reuses the old name.
func matchOrder(n int, pinned, renamed func(i int) bool) []int {
	out := make([]int, 0, n)
	for pass := 0; pass < 3; pass++ {
		for i := range n {
			p, r := pinned(i), renamed(i)
			if (pass == 0 && p) || (pass == 1 && !p && r) || (pass == 2 && !p && !r) {
				out = append(out, i)
			}
		}
	}
	return out
}

// didYouMean renders a suggestion as a hint, or "".
func didYouMean(s string, candidates []string) string {
	if c := spec.Suggest(s, candidates); c != "" {
		return fmt.Sprintf("did you mean %q?", c)
	}
	return ""
}

// sortedUnique sorts and de-duplicates s in place.
func sortedUnique(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}
