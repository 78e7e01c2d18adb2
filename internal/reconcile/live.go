package reconcile

import "github.com/glue-sync/glue-sync/internal/client"

// Live is a snapshot of the parts of an IT Glue account a plan compares
// against. ReadLive fills it; tests build it by hand.
type Live struct {
	// OrganizationTypes and OrganizationStatuses are the account's
	// organization types and statuses (all of them).
	OrganizationTypes    []client.NamedRecord
	OrganizationStatuses []client.NamedRecord
	// Organizations are all the account's organizations.
	Organizations []client.Organization
	// AssetTypes are all flexible asset types, each with its fields.
	AssetTypes []client.FlexibleAssetType
	// Assets are the flexible assets read, by flexible asset type id.
	Assets map[int64][]client.FlexibleAsset
	// AssetsRead says which assets were read, by flexible asset type id.
	// A nil map means every asset of every type was read (a hand-built
	// snapshot); otherwise a type missing from the map was not read at all,
	// and Compute refuses to plan assets it cannot see.
	AssetsRead map[int64]AssetRead
	// TagTargets are the objects Tag traits can point at, by kind
	// ("Configurations", "Contacts", "Domains", "Locations", "Passwords"),
	// then by organization id. Only the kinds and organizations the
	// desired state tags are read.
	TagTargets map[string]map[int64][]client.TagTarget
}

// AssetRead records how the assets of one type were read.
type AssetRead struct {
	// All is true when every organization's assets were read.
	All bool `json:"all,omitempty"`
	// Organizations are the organization ids read when All is false.
	Organizations []int64 `json:"organizations,omitempty"`
}

// covers reports whether the assets of organization orgID were read.
func (r AssetRead) covers(orgID int64) bool {
	if r.All {
		return true
	}
	for _, id := range r.Organizations {
		if id == orgID {
			return true
		}
	}
	return false
}

// assetsReadFor reports whether the assets of type typeID in organization
// orgID are in the snapshot.
func (l *Live) assetsReadFor(typeID, orgID int64) bool {
	if l.AssetsRead == nil {
		return true
	}
	r, ok := l.AssetsRead[typeID]
	return ok && r.covers(orgID)
}

// assetsReadAll reports whether every asset of type typeID was read.
func (l *Live) assetsReadAll(typeID int64) bool {
	if l.AssetsRead == nil {
		return true
	}
	return l.AssetsRead[typeID].All
}
