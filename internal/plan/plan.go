package plan

import "github.com/glue-sync/glue-sync/internal/diag"

// FormatVersion is the version of the JSON plan format written by this
// build. Readers refuse plans with a different major version, and plans
// older than MinFormatVersion.
const FormatVersion = "1.4"

// MinFormatVersion is the oldest plan format apply accepts: plans before
// 1.2 sent a kept Password trait back as its embedded password's id, which
// IT Glue may store as the new password.
const MinFormatVersion = "1.2"

// Kind names the kind of live object a change touches.
type Kind string

// The kinds glue-sync manages.
const (
	KindOrganization Kind = "organization"
	KindAssetType    Kind = "flexible-asset-type"
	KindField        Kind = "flexible-asset-field"
	KindAsset        Kind = "flexible-asset"
)

// Plan is the complete result of comparing the repository with the live
// account: what would change, what was left alone, and what went wrong.
type Plan struct {
	// FormatVersion is the plan format (see the package constant).
	FormatVersion string `json:"format_version"`
	// Source says where the desired state came from.
	Source Source `json:"source"`
	// Target says which account the plan was computed against (never the key).
	Target Target `json:"target"`
	// Changes are ordered so that applying them first to last respects every
	// dependency (types and fields, then organizations, then assets).
	Changes []Change `json:"changes"`
	// Unmanaged lists live objects inside the account that the repository
	// does not describe and that are not being deleted. Report only.
	Unmanaged []Unmanaged `json:"unmanaged,omitempty"`
	// OutsideScope counts the live objects outside the repository's managed
	// scope (manage: in glue-sync.yaml), which the plan never compares,
	// changes or deletes. Report only; nil when there are none.
	OutsideScope *OutsideScope `json:"outside_scope,omitempty"`
	// TypeSizes counts the live assets of each flexible asset type (by the
	// plan's name for it) whose assets were read in every organization:
	// the pages a list of the whole type costs, which apply's guard
	// re-reads weigh against one list per organization. Types read only
	// in some organizations are missing. Omitted in older plans.
	TypeSizes map[string]int `json:"type_sizes,omitempty"`
	// Diagnostics are problems found while planning. A plan with any error
	// diagnostic cannot be applied.
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
}

// Source identifies the desired state a plan was computed from.
type Source struct {
	// Dir is the repository directory, as given on the command line.
	Dir string `json:"dir,omitempty"`
	// Commit is the git commit the files were read from, when known.
	Commit string `json:"commit,omitempty"`
}

// Target identifies the live account.
type Target struct {
	// BaseURL is the API base URL used (e.g. https://api.itglue.com).
	BaseURL string `json:"base_url"`
	// Sandbox is true when the plan ran against an embedded sandbox.
	Sandbox bool `json:"sandbox,omitempty"`
	// Account fingerprints the account the plan read (see AccountID), so
	// that apply can refuse a plan made against another account that
	// answers at the same URL. Empty in plans before format 1.4.
	Account string `json:"account,omitempty"`
}

// Unmanaged is a live object that the repository does not describe.
type Unmanaged struct {
	Kind    Kind   `json:"kind"`
	Address string `json:"address"`
	LiveID  int64  `json:"live_id"`
}

// OutsideScope counts live objects by kind that are outside the managed
// scope: organizations and flexible asset types neither declared nor named
// (nor covered by "all") in the repository's manage: lists.
type OutsideScope struct {
	Organizations int `json:"organizations,omitempty"`
	AssetTypes    int `json:"flexible_asset_types,omitempty"`
}

// Severity of a diagnostic (diag.Severity, shared with spec).
type Severity = diag.Severity

// Diagnostic severities.
const (
	SeverityError   = diag.SeverityError
	SeverityWarning = diag.SeverityWarning
)

// Diagnostic is a problem found while planning, positioned in the
// repository when it comes from a file: diag.Diagnostic, the same type
// as spec.Diagnostic. In the JSON it carries its position both as
// "source" ("file:line:col") and, since format 1.3, as "pos".
type Diagnostic = diag.Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (p *Plan) HasErrors() bool {
	for _, d := range p.Diagnostics {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}
