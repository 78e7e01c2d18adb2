package client

import (
	"context"
	"fmt"
	"net/http"
)

// maxCreateAttempts bounds how often a create is tried after ambiguous
// failures whose re-list found nothing.
const maxCreateAttempts = 4

// createRecovering runs create. When its outcome is ambiguous it runs
// lookup (a re-list); if the object exists it is returned, otherwise create
// runs again. Any other error is returned as is.
func createRecovering[T any](ctx context.Context, c *Client, create func(context.Context) (T, error), lookup func(context.Context) (T, bool, error)) (T, error) {
	var zero T
	for attempt := 0; ; attempt++ {
		v, err := create(ctx)
		if err == nil || !IsAmbiguous(err) || attempt == maxCreateAttempts-1 {
			return v, err
		}
		found, ok, lerr := lookup(ctx)
		if lerr != nil {
			return zero, fmt.Errorf("%w (and re-listing to see whether it exists failed: %v)", err, lerr)
		}
		if ok {
			c.stats.add(func(s *Stats) { s.Recovered++ })
			return found, nil
		}
		if err := c.wait(ctx, c.backoff(attempt)); err != nil {
			return zero, err
		}
	}
}

// partial returns out with err, or with a *PartialCreateError when some of
// out was created; with nothing created it returns nil and err unchanged.
func partial[T any](out []T, created int, err error) ([]T, error) {
	if created == 0 {
		return nil, err
	}
	return out, &PartialCreateError{Created: created, Total: len(out), Err: err}
}

// unexpectedCount is the error for a bulk create whose response does not
// hold one object per object sent: which were created is unknown, so it is
// ambiguous (CreateSafe re-lists).
func unexpectedCount(path string, sent, got int) error {
	return &AmbiguousWriteError{Method: http.MethodPost, Path: "/" + path,
		Err: fmt.Errorf("sent %d objects, the response holds %d", sent, got)}
}

// postBatches creates items with nested bulk POSTs to path, in batches
// that respect the item and size limits, and returns the created objects
// in the order of items. The API does not promise to answer in the
// request's order, so each created object is paired with the item it best
// matches by score (see pairCreated). On a failure it returns those of the
// batches before it; a response that does not hold one object per object
// sent is ambiguous. what names the objects for messages ("fields of
// flexible asset type 3").
func postBatches[A, T any](ctx context.Context, c *Client, path string, items []writeResource, conv func(resource[A]) T, score func(item int, got T) int, what string) ([]T, error) {
	enc, err := encodeItems(items)
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", what, err)
	}
	bs, err := c.batches(http.MethodPost, path, enc)
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", what, err)
	}
	var out []T
	for _, b := range bs {
		var d document[A]
		err := c.do(ctx, call{method: http.MethodPost, path: path, body: bulkBody(b)}, &d)
		if err == nil && len(d.Data) != len(b) {
			c.stats.add(func(s *Stats) { s.AmbiguousWrites++ })
			err = unexpectedCount(path, len(b), len(d.Data))
		}
		if err != nil {
			return out, fmt.Errorf("creating %d %s (%d created before): %w", len(b), what, len(out), err)
		}
		got := make([]T, len(d.Data))
		for i, r := range d.Data {
			got[i] = conv(r)
		}
		first := len(out)
		out = append(out, pairCreated(got, func(j int, g T) int { return score(first+j, g) })...)
	}
	return out, nil
}

// pairCreated orders got (a bulk create's answer) like the request's items:
// item j takes the unclaimed object with the highest score(j, object),
// ties going to the object at position j (the request's order, when the
// server keeps it), then to the earliest.
func pairCreated[T any](got []T, score func(j int, g T) int) []T {
	out := make([]T, len(got))
	claimed := make([]bool, len(got))
	for j := range got {
		best, bestScore := -1, 0
		for k, g := range got {
			if claimed[k] {
				continue
			}
			sc := score(j, g)
			if best < 0 || sc > bestScore || (sc == bestScore && k == j) {
				best, bestScore = k, sc
			}
		}
		claimed[best] = true
		out[j] = got[best]
	}
	return out
}

// sendBulk sends a bulk PATCH (or DELETE) in batches that respect the item
// and size limits. It stops at the first failing batch.
func (c *Client) sendBulk(ctx context.Context, method, path string, items []writeResource, what string) error {
	enc, err := encodeItems(items)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	bs, err := c.batches(method, path, enc)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	done := 0
	for i, b := range bs {
		if err := c.do(ctx, call{method: method, path: path, body: bulkBody(b), goneOK: method == http.MethodDelete}, nil); err != nil {
			return fmt.Errorf("%s (batch %d of %d, %d of %d objects done): %w", what, i+1, len(bs), done, len(items), err)
		}
		done += len(b)
	}
	return nil
}

// deleteBulk deletes objects by id with a bulk DELETE body.
func (c *Client) deleteBulk(ctx context.Context, path, kind string, ids []int64, what string) error {
	if len(ids) == 0 {
		return nil
	}
	items := make([]writeResource, len(ids))
	for i, id := range ids {
		items[i] = writeResource{Type: kind, Attributes: map[string]any{"id": id}}
	}
	return c.sendBulk(ctx, http.MethodDelete, path, items, what)
}
