package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// FlexibleAsset is a flexible asset as read. Name is built by the server
// from the type's use-for-title fields; Traits keep the raw JSON.
type FlexibleAsset struct {
	ID                    int64
	OrganizationID        int64
	OrganizationName      string
	FlexibleAssetTypeID   int64
	FlexibleAssetTypeName string
	Name                  string
	Traits                Traits
	Archived              bool
	Restricted            bool
	MyGlue                bool
	ResourceURL           string
	CreatedAt             time.Time
	UpdatedAt             time.Time
}

type assetWire struct {
	OrganizationID        flexInt    `json:"organization-id"`
	OrganizationName      flexString `json:"organization-name"`
	FlexibleAssetTypeID   flexInt    `json:"flexible-asset-type-id"`
	FlexibleAssetTypeName flexString `json:"flexible-asset-type-name"`
	Name                  flexString `json:"name"`
	Traits                Traits     `json:"traits"`
	Archived              flexBool   `json:"archived"`
	Restricted            flexBool   `json:"restricted"`
	MyGlue                flexBool   `json:"my-glue"`
	ResourceURL           flexString `json:"resource-url"`
	CreatedAt             flexTime   `json:"created-at"`
	UpdatedAt             flexTime   `json:"updated-at"`
}

func toAsset(r resource[assetWire]) FlexibleAsset {
	a := r.Attributes
	tr := a.Traits
	if tr == nil {
		tr = Traits{}
	}
	return FlexibleAsset{
		ID: r.id(), OrganizationID: int64(a.OrganizationID), OrganizationName: string(a.OrganizationName),
		FlexibleAssetTypeID: int64(a.FlexibleAssetTypeID), FlexibleAssetTypeName: string(a.FlexibleAssetTypeName),
		Name: string(a.Name), Traits: tr, Archived: bool(a.Archived), Restricted: bool(a.Restricted),
		MyGlue: bool(a.MyGlue), ResourceURL: string(a.ResourceURL),
		CreatedAt: time.Time(a.CreatedAt), UpdatedAt: time.Time(a.UpdatedAt),
	}
}

// FlexibleAssetWrite is the body of an asset create or update.
//
// Traits is the complete trait set: the API's PATCH replaces all traits,
// erasing any left out, so send every trait to keep (Traits.WriteShape
// turns read values into write values). A nil Traits on an update leaves
// the traits alone (only Archived/Restricted change). Values may be Go
// values or json.RawMessage; Tag traits are an id or a list of ids.
type FlexibleAssetWrite struct {
	// ID is required by UpdateBulk and ignored elsewhere.
	ID                  int64
	OrganizationID      int64
	FlexibleAssetTypeID int64
	Traits              map[string]any
	Archived            *bool
	Restricted          *bool
}

func (w FlexibleAssetWrite) resource(create, withID bool) writeResource {
	m := map[string]any{}
	if withID {
		m["id"] = w.ID
	}
	if create {
		m["organization-id"] = w.OrganizationID
		m["flexible-asset-type-id"] = w.FlexibleAssetTypeID
	}
	if w.Traits != nil {
		m["traits"] = w.Traits
	}
	setAttr(m, "archived", w.Archived)
	setAttr(m, "restricted", w.Restricted)
	return writeResource{Type: "flexible-assets", Attributes: m}
}

func (w FlexibleAssetWrite) checkCreate() error {
	if w.OrganizationID == 0 || w.FlexibleAssetTypeID == 0 {
		return fmt.Errorf("an organization id and a flexible asset type id are required")
	}
	if w.Traits == nil {
		return fmt.Errorf("traits are required")
	}
	return checkTraits(w.Traits)
}

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
	enc, err := encodeItems(items)
	if err != nil {
		return nil, err
	}
	path := "organizations/" + itoa(orgID) + "/relationships/flexible_assets"
	bs, err := s.c.batches(http.MethodPost, path, enc)
	if err != nil {
		return nil, fmt.Errorf("creating flexible assets in organization %d: %w", orgID, err)
	}
	var out []FlexibleAsset
	for _, b := range bs {
		var d document[assetWire]
		if err := s.c.do(ctx, call{method: http.MethodPost, path: path, body: bulkBody(b)}, &d); err != nil {
			return out, fmt.Errorf("creating %d flexible assets in organization %d (%d created before): %w", len(b), orgID, len(out), err)
		}
		if len(d.Data) != len(b) {
			return out, fmt.Errorf("creating flexible assets in organization %d: sent %d, the response holds %d", orgID, len(b), len(d.Data))
		}
		for _, r := range d.Data {
			out = append(out, toAsset(r))
		}
	}
	return out, nil
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
