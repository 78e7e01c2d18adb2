package plan

import "encoding/json"

// Change is one planned change to one live object.
//
// Before and After values in Diffs mean, per Action:
//
//	Create: Before absent, After the value to set
//	Update: Before the live value, After the desired value (only changed attributes)
//	Delete: Before the live value, After absent
//	NoOp:   no diffs
type Change struct {
	// ID is the change's stable address within the plan, e.g.
	// "organization/Acme Corp" or "flexible-asset/Acme Corp/Email/Office 365".
	// DependsOn refers to other changes by this ID.
	ID     string `json:"id"`
	Action Action `json:"action"`
	Kind   Kind   `json:"kind"`
	// Organization is the organization the object belongs to, by name
	// (organizations and assets; empty for types and fields).
	Organization string `json:"organization,omitempty"`
	// AssetType is the flexible asset type, by name (types, fields, assets).
	AssetType string `json:"asset_type,omitempty"`
	// Name is the object's display name: the organization, type or field
	// name, or an asset's identity.
	Name string `json:"name"`
	// LiveID is the live object's id; 0 for a create.
	LiveID int64 `json:"live_id,omitempty"`
	// Source is the "file:line:col" of the YAML that asks for this change
	// (empty for deletes of objects the repository no longer describes).
	Source string `json:"source,omitempty"`
	// Reason says why the change is planned. For humans only: apply never
	// reads it.
	Reason string `json:"reason,omitempty"`
	// Diffs are the attribute-level differences, sorted by Path.
	Diffs []Diff `json:"diffs,omitempty"`
	// DependsOn lists the IDs of changes that must succeed before this one.
	DependsOn []string `json:"depends_on,omitempty"`
	// Guard lets apply detect that the live object changed since the plan.
	Guard *Guard `json:"guard,omitempty"`
	// Write is what apply sends; see Write.
	Write *Write `json:"write,omitempty"`
	// Origin, in a pull request's plan, says whether the pull request
	// causes the change (OriginPR) or it is already pending on the base
	// branch (OriginBase: drift in the account, or a merged change not yet
	// applied). Empty in other plans. For humans only: apply never reads it.
	Origin Origin `json:"origin,omitempty"`
}

// Origin says where a change in a pull request's plan comes from.
type Origin string

// The origins; see Change.Origin.
const (
	OriginPR   Origin = "pr"
	OriginBase Origin = "base"
)

// Diff is one attribute that differs.
type Diff struct {
	// Path names the attribute as a user reads it: "description",
	// "traits.Webmail URL", "fields.Type.hint".
	Path string `json:"path"`
	// Before and After are JSON values; nil means absent. For a Sensitive
	// diff both are nil: the value is never written anywhere.
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	// Sensitive is true for Password traits: the diff only says "changed".
	Sensitive bool `json:"sensitive,omitempty"`
}

// Guard fingerprints the live object as it was when the plan was made.
type Guard struct {
	// UpdatedAt is the live object's updated-at.
	UpdatedAt string `json:"updated_at,omitempty"`
	// Hash is a hash of the live values the plan compared.
	Hash string `json:"hash"`
}

// Ref is a reference to a live object, either already existing (ID) or
// created by an earlier change in the same plan (Change).
type Ref struct {
	ID     int64  `json:"id,omitempty"`
	Change string `json:"change,omitempty"`
}

// SecretSource says where a Password trait's value comes from at apply
// time. Plans never hold a secret, and never send a kept password back as
// the number IT Glue reads it as (the id of its embedded password): the
// API documents no such "unchanged" value, so that number might be stored
// as the new password.
type SecretSource struct {
	// Env is the name of an environment variable holding the value. It is
	// required to set a password; a kept password may have none (a trait
	// the repository does not state).
	Env string `json:"env,omitempty"`
	// Keep is true when the trait is already set and stays as it is; the
	// trait is in the write only because IT Glue replaces every trait on
	// update. Apply then sends, in this order: the value of Env when that
	// variable is set; else the current secret read through the passwords
	// API (GET /passwords/PasswordID, which needs an API key with Password
	// Access); else it refuses the change, naming the variable.
	Keep bool `json:"keep,omitempty"`
	// PasswordID is the kept trait's embedded password, as read at plan
	// time; 0 when the live value was not an id.
	PasswordID int64 `json:"password_id,omitempty"`
	// Field is the trait's field name, for messages only.
	Field string `json:"field,omitempty"`
}
