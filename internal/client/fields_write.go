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
	// Field names are unique in a type: the name pairs a created field with its request.
	byName := func(i int, f FlexibleAssetField) int {
		if ws[i].Name != nil && *ws[i].Name == f.Name {
			return 1
		}
		return 0
	}
	return postBatches(ctx, s.c, nestedFieldsPath(typeID), items, toField, byName, fmt.Sprintf("fields of flexible asset type %d", typeID))
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

// FieldOrder is one field's new order within its type.
type FieldOrder struct {
	ID    int64
	Order int64
}

// Reorder gives fields of a type new orders. Orders are unique in a type,
// and IT Glue may check a bulk update item by item in request order, so a
// swap sent as is would collide halfway. Reorder reads the type's fields
// (one request), then sends the moves in an order where each one lands on
// a free order: chains of moves go last-vacated first, and a cycle (two
// fields swapping) is broken by parking one field on a free order above
// every other, moved to its place in a second bulk request. It costs one
// list plus one bulk PATCH, and a second PATCH only when moves form a cycle.
func (s *FlexibleAssetFieldsService) Reorder(ctx context.Context, typeID int64, moves []FieldOrder) error {
	if len(moves) == 0 {
		return nil
	}
	live, err := s.List(ctx, typeID)
	if err != nil {
		return fmt.Errorf("reordering the fields of flexible asset type %d: %w", typeID, err)
	}
	first, second, err := reorderSteps(live, moves)
	if err != nil {
		return fmt.Errorf("reordering the fields of flexible asset type %d: %w", typeID, err)
	}
	for _, step := range [][]FieldOrder{first, second} {
		if len(step) == 0 {
			continue
		}
		ws := make([]FlexibleAssetFieldWrite, len(step))
		for i, m := range step {
			ws[i] = FlexibleAssetFieldWrite{ID: m.ID, Order: &m.Order}
		}
		if err := s.UpdateBulk(ctx, ws); err != nil {
			return err
		}
	}
	return nil
}

// reorderSteps plans Reorder's requests: first holds moves each valid
// against the state the ones before it left (a field appears once); second
// moves the parked fields to their final orders.
func reorderSteps(live []FlexibleAssetField, moves []FieldOrder) (first, second []FieldOrder, err error) {
	holder := map[int64]int64{} // order -> field id
	at := map[int64]int64{}     // field id -> order
	top := int64(0)
	for _, f := range live {
		holder[f.Order], at[f.ID] = f.ID, f.Order
		top = max(top, f.Order)
	}
	pending := map[int64]int64{} // field id -> wanted order
	var ids []int64
	for _, m := range moves {
		cur, ok := at[m.ID]
		if !ok {
			return nil, nil, fmt.Errorf("field %d is not a field of this type", m.ID)
		}
		top = max(top, m.Order)
		if cur != m.Order {
			if _, dup := pending[m.ID]; !dup {
				ids = append(ids, m.ID)
			}
			pending[m.ID] = m.Order
		}
	}
	move := func(id, order int64) {
		delete(holder, at[id])
		holder[order], at[id] = id, order
	}
	parked := map[int64]bool{}
	for len(pending) > 0 {
		progress := false
		for _, id := range ids {
			want, ok := pending[id]
			if !ok || parked[id] {
				continue
			}
			if _, taken := holder[want]; taken {
				continue
			}
			first = append(first, FieldOrder{ID: id, Order: want})
			move(id, want)
			delete(pending, id)
			progress = true
		}
		if progress {
			continue
		}
		// Every remaining move waits on an order still held: the holders are
		// fields not moving (a plan error) or a cycle. Park one cycle member.
		var victim int64
		for _, id := range ids {
			if _, ok := pending[id]; ok && !parked[id] {
				if _, moving := pending[holder[pending[id]]]; moving {
					victim = holder[pending[id]]
					break
				}
			}
		}
		if victim == 0 || parked[victim] {
			for _, id := range ids {
				if want, ok := pending[id]; ok && !parked[id] {
					return nil, nil, fmt.Errorf("order %d wanted for field %d is held by field %d, which keeps it", want, id, holder[want])
				}
			}
			break // only parked fields are left
		}
		top++
		first = append(first, FieldOrder{ID: victim, Order: top})
		move(victim, top)
		parked[victim] = true
	}
	for _, id := range ids {
		if parked[id] {
			second = append(second, FieldOrder{ID: id, Order: pending[id]})
		}
	}
	return first, second, nil
}
