package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// Create creates one asset. After an ambiguous failure it returns an
// *AmbiguousWriteError; see CreateSafe.
func (s *FlexibleAssetsService) Create(ctx context.Context, w FlexibleAssetWrite) (FlexibleAsset, error) {
	if err := w.checkCreate(); err != nil {
		return FlexibleAsset{}, fmt.Errorf("creating a flexible asset: %w", err)
	}
	body, err := encodeOne(w.resource(true, false))
	if err != nil {
		return FlexibleAsset{}, err
	}
	var d document[assetWire]
	if err := s.c.do(ctx, call{method: http.MethodPost, path: "flexible_assets", body: body}, &d); err != nil {
		return FlexibleAsset{}, fmt.Errorf("creating a flexible asset of type %d in organization %d: %w", w.FlexibleAssetTypeID, w.OrganizationID, err)
	}
	r, err := one(&d, "creating flexible asset")
	return toAsset(r), err
}

// CreateInOrganization creates assets of one organization with nested bulk
// POSTs (the only bulk create the API offers), in batches that respect the
// size limits. Each ws[i].OrganizationID must be orgID (or 0). After an
// ambiguous failure it returns an *AmbiguousWriteError, with the assets of
// the batches that succeeded; see CreateSafe.
func (s *FlexibleAssetsService) CreateInOrganization(ctx context.Context, orgID int64, ws []FlexibleAssetWrite) ([]FlexibleAsset, error) {
	items := make([]writeResource, len(ws))
	for i, w := range ws {
		if w.OrganizationID == 0 {
			w.OrganizationID = orgID
		}
		if w.OrganizationID != orgID {
			return nil, fmt.Errorf("creating flexible assets in organization %d: item %d belongs to organization %d", orgID, i, w.OrganizationID)
		}
		if err := w.checkCreate(); err != nil {
			return nil, fmt.Errorf("creating flexible assets in organization %d: item %d: %w", orgID, i, err)
		}
		items[i] = w.resource(true, false)
	}
	path := "organizations/" + itoa(orgID) + "/relationships/flexible_assets"
	return postBatches(ctx, s.c, path, items, toAsset, func(i int, a FlexibleAsset) int { return createdScore(ws[i], a) },
		fmt.Sprintf("flexible assets in organization %d", orgID))
}

// Update replaces an asset's traits (when w.Traits is not nil) and sets
// Archived/Restricted when given.
func (s *FlexibleAssetsService) Update(ctx context.Context, id int64, w FlexibleAssetWrite) (FlexibleAsset, error) {
	if err := checkTraits(w.Traits); err != nil {
		return FlexibleAsset{}, fmt.Errorf("updating flexible asset %d: %w", id, err)
	}
	body, err := encodeOne(w.resource(false, false))
	if err != nil {
		return FlexibleAsset{}, err
	}
	var d document[assetWire]
	if err := s.c.do(ctx, call{method: http.MethodPatch, path: "flexible_assets/" + itoa(id), body: body}, &d); err != nil {
		return FlexibleAsset{}, fmt.Errorf("updating flexible asset %d: %w", id, err)
	}
	if len(d.Data) == 0 {
		return s.Get(ctx, id)
	}
	return toAsset(d.Data[0]), nil
}

// UpdateBulk updates many assets (each w.ID set) in batches.
func (s *FlexibleAssetsService) UpdateBulk(ctx context.Context, ws []FlexibleAssetWrite) error {
	items := make([]writeResource, len(ws))
	for i, w := range ws {
		if w.ID == 0 {
			return fmt.Errorf("updating flexible assets in bulk: item %d has no id", i)
		}
		if err := checkTraits(w.Traits); err != nil {
			return fmt.Errorf("updating flexible assets in bulk: item %d: %w", i, err)
		}
		items[i] = w.resource(false, true)
	}
	return s.c.sendBulk(ctx, http.MethodPatch, "flexible_assets", items, "updating flexible assets in bulk")
}

// Archive archives (or, with false, unarchives) an asset, keeping traits.
func (s *FlexibleAssetsService) Archive(ctx context.Context, id int64, archived bool) (FlexibleAsset, error) {
	return s.Update(ctx, id, FlexibleAssetWrite{Archived: &archived})
}

// Delete deletes one asset.
func (s *FlexibleAssetsService) Delete(ctx context.Context, id int64) error {
	if err := s.c.do(ctx, call{method: http.MethodDelete, path: "flexible_assets/" + itoa(id)}, nil); err != nil {
		return fmt.Errorf("deleting flexible asset %d: %w", id, err)
	}
	return nil
}

// DeleteBulk deletes many assets by id, in batches.
func (s *FlexibleAssetsService) DeleteBulk(ctx context.Context, ids []int64) error {
	return s.c.deleteBulk(ctx, "flexible_assets", "flexible-assets", ids, "deleting flexible assets")
}

// createdScore says how well a created asset matches the write that asked
// for it: nothing for another type, else one point per trait the server
// answered as sent (Tag traits by id). Traits the server reshapes (a
// Password read back as an id, a Textbox as HTML) just score nothing.
func createdScore(w FlexibleAssetWrite, a FlexibleAsset) int {
	if a.FlexibleAssetTypeID != 0 && a.FlexibleAssetTypeID != w.FlexibleAssetTypeID {
		return -1
	}
	n := 0
	for k, v := range w.Traits {
		if b, err := json.Marshal(v); err == nil && sameTrait(b, a.Traits.Value(k)) {
			n++
		}
	}
	return n
}
