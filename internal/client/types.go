package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// FlexibleAssetType is a flexible asset type; Fields is filled (by order)
// when the type was read with its fields.
type FlexibleAssetType struct {
	ID          int64
	Name        string
	Description string
	Icon        string
	// Enabled is whether the type is enabled, when EnabledStated: IT
	// Glue's type answers may leave enabled out, which says nothing (it
	// does not mean false).
	Enabled       bool
	EnabledStated bool
	ShowInMenu    bool
	CreatedAt     time.Time
	UpdatedAt     time.Time
	Fields        []FlexibleAssetField
}

type typeWire struct {
	Name        flexString `json:"name"`
	Description flexString `json:"description"`
	Icon        flexString `json:"icon"`
	Enabled     *flexBool  `json:"enabled"`
	ShowInMenu  flexBool   `json:"show-in-menu"`
	CreatedAt   flexTime   `json:"created-at"`
	UpdatedAt   flexTime   `json:"updated-at"`
}

func toType(r resource[typeWire]) FlexibleAssetType {
	a := r.Attributes
	t := FlexibleAssetType{
		ID: r.id(), Name: string(a.Name), Description: string(a.Description), Icon: string(a.Icon),
		ShowInMenu: bool(a.ShowInMenu), CreatedAt: time.Time(a.CreatedAt), UpdatedAt: time.Time(a.UpdatedAt),
	}
	if a.Enabled != nil { // absent (or null): not stated
		t.Enabled, t.EnabledStated = bool(*a.Enabled), true
	}
	return t
}

// attachFields gives each type of the pages its included fields, found by
// relationship linkage or, failing that, by the field's type id. It
// returns the indexes of the types whose fields are not all there: the
// linkage names fields that were not included, or the type has none (IT
// Glue's type index may answer linkage without included[]; a type always
// has at least one field).
func attachFields(pages []*document[typeWire], types []FlexibleAssetType) ([]int, error) {
	fields := map[int64]FlexibleAssetField{}
	linked := map[int64][]int64{}
	for _, p := range pages {
		for _, inc := range p.Included {
			if !sameType(inc.Type, "flexible-asset-fields") {
				continue
			}
			var w fieldWire
			if err := json.Unmarshal(inc.Attributes, &w); err != nil {
				return nil, fmt.Errorf("decoding included field %d: %w", int64(inc.ID), err)
			}
			fields[int64(inc.ID)] = toField(resource[fieldWire]{ID: inc.ID, Type: inc.Type, Attributes: w, Relationships: inc.Relationships})
		}
		for _, r := range p.Data {
			for k, rel := range r.Relationships {
				if sameType(k, "flexible-asset-fields") {
					linked[int64(r.ID)] = rel.ids()
				}
			}
		}
	}
	byType := map[int64][]FlexibleAssetField{}
	claimed := map[int64]bool{}
	for typeID, ids := range linked {
		for _, id := range ids {
			if f, ok := fields[id]; ok {
				if f.FlexibleAssetTypeID == 0 {
					f.FlexibleAssetTypeID = typeID
				}
				byType[typeID] = append(byType[typeID], f)
				claimed[id] = true
			}
		}
	}
	for id, f := range fields {
		if !claimed[id] && f.FlexibleAssetTypeID != 0 {
			byType[f.FlexibleAssetTypeID] = append(byType[f.FlexibleAssetTypeID], f)
		}
	}
	var incomplete []int
	for i := range types {
		fs := byType[types[i].ID]
		sortFields(fs)
		types[i].Fields = fs
		if len(fs) == 0 || len(fs) < len(linked[types[i].ID]) {
			incomplete = append(incomplete, i)
		}
	}
	return incomplete, nil
}

// readMissingFields reads, through the nested fields route, the fields of
// the types attachFields found incomplete: one list per type.
func (s *FlexibleAssetTypesService) readMissingFields(ctx context.Context, types []FlexibleAssetType, incomplete []int) error {
	fields, err := fetchConcurrently(ctx, s.c.concurrency, 0, len(incomplete)-1, func(ctx context.Context, j int) ([]FlexibleAssetField, error) {
		return s.c.FlexibleAssetFields.List(ctx, types[incomplete[j]].ID)
	})
	if err != nil {
		return err
	}
	for j, i := range incomplete {
		types[i].Fields = fields[j]
		s.c.stats.add(func(s *Stats) { s.NestedFieldReads++ })
	}
	return nil
}

// FlexibleAssetTypeWrite is the body of a type create or update. Fields
// are only sent on create (the API refuses them on update: use
// FlexibleAssetFields). Nil fields are not sent.
type FlexibleAssetTypeWrite struct {
	Name        *string
	Description *string
	Icon        *string
	Enabled     *bool
	ShowInMenu  *bool
	Clear       []string
	Fields      []FlexibleAssetFieldWrite
}

func (w FlexibleAssetTypeWrite) resource() writeResource {
	m := map[string]any{}
	setAttr(m, "name", w.Name)
	setAttr(m, "description", w.Description)
	setAttr(m, "icon", w.Icon)
	setAttr(m, "enabled", w.Enabled)
	setAttr(m, "show-in-menu", w.ShowInMenu)
	clearAttrs(m, w.Clear)
	return writeResource{Type: "flexible-asset-types", Attributes: m}
}

// FlexibleAssetTypesService reads and writes flexible asset types. The API
// cannot delete them (disable them with Enabled=false instead).
type FlexibleAssetTypesService struct{ c *Client }

// List returns every type (or those named exactly as in names) with their
// fields, by id. The fields come in the same requests (include=).
func (s *FlexibleAssetTypesService) List(ctx context.Context, names ...string) ([]FlexibleAssetType, error) {
	q := url.Values{"sort": {"id"}, "include": {"flexible_asset_fields"}}
	if len(names) > 0 {
		q.Set("filter[name]", escapeFilter(names))
	}
	pages, err := listPages[typeWire](ctx, s.c, "flexible_asset_types", q, "listing flexible asset types")
	if err != nil {
		return nil, err
	}
	types := keepScoped(s.c, collect(pages, toType), func(t FlexibleAssetType) bool { return nameIn(names, t.Name) })
	incomplete, err := attachFields(pages, types)
	if err == nil {
		err = s.readMissingFields(ctx, types, incomplete)
	}
	if err != nil {
		return nil, fmt.Errorf("listing flexible asset types: %w", err)
	}
	return types, nil
}

// Get reads one type with its fields.
func (s *FlexibleAssetTypesService) Get(ctx context.Context, id int64) (FlexibleAssetType, error) {
	d := &document[typeWire]{}
	q := url.Values{"include": {"flexible_asset_fields"}}
	if err := s.c.do(ctx, call{method: http.MethodGet, path: "flexible_asset_types/" + itoa(id), query: q}, d); err != nil {
		return FlexibleAssetType{}, fmt.Errorf("reading flexible asset type %d: %w", id, err)
	}
	return s.one(ctx, d, "reading flexible asset type", true)
}

// one reads the type of a show (or write) answer with its included
// fields; fields linked but not included are read through the nested
// route only when fetchMissing (a write answer may omit them).
func (s *FlexibleAssetTypesService) one(ctx context.Context, d *document[typeWire], what string, fetchMissing bool) (FlexibleAssetType, error) {
	r, err := one(d, what)
	if err != nil {
		return FlexibleAssetType{}, err
	}
	t := []FlexibleAssetType{toType(r)}
	incomplete, err := attachFields([]*document[typeWire]{d}, t)
	if err == nil && fetchMissing {
		err = s.readMissingFields(ctx, t, incomplete)
	}
	if err != nil {
		return FlexibleAssetType{}, fmt.Errorf("%s: %w", what, err)
	}
	return t[0], nil
}

// Create creates a type with its fields in one request (a type needs at
// least one field). After an ambiguous failure it returns an
// *AmbiguousWriteError; see CreateSafe. The returned type carries the
// created fields (read back with one GET when the response omits them).
func (s *FlexibleAssetTypesService) Create(ctx context.Context, w FlexibleAssetTypeWrite) (FlexibleAssetType, error) {
	if w.Name == nil || *w.Name == "" {
		return FlexibleAssetType{}, fmt.Errorf("creating a flexible asset type: a name is required")
	}
	r := w.resource()
	if len(w.Fields) > 0 {
		fs := make([]writeResource, len(w.Fields))
		for i, f := range w.Fields {
			fs[i] = f.resource(false)
		}
		r.Relationships = map[string]writeRelation{"flexible-asset-fields": {Data: fs}}
	}
	body, err := encodeOne(r)
	if err != nil {
		return FlexibleAssetType{}, err
	}
	d := &document[typeWire]{}
	if err := s.c.do(ctx, call{method: http.MethodPost, path: "flexible_asset_types", body: body}, d); err != nil {
		return FlexibleAssetType{}, fmt.Errorf("creating flexible asset type %q: %w", truncate(*w.Name, maxQuoted), err)
	}
	t, err := s.one(ctx, d, "creating flexible asset type", false)
	if err == nil && len(w.Fields) > 0 && len(t.Fields) == 0 {
		// The response did not include the fields: read them (one request).
		return s.Get(ctx, t.ID)
	}
	return t, err
}

// CreateSafe creates a type, or after an ambiguous failure returns the type
// of that name if the first attempt did create it.
func (s *FlexibleAssetTypesService) CreateSafe(ctx context.Context, w FlexibleAssetTypeWrite) (FlexibleAssetType, error) {
	return createRecovering(ctx, s.c, func(ctx context.Context) (FlexibleAssetType, error) { return s.Create(ctx, w) },
		func(ctx context.Context) (FlexibleAssetType, bool, error) {
			if w.Name == nil {
				return FlexibleAssetType{}, false, nil
			}
			found, err := s.List(ctx, *w.Name)
			if err != nil || len(found) == 0 {
				return FlexibleAssetType{}, false, err
			}
			return found[len(found)-1], true, nil
		})
}

// Update patches a type's attributes (never its fields).
func (s *FlexibleAssetTypesService) Update(ctx context.Context, id int64, w FlexibleAssetTypeWrite) (FlexibleAssetType, error) {
	if len(w.Fields) > 0 {
		return FlexibleAssetType{}, fmt.Errorf("updating flexible asset type %d: fields cannot change through the type; use FlexibleAssetFields", id)
	}
	body, err := encodeOne(w.resource())
	if err != nil {
		return FlexibleAssetType{}, err
	}
	d := &document[typeWire]{}
	if err := s.c.do(ctx, call{method: http.MethodPatch, path: "flexible_asset_types/" + itoa(id), body: body}, d); err != nil {
		return FlexibleAssetType{}, fmt.Errorf("updating flexible asset type %d: %w", id, err)
	}
	if len(d.Data) == 0 {
		return s.Get(ctx, id)
	}
	return s.one(ctx, d, "updating flexible asset type", false)
}
