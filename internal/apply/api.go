package apply

import (
	"context"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
)

// API is what Apply needs from an IT Glue client: the re-reads of the
// pre-flight checks (guard.API) and the writes. ClientAPI adapts a
// *client.Client; tests may supply their own.
//
// The creates must be safe: after an ambiguous failure (the request may
// or may not have been carried out) they look for the object before
// trying again, and a bulk create that stops part-way returns the objects
// it created with a *client.PartialCreateError.
type API interface {
	guard.API

	// CreateOrganization creates an organization (see
	// client.OrganizationsService.CreateSafe).
	CreateOrganization(ctx context.Context, w client.OrganizationWrite) (client.Organization, error)
	UpdateOrganization(ctx context.Context, id int64, w client.OrganizationWrite) (client.Organization, error)
	// UpdateOrganizations patches several organizations (each w.ID set)
	// in bulk PATCHes.
	UpdateOrganizations(ctx context.Context, ws []client.OrganizationWrite) error
	DeleteOrganization(ctx context.Context, id int64) error
	// DeleteOrganizations deletes organizations in bulk DELETEs (the
	// API has no other way).
	DeleteOrganizations(ctx context.Context, ids []int64) error

	// CreateAssetType creates a type with the fields w holds (see
	// client.FlexibleAssetTypesService.CreateSafe).
	CreateAssetType(ctx context.Context, w client.FlexibleAssetTypeWrite) (client.FlexibleAssetType, error)
	UpdateAssetType(ctx context.Context, id int64, w client.FlexibleAssetTypeWrite) (client.FlexibleAssetType, error)

	// Fields lists a type's fields.
	Fields(ctx context.Context, typeID int64) ([]client.FlexibleAssetField, error)
	// CreateFields creates fields of a type (see
	// client.FlexibleAssetFieldsService.CreateSafe).
	CreateFields(ctx context.Context, typeID int64, ws []client.FlexibleAssetFieldWrite) ([]client.FlexibleAssetField, error)
	UpdateField(ctx context.Context, id int64, w client.FlexibleAssetFieldWrite) (client.FlexibleAssetField, error)
	// UpdateFields patches several fields in one request (attributes other
	// than order: reorders go through ReorderFields).
	UpdateFields(ctx context.Context, ws []client.FlexibleAssetFieldWrite) error
	// ReorderFields gives fields of a type new orders, each move valid on
	// its own (see client.FlexibleAssetFieldsService.Reorder).
	ReorderFields(ctx context.Context, typeID int64, moves []client.FieldOrder) error
	DeleteField(ctx context.Context, id int64) error

	// CreateAssets creates assets of one organization, recognising those
	// an ambiguous failure created with match (see
	// client.FlexibleAssetsService.CreateSafe).
	CreateAssets(ctx context.Context, orgID int64, ws []client.FlexibleAssetWrite, match client.AssetMatch) ([]client.FlexibleAsset, error)
	UpdateAsset(ctx context.Context, id int64, w client.FlexibleAssetWrite) (client.FlexibleAsset, error)
	// UpdateAssets patches several assets in one request.
	UpdateAssets(ctx context.Context, ws []client.FlexibleAssetWrite) error
	DeleteAsset(ctx context.Context, id int64) error
	// DeleteAssets deletes assets in bulk DELETEs.
	DeleteAssets(ctx context.Context, ids []int64) error

	// PasswordSecret reads the secret of an embedded password, to keep a
	// Password trait as it is (see client.TagTargetsService.Secret; an
	// error wraps client.ErrNoPasswordAccess when the key may not).
	PasswordSecret(ctx context.Context, id int64) (string, error)
}

// ClientAPI adapts c to API.
func ClientAPI(c *client.Client) API { return clientAPI{guard.ClientAPI(c), c} }

type clientAPI struct {
	guard.API
	c *client.Client
}

func (a clientAPI) CreateOrganization(ctx context.Context, w client.OrganizationWrite) (client.Organization, error) {
	return a.c.Organizations.CreateSafe(ctx, w)
}

func (a clientAPI) UpdateOrganization(ctx context.Context, id int64, w client.OrganizationWrite) (client.Organization, error) {
	return a.c.Organizations.Update(ctx, id, w)
}

func (a clientAPI) DeleteOrganization(ctx context.Context, id int64) error {
	return a.c.Organizations.Delete(ctx, id)
}

func (a clientAPI) UpdateOrganizations(ctx context.Context, ws []client.OrganizationWrite) error {
	return a.c.Organizations.UpdateBulk(ctx, ws)
}

func (a clientAPI) DeleteOrganizations(ctx context.Context, ids []int64) error {
	return a.c.Organizations.Delete(ctx, ids...)
}

func (a clientAPI) CreateAssetType(ctx context.Context, w client.FlexibleAssetTypeWrite) (client.FlexibleAssetType, error) {
	return a.c.FlexibleAssetTypes.CreateSafe(ctx, w)
}

func (a clientAPI) UpdateAssetType(ctx context.Context, id int64, w client.FlexibleAssetTypeWrite) (client.FlexibleAssetType, error) {
	return a.c.FlexibleAssetTypes.Update(ctx, id, w)
}

func (a clientAPI) Fields(ctx context.Context, typeID int64) ([]client.FlexibleAssetField, error) {
	return a.c.FlexibleAssetFields.List(ctx, typeID)
}

func (a clientAPI) CreateFields(ctx context.Context, typeID int64, ws []client.FlexibleAssetFieldWrite) ([]client.FlexibleAssetField, error) {
	return a.c.FlexibleAssetFields.CreateSafe(ctx, typeID, ws)
}

func (a clientAPI) UpdateField(ctx context.Context, id int64, w client.FlexibleAssetFieldWrite) (client.FlexibleAssetField, error) {
	return a.c.FlexibleAssetFields.Update(ctx, id, w)
}

func (a clientAPI) UpdateFields(ctx context.Context, ws []client.FlexibleAssetFieldWrite) error {
	return a.c.FlexibleAssetFields.UpdateBulk(ctx, ws)
}

func (a clientAPI) ReorderFields(ctx context.Context, typeID int64, moves []client.FieldOrder) error {
	return a.c.FlexibleAssetFields.Reorder(ctx, typeID, moves)
}

func (a clientAPI) DeleteField(ctx context.Context, id int64) error {
	return a.c.FlexibleAssetFields.Delete(ctx, id)
}

func (a clientAPI) CreateAssets(ctx context.Context, orgID int64, ws []client.FlexibleAssetWrite, match client.AssetMatch) ([]client.FlexibleAsset, error) {
	return a.c.FlexibleAssets.CreateSafe(ctx, orgID, ws, match)
}

func (a clientAPI) UpdateAsset(ctx context.Context, id int64, w client.FlexibleAssetWrite) (client.FlexibleAsset, error) {
	return a.c.FlexibleAssets.Update(ctx, id, w)
}

func (a clientAPI) UpdateAssets(ctx context.Context, ws []client.FlexibleAssetWrite) error {
	return a.c.FlexibleAssets.UpdateBulk(ctx, ws)
}

func (a clientAPI) DeleteAsset(ctx context.Context, id int64) error {
	return a.c.FlexibleAssets.Delete(ctx, id)
}

func (a clientAPI) DeleteAssets(ctx context.Context, ids []int64) error {
	return a.c.FlexibleAssets.DeleteBulk(ctx, ids)
}

func (a clientAPI) PasswordSecret(ctx context.Context, id int64) (string, error) {
	return a.c.Passwords.Secret(ctx, id)
}
