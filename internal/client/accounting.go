package client

import (
	"maps"
	"strings"
	"sync"
	"time"
)

// Stats is a snapshot of a Client's request accounting.
type Stats struct {
	// Requests is the number of HTTP requests sent, retries included.
	Requests int64
	// Retries is how many of those requests repeated an earlier one.
	Retries int64
	// RateLimited counts 429 responses.
	RateLimited int64
	// AmbiguousWrites counts POSTs whose outcome was unknown (not retried).
	AmbiguousWrites int64
	// Recovered counts ambiguous creates found by re-listing.
	Recovered int64
	// PageSizeReductions counts lists read again with half the page size
	// after a page timed out (504 or no answer in time).
	PageSizeReductions int64
	// NestedFieldReads counts types whose fields were read through the
	// nested fields route because the type answer did not include them.
	NestedFieldReads int64
	// ParentPatches counts organizations whose parent, ignored on create,
	// was set by a PATCH.
	ParentPatches int64
	// FilteredOut counts rows a filtered list answered that were outside
	// the filter (dropped: the server ignored the filter).
	FilteredOut int64
	// ArchivedReads counts extra lists of archived flexible assets.
	ArchivedReads int64
	// Wait is the total time spent waiting: the rate budget, Retry-After
	// and backoff, summed over concurrent requests.
	Wait time.Duration
	// Endpoints breaks the counts down by "METHOD /path" (ids as :id).
	Endpoints map[string]EndpointStats
}

// EndpointStats counts the requests to one method and path.
type EndpointStats struct {
	Requests int64
	Retries  int64
	Errors   int64
}

// accounting is the mutable counter set behind Stats.
type accounting struct {
	mu sync.Mutex
	s  Stats
}

func newAccounting() *accounting {
	return &accounting{s: Stats{Endpoints: map[string]EndpointStats{}}}
}

// Stats returns a snapshot of the request counters.
func (c *Client) Stats() Stats {
	c.stats.mu.Lock()
	defer c.stats.mu.Unlock()
	s := c.stats.s
	s.Endpoints = maps.Clone(c.stats.s.Endpoints)
	return s
}

// ResetStats zeroes the counters (e.g. between plan and apply).
func (c *Client) ResetStats() {
	c.stats.mu.Lock()
	defer c.stats.mu.Unlock()
	c.stats.s = Stats{Endpoints: map[string]EndpointStats{}}
}

func (a *accounting) request(endpoint string, retry bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.s.Requests++
	e := a.s.Endpoints[endpoint]
	e.Requests++
	if retry {
		a.s.Retries++
		e.Retries++
	}
	a.s.Endpoints[endpoint] = e
}

func (a *accounting) failed(endpoint string, status int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	e := a.s.Endpoints[endpoint]
	e.Errors++
	a.s.Endpoints[endpoint] = e
	if status == 429 {
		a.s.RateLimited++
	}
}

func (a *accounting) add(f func(s *Stats)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f(&a.s)
}

func (a *accounting) waited(d time.Duration) {
	if d <= 0 {
		return
	}
	a.mu.Lock()
	a.s.Wait += d
	a.mu.Unlock()
}

// endpointKey names an endpoint with numeric path segments replaced by :id,
// so that GET /flexible_assets/7 and /8 count together.
func endpointKey(method, path string) string {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for i, p := range parts {
		if p != "" && strings.Trim(p, "0123456789") == "" {
			parts[i] = ":id"
		}
	}
	return method + " /" + strings.Join(parts, "/")
}
