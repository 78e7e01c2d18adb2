package attrs

import "github.com/glue-sync/glue-sync/internal/client"

// Organization is the table of an organization's attributes. Its type
// and status are stated by name in the repository and written by id.
var Organization = Table[client.Organization, client.OrganizationWrite]{
	text("name", "name",
		func(o *client.Organization) *string { return &o.Name }, func(w *client.OrganizationWrite) **string { return &w.Name }),
	text("shortName", "short-name",
		func(o *client.Organization) *string { return &o.ShortName }, func(w *client.OrganizationWrite) **string { return &w.ShortName }),
	text("description", "description",
		func(o *client.Organization) *string { return &o.Description }, func(w *client.OrganizationWrite) **string { return &w.Description }),
	text("alert", "alert",
		func(o *client.Organization) *string { return &o.Alert }, func(w *client.OrganizationWrite) **string { return &w.Alert }),
	text("quickNotes", "quick-notes",
		func(o *client.Organization) *string { return &o.QuickNotes }, func(w *client.OrganizationWrite) **string { return &w.QuickNotes }),
	integer("type", "organization-type-id", Ref,
		func(o *client.Organization) *int64 { return &o.OrganizationTypeID }, func(w *client.OrganizationWrite) **int64 { return &w.OrganizationTypeID }),
	integer("status", "organization-status-id", Ref,
		func(o *client.Organization) *int64 { return &o.OrganizationStatusID }, func(w *client.OrganizationWrite) **int64 { return &w.OrganizationStatusID }),
	integer("parent", "parent-id", Ref,
		func(o *client.Organization) *int64 { return &o.ParentID }, func(w *client.OrganizationWrite) **int64 { return &w.ParentID }),
}

// AssetType is the table of a flexible asset type's own attributes (its
// fields have their own table).
var AssetType = Table[client.FlexibleAssetType, client.FlexibleAssetTypeWrite]{
	text("name", "name",
		func(t *client.FlexibleAssetType) *string { return &t.Name }, func(w *client.FlexibleAssetTypeWrite) **string { return &w.Name }),
	text("description", "description",
		func(t *client.FlexibleAssetType) *string { return &t.Description }, func(w *client.FlexibleAssetTypeWrite) **string { return &w.Description }),
	text("icon", "icon",
		func(t *client.FlexibleAssetType) *string { return &t.Icon }, func(w *client.FlexibleAssetTypeWrite) **string { return &w.Icon }),
	boolean("enabled", "enabled",
		func(t *client.FlexibleAssetType) *bool { return &t.Enabled }, func(w *client.FlexibleAssetTypeWrite) **bool { return &w.Enabled }),
	boolean("showInMenu", "show-in-menu",
		func(t *client.FlexibleAssetType) *bool { return &t.ShowInMenu }, func(w *client.FlexibleAssetTypeWrite) **bool { return &w.ShowInMenu }),
}

// Field is the table of a flexible asset field's attributes. A Select
// field's options are its default value, one per line (the repository
// states them as options:); its order is its position in the type.
var Field = Table[client.FlexibleAssetField, client.FlexibleAssetFieldWrite]{
	text("name", "name",
		func(f *client.FlexibleAssetField) *string { return &f.Name }, func(w *client.FlexibleAssetFieldWrite) **string { return &w.Name }),
	exact("kind", "kind",
		func(f *client.FlexibleAssetField) *string { return &f.Kind }, func(w *client.FlexibleAssetFieldWrite) **string { return &w.Kind }),
	text("hint", "hint",
		func(f *client.FlexibleAssetField) *string { return &f.Hint }, func(w *client.FlexibleAssetFieldWrite) **string { return &w.Hint }),
	integer("decimals", "decimals", Int,
		func(f *client.FlexibleAssetField) *int64 { return &f.Decimals }, func(w *client.FlexibleAssetFieldWrite) **int64 { return &w.Decimals }),
	exact("default", "default-value",
		func(f *client.FlexibleAssetField) *string { return &f.DefaultValue }, func(w *client.FlexibleAssetFieldWrite) **string { return &w.DefaultValue }),
	exact("tagType", "tag-type",
		func(f *client.FlexibleAssetField) *string { return &f.TagType }, func(w *client.FlexibleAssetFieldWrite) **string { return &w.TagType }),
	boolean("required", "required",
		func(f *client.FlexibleAssetField) *bool { return &f.Required }, func(w *client.FlexibleAssetFieldWrite) **bool { return &w.Required }),
	boolean("useForTitle", "use-for-title",
		func(f *client.FlexibleAssetField) *bool { return &f.UseForTitle }, func(w *client.FlexibleAssetFieldWrite) **bool { return &w.UseForTitle }),
	boolean("expiration", "expiration",
		func(f *client.FlexibleAssetField) *bool { return &f.Expiration }, func(w *client.FlexibleAssetFieldWrite) **bool { return &w.Expiration }),
	boolean("showInList", "show-in-list",
		func(f *client.FlexibleAssetField) *bool { return &f.ShowInList }, func(w *client.FlexibleAssetFieldWrite) **bool { return &w.ShowInList }),
	integer("", "order", Int,
		func(f *client.FlexibleAssetField) *int64 { return &f.Order }, func(w *client.FlexibleAssetFieldWrite) **int64 { return &w.Order }),
	exact("", "name-key",
		func(f *client.FlexibleAssetField) *string { return &f.NameKey }, (func(*client.FlexibleAssetFieldWrite) **string)(nil)),
}
