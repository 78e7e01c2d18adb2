package client

import (
	"encoding/json"
	"fmt"
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
	// Traits is what the tolerant decoder (encoding/json) fills; the fast
	// decoder fills traits instead, compact and without a map, and leaves
	// Traits nil.
	Traits      map[string]json.RawMessage `json:"traits"`
	traits      Traits
	Archived    flexBool   `json:"archived"`
	Restricted  flexBool   `json:"restricted"`
	MyGlue      flexBool   `json:"my-glue"`
	ResourceURL flexString `json:"resource-url"`
	CreatedAt   flexTime   `json:"created-at"`
	UpdatedAt   flexTime   `json:"updated-at"`
}

func toAsset(r resource[assetWire]) FlexibleAsset {
	a := r.Attributes
	tr := a.traits
	if a.Traits != nil {
		tr = TraitsOf(a.Traits)
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
