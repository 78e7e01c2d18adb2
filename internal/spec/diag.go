package spec

import (
	"slices"
	"strings"

	"github.com/glue-sync/glue-sync/internal/textsafe"
)

// Severity says whether a Diagnostic fails validation.
type Severity string

// Severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Diagnostic is one problem found while loading, at a source position.
type Diagnostic struct {
	Pos      Pos      `json:"pos"`
	Severity Severity `json:"severity"`
	// Message says what is wrong, in lowercase, without the position.
	Message string `json:"message"`
	// Hint says how to fix it, when there is something useful to say.
	Hint string `json:"hint,omitempty"`
}

// String renders d as "file:line:col: message" (warnings say so), with
// control characters escaped (textsafe.Line): file names and values come
// from the repository, and the line goes to a terminal or a CI log.
func (d Diagnostic) String() string {
	s := d.Pos.String() + ": "
	if d.Severity == SeverityWarning {
		s += "warning: "
	}
	s += d.Message
	if d.Hint != "" {
		s += " (" + d.Hint + ")"
	}
	return textsafe.Line(s)
}

// Diagnostics is a list of diagnostics; Load returns them sorted.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == SeverityError {
			return true
		}
	}
	return false
}

// Errors counts the error diagnostics.
func (ds Diagnostics) Errors() int {
	n := 0
	for _, d := range ds {
		if d.Severity == SeverityError {
			n++
		}
	}
	return n
}

// String renders one diagnostic per line.
func (ds Diagnostics) String() string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// sort orders ds by position, then message, and drops exact duplicates.
func (ds Diagnostics) sort() Diagnostics {
	slices.SortStableFunc(ds, func(a, b Diagnostic) int {
		if a.Pos != b.Pos {
			if a.Pos.Less(b.Pos) {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Message, b.Message)
	})
	return slices.CompactFunc(ds, func(a, b Diagnostic) bool { return a == b })
}
