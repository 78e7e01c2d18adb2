package client

import (
	"context"
	"fmt"
	"net/http"
)

// Create adds fields to a type with one nested (bulk) POST per batch. After
// an ambiguous failure it returns an *AmbiguousWriteError; see CreateSafe.
func (s *FlexibleAssetFieldsService) Create(ctx context.Context, typeID int64, ws []FlexibleAssetFieldWrite) ([]FlexibleAssetField, error) {
	items := make([]writeResource, len(ws))
	for i, w := range ws {
		items[i] = w.resource(false)
	}
	return postBatches(ctx, s.c, nestedFieldsPath(typeID), items, toField, fmt.Sprintf("fields of flexible asset type %d", typeID))
}

// CreateSafe adds fields to a type; after an ambiguous failure it re-lists
// the type's fields and creates only those whose name is still missing. It
// returns the fields in the order of ws. A failure after some fields were
// created is a *PartialCreateError, with those fields in the result.
func (s *FlexibleAssetFieldsService) CreateSafe(ctx context.Context, typeID int64, ws []FlexibleAssetFieldWrite) ([]FlexibleAssetField, error) {
	for i, w := range ws {
		if w.Name == nil || *w.Name == "" {
			return nil, fmt.Errorf("creating fields of flexible asset type %d: field %d has no name", typeID, i)
		}
	}
	out := make([]FlexibleAssetField, len(ws))
	done := 0 // fields known to exist
	pending := make([]int, len(ws))
	for i := range pending {
		pending[i] = i
	}
	for attempt := 0; ; attempt++ {
		batch := make([]FlexibleAssetFieldWrite, len(pending))
		for j, i := range pending {
			batch[j] = ws[i]
		}
		created, err := s.Create(ctx, typeID, batch)
		for j, f := range created {
			out[pending[j]] = f
			done++
		}
		if err == nil {
			return out, nil
		}
		if !IsAmbiguous(err) || attempt == maxCreateAttempts-1 {
			return partial(out, done, err)
		}
		pending = pending[len(created):]
		live, lerr := s.List(ctx, typeID)
		if lerr != nil {
			return partial(out, done, fmt.Errorf("%w (and re-listing the fields failed: %v)", err, lerr))
		}
		byName := make(map[string]FlexibleAssetField, len(live))
		for _, f := range live {
			byName[f.Name] = f
		}
		still := pending[:0]
		for _, i := range pending {
			if f, ok := byName[*ws[i].Name]; ok {
				out[i] = f
				done++
				s.c.stats.add(func(s *Stats) { s.Recovered++ })
			} else {
				still = append(still, i)
			}
		}
		if pending = still; len(pending) == 0 {
			return out, nil
		}
	}
}

// Update patches one field; unsent attributes are kept.
func (s *FlexibleAssetFieldsService) Update(ctx context.Context, id int64, w FlexibleAssetFieldWrite) (FlexibleAssetField, error) {
	body, err := encodeOne(w.resource(false))
	if err != nil {
		return FlexibleAssetField{}, err
	}
	var d document[fieldWire]
	if err := s.c.do(ctx, call{method: http.MethodPatch, path: "flexible_asset_fields/" + itoa(id), body: body}, &d); err != nil {
		return FlexibleAssetField{}, fmt.Errorf("updating flexible asset field %d: %w", id, err)
	}
	if len(d.Data) == 0 {
		return s.Get(ctx, id)
	}
	return toField(d.Data[0]), nil
}

// UpdateBulk patches many fields at once (each w.ID set). One request can
// swap the orders of two fields without an order collision, as long as the
// batch is not split (at most the bulk size, 500 by default).
func (s *FlexibleAssetFieldsService) UpdateBulk(ctx context.Context, ws []FlexibleAssetFieldWrite) error {
	items := make([]writeResource, len(ws))
	for i, w := range ws {
		if w.ID == 0 {
			return fmt.Errorf("updating fields in bulk: item %d has no id", i)
		}
		items[i] = w.resource(true)
	}
	return s.c.sendBulk(ctx, http.MethodPatch, "flexible_asset_fields", items, "updating flexible asset fields in bulk")
}

// Delete deletes a field and the trait data stored in it.
func (s *FlexibleAssetFieldsService) Delete(ctx context.Context, id int64) error {
	if err := s.c.do(ctx, call{method: http.MethodDelete, path: "flexible_asset_fields/" + itoa(id)}, nil); err != nil {
		return fmt.Errorf("deleting flexible asset field %d: %w", id, err)
	}
	return nil
}
