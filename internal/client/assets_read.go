package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
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
	return collect(pages, toAsset), nil
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
