package client

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
)

// FlexibleAssetsService reads and writes flexible assets.
type FlexibleAssetsService struct{ c *Client }

// FlexibleAssetListOptions narrows a list beyond its type.
type FlexibleAssetListOptions struct {
	// OrganizationID limits the list to one organization.
	OrganizationID int64
	// Names match the server-built asset name exactly (any of them).
	Names []string
}

// List returns every asset of a type (the API requires the type), by id,
// archived ones included (see FlexibleAsset.Archived).
//
// Whether IT Glue's index lists archived assets is undocumented: when the
// list holds none, List asks once more with filter[archived]=true (one
// more request per list) and adds what that finds. A server that refuses
// the filter (400) is taken to list archived assets with the others, and
// not asked again. Rows outside the type, organization or names asked for
// (a server that ignored a filter) are dropped.
func (s *FlexibleAssetsService) List(ctx context.Context, typeID int64, opts *FlexibleAssetListOptions) ([]FlexibleAsset, error) {
	q := url.Values{"filter[flexible-asset-type-id]": {itoa(typeID)}}
	what := fmt.Sprintf("listing flexible assets of type %d", typeID)
	if opts != nil {
		if opts.OrganizationID != 0 {
			q.Set("filter[organization-id]", itoa(opts.OrganizationID))
			what += fmt.Sprintf(" in organization %d", opts.OrganizationID)
		}
		if len(opts.Names) > 0 {
			q.Set("filter[name]", escapeFilter(opts.Names))
		}
	}
	pages, err := listPages[assetWire](ctx, s.c, "flexible_assets", q, what)
	if err != nil {
		return nil, err
	}
	var o FlexibleAssetListOptions
	if opts != nil {
		o = *opts
	}
	inScope := func(a FlexibleAsset) bool {
		return (a.FlexibleAssetTypeID == 0 || a.FlexibleAssetTypeID == typeID) &&
			(o.OrganizationID == 0 || a.OrganizationID == o.OrganizationID) && nameIn(o.Names, a.Name)
	}
	assets := keepScoped(s.c, collect(pages, toAsset), inScope)
	if slices.ContainsFunc(assets, func(a FlexibleAsset) bool { return a.Archived }) {
		s.c.noArchivedFilter.Store(true) // the index lists them
	}
	more, err := s.listArchived(ctx, q, what)
	if err != nil || more == nil {
		return assets, err
	}
	seen := make(map[int64]bool, len(assets))
	for _, a := range assets {
		seen[a.ID] = true
	}
	for _, a := range keepScoped(s.c, collect(more, toAsset), inScope) {
		if !seen[a.ID] {
			seen[a.ID] = true
			assets = append(assets, a)
		}
	}
	slices.SortFunc(assets, func(a, b FlexibleAsset) int { return cmpInt(a.ID, b.ID) })
	return assets, nil
}

// Get reads one asset.
func (s *FlexibleAssetsService) Get(ctx context.Context, id int64) (FlexibleAsset, error) {
	var d document[assetWire]
	if err := s.c.do(ctx, call{method: http.MethodGet, path: "flexible_assets/" + itoa(id)}, &d); err != nil {
		return FlexibleAsset{}, fmt.Errorf("reading flexible asset %d: %w", id, err)
	}
	r, err := one(&d, "reading flexible asset")
	return toAsset(r), err
}

// ListByTypes lists the assets of several types (each like List, with the
// same opts), fetching types in parallel within the client's concurrency.
// The result maps each type id to its assets, by id.
func (s *FlexibleAssetsService) ListByTypes(ctx context.Context, typeIDs []int64, opts *FlexibleAssetListOptions) (map[int64][]FlexibleAsset, error) {
	lists, err := fetchConcurrently(ctx, s.c.concurrency, 0, len(typeIDs)-1, func(ctx context.Context, i int) ([]FlexibleAsset, error) {
		return s.List(ctx, typeIDs[i], opts)
	})
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]FlexibleAsset, len(typeIDs))
	for i, id := range typeIDs {
		out[id] = lists[i]
	}
	return out, nil
}

// listArchived reads the pages of q's list with filter[archived]=true, or
// returns nil when the client knows the index lists archived assets. The
// first such read of a client runs alone: if the server refuses the
// filter, concurrent lists learn it without asking too.
func (s *FlexibleAssetsService) listArchived(ctx context.Context, q url.Values, what string) ([]*document[assetWire], error) {
	if s.c.noArchivedFilter.Load() {
		return nil, nil
	}
	s.c.archivedMu.Lock()
	first := !s.c.archivedProbed
	if !first {
		s.c.archivedMu.Unlock()
	} else {
		defer s.c.archivedMu.Unlock()
	}
	if s.c.noArchivedFilter.Load() {
		return nil, nil
	}
	aq := maps.Clone(q)
	aq.Set("filter[archived]", "true")
	s.c.stats.add(func(s *Stats) { s.ArchivedReads++ })
	more, err := listPages[assetWire](ctx, s.c, "flexible_assets", aq, what+" (archived)")
	var api *APIError
	if errors.As(err, &api) && api.StatusCode == http.StatusBadRequest {
		s.c.noArchivedFilter.Store(true)
		err, more = nil, nil
	}
	if first && err == nil {
		s.c.archivedProbed = true
	}
	return more, err
}
