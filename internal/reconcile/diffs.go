package reconcile

import (
	"cmp"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// attrDiffs collects the attribute-level diffs of one change and the
// attributes apply must send for them.
type attrDiffs struct {
	create bool
	diffs  []plan.Diff
	attrs  map[string]json.RawMessage
}

func newAttrDiffs(create bool) *attrDiffs {
	return &attrDiffs{create: create, attrs: map[string]json.RawMessage{}}
}

// text compares a managed text attribute (nil want: unmanaged). An empty
// desired value clears the attribute.
func (d *attrDiffs) text(path, attr string, want *string, live string) {
	if want == nil {
		return
	}
	if !d.create && normText(*want) == normText(live) {
		return
	}
	if d.create && *want == "" {
		return
	}
	df := plan.Diff{Path: path}
	if live != "" && !d.create {
		df.Before = jsonValue(live)
	}
	if *want != "" {
		df.After = jsonValue(*want)
		d.attrs[attr] = jsonValue(*want)
	} else {
		d.attrs[attr] = jsonNull()
	}
	d.diffs = append(d.diffs, df)
}

// boolean compares a managed boolean attribute.
func (d *attrDiffs) boolean(path, attr string, want *bool, live bool) {
	if want == nil || (!d.create && *want == live) {
		return
	}
	df := plan.Diff{Path: path, After: jsonValue(*want)}
	if !d.create {
		df.Before = jsonValue(live)
	}
	d.diffs = append(d.diffs, df)
	d.attrs[attr] = jsonValue(*want)
}

// desired holds a repository object's Text and Bool attributes by their
// YAML name (nil: unmanaged).
type desired struct {
	text  map[string]*string
	bools map[string]*bool
}

// compareTable compares every Text and Bool attribute of table with the
// desired values, under its YAML name as the diff path and its API name
// as the attribute to send. The other rules (references, integers,
// kind-dependent strings) are compared by the caller's own code.
func compareTable[T, W any](d *attrDiffs, table attrs.Table[T, W], live *T, want desired) {
	for _, a := range table {
		switch a.Rule {
		case attrs.Text:
			if w, ok := want.text[a.YAML]; ok {
				d.text(a.YAML, a.API, w, a.Get(live).Str)
			}
		case attrs.Bool:
			if w, ok := want.bools[a.YAML]; ok {
				d.boolean(a.YAML, a.API, w, a.Get(live).Bool)
			}
		}
	}
}

// value records a diff whose values the caller computed; send is the
// attribute value to send (nil: nothing to send, e.g. a Ref).
func (d *attrDiffs) value(path, attr string, before, after, send json.RawMessage) {
	df := plan.Diff{Path: path, After: after}
	if !d.create {
		df.Before = before
	}
	d.diffs = append(d.diffs, df)
	if attr != "" && send != nil {
		d.attrs[attr] = send
	}
}

func (d *attrDiffs) empty() bool { return len(d.diffs) == 0 }

// comparePosString orders "file:line:col" strings by file, then line and
// column as numbers.
func comparePosString(a, b string) int {
	fa, la, ca := splitPos(a)
	fb, lb, cb := splitPos(b)
	return cmp.Or(cmp.Compare(fa, fb), cmp.Compare(la, lb), cmp.Compare(ca, cb))
}

func splitPos(s string) (string, int, int) {
	parts := strings.Split(s, ":")
	if len(parts) < 3 {
		return s, 0, 0
	}
	l, err1 := strconv.Atoi(parts[len(parts)-2])
	c, err2 := strconv.Atoi(parts[len(parts)-1])
	if err1 != nil || err2 != nil {
		return s, 0, 0
	}
	return strings.Join(parts[:len(parts)-2], ":"), l, c
}
