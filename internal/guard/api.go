package guard

import (
	"context"

	"github.com/glue-sync/glue-sync/internal/client"
)

// API is what the pre-flight checks need from an IT Glue client: reads
// only. ClientAPI adapts a *client.Client; tests may supply their own.
type API interface {
	// Organization, AssetType (with its fields), Field and Asset read one
	// object by id; a missing one is an error matching client.ErrNotFound.
	Organization(ctx context.Context, id int64) (client.Organization, error)
	AssetType(ctx context.Context, id int64) (client.FlexibleAssetType, error)
	Field(ctx context.Context, id int64) (client.FlexibleAssetField, error)
	Asset(ctx context.Context, id int64) (client.FlexibleAsset, error)
	// Organizations lists the organizations called one of names, or every
	// organization when names is empty.
	Organizations(ctx context.Context, names []string) ([]client.Organization, error)
	// AssetTypes lists the flexible asset types called one of names, or
	// every type when names is empty, with their fields.
	AssetTypes(ctx context.Context, names []string) ([]client.FlexibleAssetType, error)
	// Assets lists the flexible assets of a type, of one organization
	// when orgID is not 0.
	Assets(ctx context.Context, typeID, orgID int64) ([]client.FlexibleAsset, error)
}

// ClientAPI adapts c to API.
func ClientAPI(c *client.Client) API { return clientAPI{c} }

type clientAPI struct{ c *client.Client }

func (a clientAPI) Organization(ctx context.Context, id int64) (client.Organization, error) {
	return a.c.Organizations.Get(ctx, id)
}

func (a clientAPI) AssetType(ctx context.Context, id int64) (client.FlexibleAssetType, error) {
	return a.c.FlexibleAssetTypes.Get(ctx, id)
}

func (a clientAPI) Field(ctx context.Context, id int64) (client.FlexibleAssetField, error) {
	return a.c.FlexibleAssetFields.Get(ctx, id)
}

func (a clientAPI) Asset(ctx context.Context, id int64) (client.FlexibleAsset, error) {
	return a.c.FlexibleAssets.Get(ctx, id)
}

func (a clientAPI) Organizations(ctx context.Context, names []string) ([]client.Organization, error) {
	var opts *client.OrganizationListOptions
	if len(names) > 0 {
		opts = &client.OrganizationListOptions{Names: names}
	}
	return a.c.Organizations.List(ctx, opts)
}

func (a clientAPI) AssetTypes(ctx context.Context, names []string) ([]client.FlexibleAssetType, error) {
	return a.c.FlexibleAssetTypes.List(ctx, names...)
}

func (a clientAPI) Assets(ctx context.Context, typeID, orgID int64) ([]client.FlexibleAsset, error) {
	var opts *client.FlexibleAssetListOptions
	if orgID != 0 {
		opts = &client.FlexibleAssetListOptions{OrganizationID: orgID}
	}
	return a.c.FlexibleAssets.List(ctx, typeID, opts)
}
