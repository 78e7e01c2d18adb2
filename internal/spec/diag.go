package spec

import "github.com/glue-sync/glue-sync/internal/diag"

// Severity says whether a Diagnostic fails validation (package diag: the
// one diagnostics type, shared with plan).
type Severity = diag.Severity

// Severities.
const (
	SeverityError   = diag.SeverityError
	SeverityWarning = diag.SeverityWarning
)

// Diagnostic is one problem found while loading, at a source position
// (diag.Diagnostic, the same type plan.Diagnostic is).
type Diagnostic = diag.Diagnostic

// Diagnostics is a list of diagnostics; Load returns them sorted.
type Diagnostics = diag.Diagnostics
