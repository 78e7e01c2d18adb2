package reconcile

import (
	"context"

	"github.com/glue-sync/glue-sync/internal/client"
)

// API is what ReadLive needs from an IT Glue client: bulk reads only.
// ClientAPI adapts a *client.Client; tests may supply their own.
type API interface {
	// OrganizationTypes and OrganizationStatuses list every record.
	OrganizationTypes(ctx context.Context) ([]client.NamedRecord, error)
	OrganizationStatuses(ctx context.Context) ([]client.NamedRecord, error)
	// Organizations lists every organization.
	Organizations(ctx context.Context) ([]client.Organization, error)
	// AssetTypes lists every flexible asset type with its fields.
	AssetTypes(ctx context.Context) ([]client.FlexibleAssetType, error)
	// Assets lists the flexible assets of a type, of one organization
	// when orgID is not 0.
	Assets(ctx context.Context, typeID, orgID int64) ([]client.FlexibleAsset, error)
	// TagTargets lists the objects of a tag kind ("Configurations",
	// "Contacts", "Domains", "Locations", "Passwords") in an organization,
	// or in the whole account when orgID is 0.
	TagTargets(ctx context.Context, kind string, orgID int64) ([]client.TagTarget, error)
}

// TagTargetKinds returns the tag kinds ReadLive can read, so the only
// kinds (besides organizations and flexible assets) a Tag trait can name.
func TagTargetKinds() []string {
	return []string{"Configurations", "Contacts", "Domains", "Locations", "Passwords"}
}

// isTagTargetKind reports whether kind is one of TagTargetKinds.
func isTagTargetKind(kind string) bool {
	switch kind {
	case "Configurations", "Contacts", "Domains", "Locations", "Passwords":
		return true
	}
	return false
}

// ClientAPI adapts c to API.
func ClientAPI(c *client.Client) API { return clientAPI{c} }

type clientAPI struct{ c *client.Client }

func (a clientAPI) OrganizationTypes(ctx context.Context) ([]client.NamedRecord, error) {
	return a.c.OrganizationTypes.List(ctx)
}

func (a clientAPI) OrganizationStatuses(ctx context.Context) ([]client.NamedRecord, error) {
	return a.c.OrganizationStatuses.List(ctx)
}

func (a clientAPI) Organizations(ctx context.Context) ([]client.Organization, error) {
	return a.c.Organizations.List(ctx, nil)
}

func (a clientAPI) AssetTypes(ctx context.Context) ([]client.FlexibleAssetType, error) {
	return a.c.FlexibleAssetTypes.List(ctx)
}

func (a clientAPI) Assets(ctx context.Context, typeID, orgID int64) ([]client.FlexibleAsset, error) {
	var opts *client.FlexibleAssetListOptions
	if orgID != 0 {
		opts = &client.FlexibleAssetListOptions{OrganizationID: orgID}
	}
	return a.c.FlexibleAssets.List(ctx, typeID, opts)
}

func (a clientAPI) TagTargets(ctx context.Context, kind string, orgID int64) ([]client.TagTarget, error) {
	var svc *client.TagTargetsService
	switch kind {
	case "Configurations":
		svc = a.c.Configurations
	case "Contacts":
		svc = a.c.Contacts
	case "Domains":
		svc = a.c.Domains
	case "Locations":
		svc = a.c.Locations
	case "Passwords":
		svc = a.c.Passwords
	default:
		return nil, errUnsupportedTagKind(kind)
	}
	var opts *client.TagTargetListOptions
	if orgID != 0 {
		opts = &client.TagTargetListOptions{OrganizationID: orgID}
	}
	return svc.List(ctx, opts)
}
