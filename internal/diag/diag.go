package diag

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/glue-sync/glue-sync/internal/textsafe"
)

// Severity says whether a Diagnostic fails validation or planning.
type Severity string

// Severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// Pos is a position in a source file. Line and Col are 1-based; a zero
// Line means the position refers to the whole file, an empty File that
// there is no position.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

// String renders p as file:line:col (or just file when Line is 0).
func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	// One allocation, not fmt's: every change of a plan names its source.
	var b strings.Builder
	b.Grow(len(p.File) + 2 + 2*20)
	b.WriteString(p.File)
	b.WriteByte(':')
	var num [20]byte
	b.Write(strconv.AppendInt(num[:0], int64(p.Line), 10))
	b.WriteByte(':')
	b.Write(strconv.AppendInt(num[:0], int64(p.Col), 10))
	return b.String()
}

// Less orders positions by file, then line, then column.
func (p Pos) Less(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// ParsePos reads "file:line:col" (or a bare file name) back into a Pos.
func ParsePos(s string) Pos {
	parts := strings.Split(s, ":")
	if len(parts) >= 3 {
		l, err1 := strconv.Atoi(parts[len(parts)-2])
		c, err2 := strconv.Atoi(parts[len(parts)-1])
		if err1 == nil && err2 == nil && l > 0 {
			return Pos{File: strings.Join(parts[:len(parts)-2], ":"), Line: l, Col: c}
		}
	}
	return Pos{File: s}
}

// Diagnostic is one problem, at a position in the repository when it
// comes from a file.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	// Message says what is wrong, in lowercase, without the position.
	Message string
	// Hint says how to fix it, when there is something useful to say.
	Hint string
}

// Source is the position as "file:line:col", or "" when there is none.
func (d Diagnostic) Source() string {
	if d.Pos.File == "" {
		return ""
	}
	return d.Pos.String()
}

// String renders d as "file:line:col: message" (warnings say so), with
// control characters escaped (textsafe.Line): file names and values come
// from the repository, and the line goes to a terminal or a CI log.
func (d Diagnostic) String() string {
	s := ""
	if src := d.Source(); src != "" {
		s = src + ": "
	}
	if d.Severity == SeverityWarning {
		s += "warning: "
	}
	s += d.Message
	if d.Hint != "" {
		s += " (" + d.Hint + ")"
	}
	return textsafe.Line(s)
}

// wire is a Diagnostic's JSON form.
type wire struct {
	Severity Severity `json:"severity"`
	Source   string   `json:"source,omitempty"`
	Pos      *Pos     `json:"pos,omitempty"`
	Message  string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
}

// MarshalJSON writes the severity, the position both as "source" and as
// "pos" (absent when there is none), the message and the hint.
func (d Diagnostic) MarshalJSON() ([]byte, error) {
	w := wire{Severity: d.Severity, Source: d.Source(), Message: d.Message, Hint: d.Hint}
	if d.Pos.File != "" {
		p := d.Pos
		w.Pos = &p
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads what MarshalJSON writes; without "pos" (plans
// before format 1.3) the position is read from "source".
func (d *Diagnostic) UnmarshalJSON(b []byte) error {
	var w wire
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*d = Diagnostic{Severity: w.Severity, Message: w.Message, Hint: w.Hint}
	switch {
	case w.Pos != nil:
		d.Pos = *w.Pos
	case w.Source != "":
		d.Pos = ParsePos(w.Source)
	}
	return nil
}

// Diagnostics is a list of diagnostics.
type Diagnostics []Diagnostic

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	return slices.ContainsFunc(ds, func(d Diagnostic) bool { return d.Severity == SeverityError })
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

// Sorted orders ds by position, then message, and drops exact duplicates
// (it reorders ds in place).
func (ds Diagnostics) Sorted() Diagnostics {
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
