package client

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
)

// maxPages is the most pages read for one list whatever the server
// claims: 10,000 pages of 1000 objects is ten million objects, far beyond
// any IT Glue account, and at the rate budget already about 20 minutes of
// requests.
const maxPages = 10000

// listPages reads every page of a list endpoint (see readPages). When the
// pages agree on a total count but hold fewer distinct objects, the order
// shifted between pages (an endpoint without a stable default order): it
// reads them all once more and keeps the more complete read.
func listPages[A any](ctx context.Context, c *Client, path string, q url.Values, what string) ([]*document[A], error) {
	pages, err := readPages[A](ctx, c, path, q, what)
	if err != nil || !missing(pages) {
		return pages, err
	}
	again, err := readPages[A](ctx, c, path, q, what)
	if err != nil {
		return nil, err
	}
	if distinct(again) > distinct(pages) {
		return again, nil
	}
	return pages, nil
}

// missing reports whether every page announced the same total count and
// the pages hold fewer distinct objects than that.
func missing[A any](pages []*document[A]) bool {
	total := pages[0].Meta.TotalCount
	for _, p := range pages {
		if p.Meta.TotalCount != total {
			return false
		}
	}
	return total > 0 && distinct(pages) < int(total)
}

func distinct[A any](pages []*document[A]) int {
	seen := map[flexInt]bool{}
	for _, p := range pages {
		for _, r := range p.Data {
			seen[r.ID] = true
		}
	}
	return len(seen)
}

// readPages reads every page of a list with the page size in use for path.
// When a page times out (504, or no answer in time), IT Glue's advice is to
// ask for smaller pages: it halves the size for path (never below
// minPageSize), remembered for the client's later lists of path, and reads
// the list again from the first page.
func readPages[A any](ctx context.Context, c *Client, path string, q url.Values, what string) ([]*document[A], error) {
	for {
		size := c.pages.size(path, c.pageSize)
		pages, err := readPagesSized[A](ctx, c, path, q, what, size)
		if err == nil || !pageTimedOut(err) {
			return pages, err
		}
		retry, lowered := c.pages.shrink(path, size)
		if !retry {
			return pages, err
		}
		if lowered {
			c.stats.add(func(s *Stats) { s.PageSizeReductions++ })
		}
	}
}

// readPagesSized reads the first page, then the pages its meta announces
// concurrently (at most c.concurrency at a time), then sequentially any
// page beyond those if the last one still points on (the data grew
// meanwhile). It returns the pages in order.
//
// It does not take the server's word for how many pages there are: a
// total-pages that total-count (or maxPages) cannot explain, an empty page
// before the last one announced, a page that holds only objects already
// read, or more pages than total-count allows (with a margin for growth
// while reading) stop the list with a *PaginationError.
func readPagesSized[A any](ctx context.Context, c *Client, path string, q url.Values, what string, size int) ([]*document[A], error) {
	progress := &pageCounter{c: c, what: what}
	get := func(ctx context.Context, n int) (*document[A], error) {
		pq := maps.Clone(q)
		if pq == nil {
			pq = url.Values{}
		}
		pq.Set("page[size]", strconv.Itoa(size))
		pq.Set("page[number]", strconv.Itoa(n))
		d := &document[A]{}
		if err := c.do(ctx, call{method: http.MethodGet, path: path, query: pq, shrinkable: size > minPageSize, page: true}, d); err != nil {
			return nil, fmt.Errorf("%s (page %d): %w", what, n, err)
		}
		progress.page(int(d.Meta.TotalPages))
		return d, nil
	}
	first, err := get(ctx, 1)
	if err != nil {
		return nil, err
	}
	apiPath := "/" + path
	limit, err := pageLimit(first, size, apiPath)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	pages := []*document[A]{first}
	if total := int(first.Meta.TotalPages); total > 1 {
		checked := func(ctx context.Context, n int) (*document[A], error) {
			d, err := get(ctx, n)
			if err == nil && len(d.Data) == 0 && n < total {
				err = fmt.Errorf("%s: %w", what, &PaginationError{Path: apiPath, Detail: fmt.Sprintf("page %d of the %d announced is empty", n, total)})
			}
			return d, err
		}
		rest, err := fetchConcurrently(ctx, c.concurrency, 2, total, checked)
		if err != nil {
			return nil, err
		}
		pages = append(pages, rest...)
	}
	seen := map[flexInt]bool{}
	for _, p := range pages {
		for _, r := range p.Data {
			seen[r.ID] = true
		}
	}
	for last := pages[len(pages)-1]; last.hasNext() && len(last.Data) > 0; last = pages[len(pages)-1] {
		if len(pages) >= limit {
			return nil, fmt.Errorf("%s: %w", what, &PaginationError{Path: apiPath, Detail: fmt.Sprintf("page %d still points to a next page, more than the %d pages this list can have", len(pages), limit)})
		}
		next, err := get(ctx, len(pages)+1)
		if err != nil {
			return nil, err
		}
		fresh := 0
		for _, r := range next.Data {
			if !seen[r.ID] {
				seen[r.ID] = true
				fresh++
			}
		}
		if len(next.Data) > 0 && fresh == 0 {
			return nil, fmt.Errorf("%s: %w", what, &PaginationError{Path: apiPath, Detail: fmt.Sprintf("page %d holds only objects of earlier pages", len(pages)+1)})
		}
		pages = append(pages, next)
	}
	return pages, nil
}

// pageLimit checks the first page's meta and returns how many pages the
// list may have at most. With a total-count, total-pages must match it at
// the page size in use (the one asked for, or the first page's length when
// the server uses smaller pages), and the list may grow by a tenth (at
// least 2 pages) while being read; without one, maxPages bounds it.
func pageLimit[A any](first *document[A], size int, path string) (int, error) {
	claimed, count := int64(first.Meta.TotalPages), int64(first.Meta.TotalCount)
	if n := len(first.Data); n > 0 && n < size && (claimed > 1 || first.hasNext()) {
		size = n
	}
	if claimed > maxPages {
		return 0, &PaginationError{Path: path, Detail: fmt.Sprintf("the API announced %d pages, more than the %d glue-sync reads for one list", claimed, maxPages)}
	}
	if claimed > 1 && len(first.Data) == 0 {
		return 0, &PaginationError{Path: path, Detail: fmt.Sprintf("page 1 of the %d announced is empty", claimed)}
	}
	if count <= 0 {
		return maxPages, nil
	}
	expected := (count + int64(size) - 1) / int64(size)
	if claimed > expected+1 {
		return 0, &PaginationError{Path: path, Detail: fmt.Sprintf("the API announced %d pages for %d objects at %d per page (%d pages)", claimed, count, size, expected)}
	}
	limit := max(expected, claimed) + max(2, expected/10)
	return int(min(limit, maxPages)), nil
}

// fetchConcurrently gets pages from..to with at most n in flight, stopping
// at the first error.
func fetchConcurrently[D any](ctx context.Context, n, from, to int, get func(context.Context, int) (D, error)) ([]D, error) {
	if to < from {
		return nil, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]D, to-from+1)
	jobs := make(chan int)
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	for range min(n, len(out)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range jobs {
				d, err := get(ctx, p)
				if err != nil {
					once.Do(func() { firstErr = err; cancel() })
					continue
				}
				out[p-from] = d
			}
		}()
	}
feed:
	for p := from; p <= to; p++ {
		select {
		case jobs <- p:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// collect converts every resource of every page, drops duplicates (an
// object that moved between pages while they were read) and sorts by id.
// Pages asked with sort=id come sorted: then the converted values are not
// moved again.
func collect[A, T any](pages []*document[A], conv func(resource[A]) T) []T {
	n := 0
	for _, p := range pages {
		n += len(p.Data)
	}
	seen := make(map[int64]bool, n)
	ids := make([]int64, 0, n)
	out := make([]T, 0, n)
	for _, p := range pages {
		for _, r := range p.Data {
			if seen[int64(r.ID)] {
				continue
			}
			seen[int64(r.ID)] = true
			ids = append(ids, int64(r.ID))
			out = append(out, conv(r))
		}
	}
	if slices.IsSorted(ids) {
		return out
	}
	order := make([]int, len(ids))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpInt(ids[a], ids[b]) })
	sorted := make([]T, len(out))
	for i, j := range order {
		sorted[i] = out[j]
	}
	return sorted
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
