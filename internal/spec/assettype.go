package spec

// Field kinds, as the API spells them in a field's "kind".
const (
	KindCheckbox = "Checkbox"
	KindDate     = "Date"
	KindHeader   = "Header"
	KindNumber   = "Number"
	KindSelect   = "Select"
	KindText     = "Text"
	KindTextbox  = "Textbox"
	KindUpload   = "Upload"
	KindTag      = "Tag"
	KindPercent  = "Percent"
	KindPassword = "Password"
)

// FieldKinds lists the 11 field kinds in the order the docs give them.
// Treat it as read-only.
var FieldKinds = []string{KindCheckbox, KindDate, KindHeader, KindNumber, KindSelect,
	KindText, KindTextbox, KindUpload, KindTag, KindPercent, KindPassword}

// TagKinds are the built-in targets a Tag field can point at (the API's
// tag_type values, other than "FlexibleAssetType: <id>"). Treat it as
// read-only.
var TagKinds = []string{"AccountsUsers", "Checklists", "ChecklistTemplates", "Configurations",
	"Contacts", "Documents", "Domains", "Locations", "Organizations", "Passwords",
	"SslCertificates", "Tickets"}

// TagKindAsset is TagTarget.Kind for a Tag field that targets another
// flexible asset type (the API's "FlexibleAssetType: <id>").
const TagKindAsset = "FlexibleAssetType"

// AssetType is a declared flexible asset type, matched to a live one by ID
// when pinned, else by Name, else by one of Previously. Nil pointers are
// unmanaged.
type AssetType struct {
	Pos Pos `json:"pos"`
	// Name is the type's name (required, unique in the repo).
	Name string `json:"name"`
	// ID pins the live type by its numeric id.
	ID *int64 `json:"id,omitempty"`
	// Previously lists former names (a rename, not a new type).
	Previously []string `json:"previously,omitempty"`
	// Description is the type's description.
	Description *string `json:"description,omitempty"`
	// Icon is a Font Awesome icon name such as "envelope".
	Icon *string `json:"icon,omitempty"`
	// Enabled says whether the type is enabled.
	Enabled *bool `json:"enabled,omitempty"`
	// ShowInMenu says whether the type appears in the menu.
	ShowInMenu *bool `json:"showInMenu,omitempty"`
	// Fields are the type's fields in the declared order; the position in
	// this slice (1-based) is the field's API "order". The list is complete:
	// a live field not listed here (and not named in a Previously) is
	// extra, and removed only when the repo's prune policy allows it.
	Fields []*Field `json:"fields"`
}

// Field is one field of an AssetType. Nil pointers are unmanaged.
type Field struct {
	Pos Pos `json:"pos"`
	// Name is the field's label as shown in IT Glue (unique in the type).
	Name string `json:"name"`
	// Kind is one of FieldKinds.
	Kind string `json:"kind"`
	// Previously lists former names of this field (a rename keeps the data
	// and, in IT Glue, the name-key).
	Previously []string `json:"previously,omitempty"`
	// Hint is the help text shown under the field.
	Hint *string `json:"hint,omitempty"`
	// Required makes a value mandatory (never set for Header).
	Required *bool `json:"required,omitempty"`
	// UseForTitle makes the field part of the asset's name (only Text,
	// Select and Date fields).
	UseForTitle *bool `json:"useForTitle,omitempty"`
	// ShowInList shows the field in the asset list.
	ShowInList *bool `json:"showInList,omitempty"`
	// Expiration feeds IT Glue's expirations (Date fields only).
	Expiration *bool `json:"expiration,omitempty"`
	// Decimals is the number of decimals (Number and Percent only).
	Decimals *int `json:"decimals,omitempty"`
	// Default is the default value ("default-value" in the API) for kinds
	// other than Select; Select options live in Options.
	Default *string `json:"default,omitempty"`
	// Options are a Select field's options in order (the API stores them
	// newline-separated in "default-value"); nil for other kinds.
	Options []string `json:"options,omitempty"`
	// TagTarget is what a Tag field tags; nil for other kinds.
	TagTarget *TagTarget `json:"tagTarget,omitempty"`
}

// TagTarget is what a Tag field points at.
type TagTarget struct {
	// Kind is one of TagKinds, or TagKindAsset for another flexible asset
	// type.
	Kind string `json:"kind"`
	// AssetType is the target type's name when Kind is TagKindAsset.
	AssetType string `json:"assetType,omitempty"`
}

// NameKey is the key IT Glue derives from the field's name (see
// Parameterize). Read the live name-key from the API when there is one: it
// does not change on rename and may carry a -2 suffix on collision.
func (f *Field) NameKey() string { return Parameterize(f.Name) }

// Field returns the field whose name, or whose name's name-key, is key; nil
// when there is none. An exact name match wins over a name-key match.
func (t *AssetType) Field(key string) *Field {
	for _, f := range t.Fields {
		if f.Name == key {
			return f
		}
	}
	for _, f := range t.Fields {
		if f.NameKey() == key {
			return f
		}
	}
	return nil
}

// TitleFields returns the fields whose values IT Glue joins (with a space,
// in field order) to build an asset's name: those with UseForTitle true.
func (t *AssetType) TitleFields() []*Field {
	var out []*Field
	for _, f := range t.Fields {
		if f.UseForTitle != nil && *f.UseForTitle {
			out = append(out, f)
		}
	}
	return out
}
