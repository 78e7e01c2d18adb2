package attrs

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Rule is how an attribute's values compare.
type Rule int

const (
	// Text: strings, equal when they are after CRLF becomes LF and
	// trailing whitespace is dropped (NormText).
	Text Rule = iota
	// Bool: true or false.
	Bool
	// Int: an integer (decimals, order).
	Int
	// Ref: the live id of another object, which the repository names
	// (organization type and status, parent organization).
	Ref
	// Exact: strings compared by reconcile's own rule for the attribute
	// (a field's kind, tag type or default value, which depend on the
	// field's kind) and fingerprinted as they are.
	Exact
)

// String names the rule.
func (r Rule) String() string {
	switch r {
	case Text:
		return "text"
	case Bool:
		return "bool"
	case Int:
		return "int"
	case Ref:
		return "ref"
	case Exact:
		return "exact"
	}
	return fmt.Sprintf("Rule(%d)", int(r))
}

// Value is one attribute value: Str for Text and Exact, Bool for Bool, Int
// for Int and Ref.
type Value struct {
	Str  string
	Bool bool
	Int  int64
}

// Attr is one attribute of a live object of type T (a client struct),
// written through W (the client's write struct).
type Attr[T, W any] struct {
	// YAML is the name a user writes in the repository and reads in a
	// plan's diff paths ("quickNotes"); "" for an attribute the
	// repository does not state by a key (a field's order is its
	// position, its name-key is derived).
	YAML string
	// API is the JSON:API attribute name ("quick-notes"), the key of a
	// plan's Write.Attributes.
	API  string
	Rule Rule
	// ReadOnly attributes are compared and fingerprinted, never written.
	ReadOnly bool

	str  func(*T) *string
	boo  func(*T) *bool
	num  func(*T) *int64
	wstr func(*W) **string
	wboo func(*W) **bool
	wnum func(*W) **int64
}

// Get reads the attribute of a live object.
func (a Attr[T, W]) Get(t *T) Value {
	switch {
	case a.str != nil:
		return Value{Str: *a.str(t)}
	case a.boo != nil:
		return Value{Bool: *a.boo(t)}
	}
	return Value{Int: *a.num(t)}
}

// Put sets the attribute of a live object (tests build live objects that
// differ in one attribute with it).
func (a Attr[T, W]) Put(t *T, v Value) {
	switch {
	case a.str != nil:
		*a.str(t) = v.Str
	case a.boo != nil:
		*a.boo(t) = v.Bool
	default:
		*a.num(t) = v.Int
	}
}

// Canon is the attribute's value of t as it is compared and
// fingerprinted: a string (Text normalised), a bool or an int64.
func (a Attr[T, W]) Canon(t *T) any {
	v := a.Get(t)
	switch {
	case a.str != nil && a.Rule == Text:
		return NormText(v.Str)
	case a.str != nil:
		return v.Str
	case a.boo != nil:
		return v.Bool
	}
	return v.Int
}

// Set decodes raw (the attribute's JSON value in a plan's Write) into
// w. It does nothing for a read-only attribute; null is the caller's to
// handle (it clears the attribute).
func (a Attr[T, W]) Set(w *W, raw json.RawMessage) error {
	var err error
	switch {
	case a.ReadOnly:
		return nil
	case a.wstr != nil:
		s := new(string)
		err = json.Unmarshal(raw, s)
		*a.wstr(w) = s
	case a.wboo != nil:
		b := new(bool)
		err = json.Unmarshal(raw, b)
		*a.wboo(w) = b
	default:
		n := new(int64)
		err = json.Unmarshal(raw, n)
		*a.wnum(w) = n
	}
	if err != nil {
		return fmt.Errorf("attribute %q: %s is not a valid value: %w", a.API, raw, err)
	}
	return nil
}

// SetID puts a resolved id into w (a Ref attribute whose value comes from
// a plan reference).
func (a Attr[T, W]) SetID(w *W, id int64) {
	if a.wnum != nil && !a.ReadOnly {
		*a.wnum(w) = &id
	}
}

// Table is the attributes of one object kind, in a fixed order (the order
// of the fingerprint).
type Table[T, W any] []Attr[T, W]

// ByYAML returns the attribute the repository calls name; it panics when
// there is none (a programming error: the names are constants).
func (t Table[T, W]) ByYAML(name string) Attr[T, W] {
	for _, a := range t {
		if a.YAML == name && name != "" {
			return a
		}
	}
	panic("attrs: no attribute called " + strconv.Quote(name))
}

// ByAPI returns the attribute the API calls name, and whether there is
// one.
func (t Table[T, W]) ByAPI(name string) (Attr[T, W], bool) {
	for _, a := range t {
		if a.API == name {
			return a, true
		}
	}
	return Attr[T, W]{}, false
}

// Canon is every attribute's canonical value of obj, in table order (what
// a fingerprint hashes).
func (t Table[T, W]) Canon(obj *T) []any {
	out := make([]any, len(t))
	for i, a := range t {
		out[i] = a.Canon(obj)
	}
	return out
}

// NormText normalises text as the comparison does: CRLF as LF, trailing
// whitespace dropped (IT Glue's editor adds and strips both).
func NormText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.TrimRight(s, " \t\n\r")
}

func text[T, W any](yaml, api string, live func(*T) *string, write func(*W) **string) Attr[T, W] {
	return Attr[T, W]{YAML: yaml, API: api, Rule: Text, str: live, wstr: write}
}

func exact[T, W any](yaml, api string, live func(*T) *string, write func(*W) **string) Attr[T, W] {
	return Attr[T, W]{YAML: yaml, API: api, Rule: Exact, str: live, wstr: write, ReadOnly: write == nil}
}

func boolean[T, W any](yaml, api string, live func(*T) *bool, write func(*W) **bool) Attr[T, W] {
	return Attr[T, W]{YAML: yaml, API: api, Rule: Bool, boo: live, wboo: write}
}

func integer[T, W any](yaml, api string, rule Rule, live func(*T) *int64, write func(*W) **int64) Attr[T, W] {
	return Attr[T, W]{YAML: yaml, API: api, Rule: rule, num: live, wnum: write}
}
