package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// FlexibleAssetField is one field of a flexible asset type. NameKey is the
// server's key for the field in traits. DefaultValue of a Select field
// holds its options, one per line.
type FlexibleAssetField struct {
	ID                  int64
	FlexibleAssetTypeID int64
	Order               int64
	Name                string
	Kind                string
	Hint                string
	Decimals            int64
	DefaultValue        string
	TagType             string
	Required            bool
	UseForTitle         bool
	Expiration          bool
	ShowInList          bool
	NameKey             string
	CreatedAt           time.Time
	UpdatedAt           time.Time
}

type fieldWire struct {
	FlexibleAssetTypeID flexInt    `json:"flexible-asset-type-id"`
	Order               flexInt    `json:"order"`
	Name                flexString `json:"name"`
	Kind                flexString `json:"kind"`
	Hint                flexString `json:"hint"`
	Decimals            flexInt    `json:"decimals"`
	DefaultValue        flexString `json:"default-value"`
	TagType             flexString `json:"tag-type"`
	Required            flexBool   `json:"required"`
	UseForTitle         flexBool   `json:"use-for-title"`
	Expiration          flexBool   `json:"expiration"`
	ShowInList          flexBool   `json:"show-in-list"`
	NameKey             flexString `json:"name-key"`
	CreatedAt           flexTime   `json:"created-at"`
	UpdatedAt           flexTime   `json:"updated-at"`
}

func toField(r resource[fieldWire]) FlexibleAssetField {
	a := r.Attributes
	f := FlexibleAssetField{
		ID: r.id(), FlexibleAssetTypeID: int64(a.FlexibleAssetTypeID), Order: int64(a.Order), Name: string(a.Name),
		Kind: string(a.Kind), Hint: string(a.Hint), Decimals: int64(a.Decimals), DefaultValue: string(a.DefaultValue),
		TagType: string(a.TagType), Required: bool(a.Required), UseForTitle: bool(a.UseForTitle),
		Expiration: bool(a.Expiration), ShowInList: bool(a.ShowInList), NameKey: string(a.NameKey),
		CreatedAt: time.Time(a.CreatedAt), UpdatedAt: time.Time(a.UpdatedAt),
	}
	if f.FlexibleAssetTypeID == 0 {
		if ids := r.Relationships["flexible-asset-type"].ids(); len(ids) == 1 {
			f.FlexibleAssetTypeID = ids[0]
		}
	}
	return f
}

// FlexibleAssetFieldWrite is the body of a field create or update. Nil
// fields are not sent; Clear names attributes to set to null ("hint").
type FlexibleAssetFieldWrite struct {
	// ID is required by UpdateBulk and ignored elsewhere.
	ID           int64
	Order        *int64
	Name         *string
	Kind         *string
	Hint         *string
	Decimals     *int64
	DefaultValue *string
	TagType      *string
	Required     *bool
	UseForTitle  *bool
	Expiration   *bool
	ShowInList   *bool
	Clear        []string
}

func (w FlexibleAssetFieldWrite) resource(withID bool) writeResource {
	m := map[string]any{}
	if withID {
		m["id"] = w.ID
	}
	setAttr(m, "order", w.Order)
	setAttr(m, "name", w.Name)
	setAttr(m, "kind", w.Kind)
	setAttr(m, "hint", w.Hint)
	setAttr(m, "decimals", w.Decimals)
	setAttr(m, "default-value", w.DefaultValue)
	setAttr(m, "tag-type", w.TagType)
	setAttr(m, "required", w.Required)
	setAttr(m, "use-for-title", w.UseForTitle)
	setAttr(m, "expiration", w.Expiration)
	setAttr(m, "show-in-list", w.ShowInList)
	clearAttrs(m, w.Clear)
	return writeResource{Type: "flexible-asset-fields", Attributes: m}
}

// FlexibleAssetFieldsService reads and writes the fields of a type.
type FlexibleAssetFieldsService struct{ c *Client }

func nestedFieldsPath(typeID int64) string {
	return "flexible_asset_types/" + itoa(typeID) + "/relationships/flexible_asset_fields"
}

// List returns the fields of a type, by order then id.
func (s *FlexibleAssetFieldsService) List(ctx context.Context, typeID int64) ([]FlexibleAssetField, error) {
	pages, err := listPages[fieldWire](ctx, s.c, nestedFieldsPath(typeID), url.Values{}, fmt.Sprintf("listing the fields of flexible asset type %d", typeID))
	if err != nil {
		return nil, err
	}
	fs := collect(pages, toField)
	sortFields(fs)
	return fs, nil
}

// Get reads one field.
func (s *FlexibleAssetFieldsService) Get(ctx context.Context, id int64) (FlexibleAssetField, error) {
	var d document[fieldWire]
	if err := s.c.do(ctx, call{method: http.MethodGet, path: "flexible_asset_fields/" + itoa(id)}, &d); err != nil {
		return FlexibleAssetField{}, fmt.Errorf("reading flexible asset field %d: %w", id, err)
	}
	r, err := one(&d, "reading flexible asset field")
	return toField(r), err
}

// sortFields orders fields by order, then id.
func sortFields(fs []FlexibleAssetField) {
	slices.SortStableFunc(fs, func(a, b FlexibleAssetField) int {
		if c := cmpInt(a.Order, b.Order); c != 0 {
			return c
		}
		return cmpInt(a.ID, b.ID)
	})
}

// Options returns a Select field's options: DefaultValue split on line
// breaks (IT Glue accepts \n and \r\n), trimmed, empty lines dropped.
func (f FlexibleAssetField) Options() []string {
	var out []string
	for _, line := range strings.Split(f.DefaultValue, "\n") {
		if s := strings.TrimSpace(line); s != "" {
			out = append(out, s)
		}
	}
	return out
}
