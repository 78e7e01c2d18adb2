package plan

import "encoding/json"

// Write is the request apply makes for a change, with references to other
// changes still symbolic (objects created earlier in the same apply have no
// id when the plan is made). Secrets are named by their source, never
// included; files are named by their path, never included.
//
// What apply does with it, per kind and action:
//
//	organization create/update: send Attributes (and Refs) to /organizations
//	flexible-asset-type create: send Attributes with Fields nested
//	flexible-asset-type update: send Attributes
//	flexible-asset-field create/update: send Attributes (and Refs, TagType)
//	flexible-asset-field update with Orders: one bulk PATCH of the orders
//	flexible-asset create/update: send Attributes (and Refs), and when
//	  SendTraits the trait set made of Traits, Tags, Secrets and Uploads
//	delete: no Write; the object is LiveID (a field's type is Refs
//	  "flexible-asset-type-id")
type Write struct {
	// Attributes are the API attributes to send, keyed by their kebab-case
	// API name. A JSON null clears the attribute. For assets it does not
	// include traits.
	Attributes map[string]json.RawMessage `json:"attributes,omitempty"`
	// Refs are attributes whose value is the id of another object, live or
	// created by an earlier change: "organization-id",
	// "flexible-asset-type-id" (asset and field creates), "parent-id".
	// Apply sends the resolved id as the attribute.
	Refs map[string]Ref `json:"refs,omitempty"`
	// SendTraits says apply sends the traits attribute: Traits, Tags,
	// Secrets and Uploads together are then the complete new trait set
	// (IT Glue replaces every trait on update), even when all are empty.
	// When false the live traits are left alone (e.g. only archived
	// changes).
	SendTraits bool `json:"send_traits,omitempty"`
	// Traits are the plain trait values by field name-key, unmanaged live
	// traits included. Password, Tag and Upload traits are never here.
	Traits map[string]json.RawMessage `json:"traits,omitempty"`
	// Tags are Tag traits by name-key: live ids and/or changes whose created
	// id is to be used. Apply sends the list of ids.
	Tags map[string][]Ref `json:"tags,omitempty"`
	// Secrets are Password traits, by name-key, naming where apply reads
	// the value from: every Password trait being set, and every one kept
	// as it is (SecretSource.Keep) when the traits are sent.
	Secrets map[string]SecretSource `json:"secrets,omitempty"`
	// Uploads are Upload traits by name-key, naming the file apply reads
	// and sends as {"content": base64, "file_name": base name}. IT Glue
	// needs the file again on every trait update, so every managed Upload
	// trait is here whenever SendTraits is set.
	Uploads map[string]UploadSource `json:"uploads,omitempty"`
	// FieldKeys maps trait keys (of Traits, Tags, Secrets and Uploads) that
	// belong to fields created earlier in the same apply to that field. The
	// key is the name-key reconcile predicts from the field's name; apply
	// sends the created field's actual name-key instead.
	FieldKeys map[string]FieldRef `json:"field_keys,omitempty"`
	// Fields are the fields created together with a flexible asset type
	// (type creates only), in order. Tag fields that point at a type
	// created in the same plan are separate field changes instead.
	Fields []FieldWrite `json:"fields,omitempty"`
	// TagType, on a Tag field that tags another flexible asset type, is
	// that type: apply sends tag-type "FlexibleAssetType: <id>".
	TagType *Ref `json:"tag_type,omitempty"`
	// Orders are the new orders of existing fields of one type (LiveID is
	// the type), sent in one bulk PATCH so that fields can swap places
	// without an order collision.
	Orders []FieldOrder `json:"orders,omitempty"`
}

// FieldWrite is one field nested in a flexible asset type create.
type FieldWrite struct {
	// Attributes are the field's API attributes (name, kind, order, ...).
	Attributes map[string]json.RawMessage `json:"attributes"`
	// TagType is set for a Tag field that tags an existing flexible asset
	// type: apply sends tag-type "FlexibleAssetType: <id>".
	TagType *Ref `json:"tag_type,omitempty"`
}

// FieldRef names a field created earlier in the same apply: by its own
// change, or by its type's create change plus its name when it was created
// nested in the type.
type FieldRef struct {
	Change string `json:"change"`
	Name   string `json:"name"`
}

// FieldOrder is the new order of one existing field.
type FieldOrder struct {
	// Field is the field's live id; Name its (desired) name, for messages.
	Field int64  `json:"field"`
	Name  string `json:"name"`
	Order int64  `json:"order"`
}

// UploadSource names the file of an Upload trait.
type UploadSource struct {
	// File is the path relative to the repository root (Plan.Source.Dir).
	File string `json:"file"`
}
