package client

import "slices"

// keepScoped keeps the rows a scoped list really asked for. IT Glue may
// ignore a filter it does not know, or one spelled otherwise than it
// expects, and answer the whole account: a row is trusted only when the
// client checked it belongs to the scope. The rows dropped are counted in
// Stats.FilteredOut.
func keepScoped[T any](c *Client, rows []T, ok func(T) bool) []T {
	out := rows[:0]
	dropped := 0
	for _, r := range rows {
		if ok(r) {
			out = append(out, r)
		} else {
			dropped++
		}
	}
	if dropped > 0 {
		c.stats.add(func(s *Stats) { s.FilteredOut += int64(dropped) })
	}
	return out
}

// nameIn reports whether name is one of names, or names is empty (no
// name filter).
func nameIn(names []string, name string) bool {
	return len(names) == 0 || slices.Contains(names, name)
}
