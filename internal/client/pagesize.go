package client

import (
	"errors"
	"net"
	"net/http"
	"sync"
)

// minPageSize is the smallest page size adaptive paging goes down to: IT
// Glue's default page size, which every endpoint serves.
const minPageSize = 50

// pageSizes remembers, per list path, a page size lowered after timeouts.
type pageSizes struct {
	mu    sync.Mutex
	sizes map[string]int
}

// size is the page size to use for path: the lowered one, else def.
func (p *pageSizes) size(path string, def int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n, ok := p.sizes[path]; ok {
		return min(n, def)
	}
	return def
}

// shrink halves the page size of path from cur, not below minPageSize.
// retry is false when cur cannot go lower; lowered is false when a
// concurrent list already lowered it as far (only real halvings count).
func (p *pageSizes) shrink(path string, cur int) (retry, lowered bool) {
	if cur <= minPageSize {
		return false, false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.sizes == nil {
		p.sizes = map[string]int{}
	}
	next := max(cur/2, minPageSize)
	if n, ok := p.sizes[path]; !ok || next < n {
		p.sizes[path] = next
		return true, true
	}
	return true, false
}

// PageSize returns the page size the client now uses for list path (e.g.
// "flexible_assets"): the configured one, or lower after timeouts.
func (c *Client) PageSize(path string) int { return c.pages.size(path, c.pageSize) }

// pageTimedOut reports whether a list page failed in a way a smaller page
// may fix: a 504 Gateway Timeout, or no answer within the client's timeout.
func pageTimedOut(err error) bool {
	var api *APIError
	if errors.As(err, &api) {
		return api.StatusCode == http.StatusGatewayTimeout
	}
	return isTimeout(err)
}

// isTimeout reports whether err is a transport timeout (the HTTP client's
// own, not the caller's context).
func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
