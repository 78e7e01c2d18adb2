package spec

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// bareDateHint is what a bare-date warning asks for.
const bareDateHint = "quote it to make the intent explicit"

// isBareDate reports whether n is a scalar YAML reads as a timestamp
// (2024-03-31, 2001-12-14t21:59:43.10-05:00) when written without quotes.
func isBareDate(n *yaml.Node) bool {
	return n != nil && n.Kind == yaml.ScalarNode && n.ShortTag() == "!!timestamp"
}

// warnBareDates warns about each bare date in the values of document root
// (traits aside: see warnBareDatesInTrait) where text is meant. Such a
// value is read as the text written, so nothing is lost, but the writer
// may have meant a date. Values that already have an error at their
// position in l.diags[from:] (a date where a number is expected, say) and
// the default of a Date field are passed over.
func (l *loader) warnBareDates(file string, root *yaml.Node, from int) {
	var failed map[Pos]bool
	for _, d := range l.diags[from:] {
		if d.Severity == SeverityError {
			if failed == nil {
				failed = map[Pos]bool{}
			}
			failed[d.Pos] = true
		}
	}
	var segs [8]string // (a walker on the stack, not a closure per document)
	w := bareDateWalk{l: l, file: file, root: root, failed: failed}
	w.walk(root, segs[:0])
}

// bareDateWalk is warnBareDates' walk of one document.
type bareDateWalk struct {
	l      *loader
	file   string
	root   *yaml.Node
	failed map[Pos]bool
}

// walk checks n, at path segs (unescaped) under the root.
func (w *bareDateWalk) walk(n *yaml.Node, segs []string) {
	switch n.Kind {
	case yaml.MappingNode:
		dateField := strVal(lookup(n, "kind")) == KindDate
		var buf [8]mapEntry
		for _, e := range appendEntries(buf[:0], n) {
			if len(segs) == 0 && e.key.Value == "traits" {
				continue // checked against each trait's field
			}
			if dateField && e.key.Value == "default" {
				continue
			}
			w.walk(e.val, append(segs, e.key.Value))
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			w.walk(c, append(segs, strconv.Itoa(i)))
		}
	case yaml.ScalarNode:
		pos := nodePos(w.file, n)
		if isBareDate(n) && !w.failed[pos] {
			w.l.warnHint(pos, bareDateHint, "%sthe bare date %s is read as the text %q", pathPrefix(w.root, segs), n.Value, n.Value)
		}
	}
}

// pathPrefix is "where: " for the node at segs under root, as schema
// diagnostics name it, or "" at the root.
func pathPrefix(root *yaml.Node, segs []string) string {
	var ptr strings.Builder
	for _, s := range segs {
		ptr.WriteString("/" + escapePointer(s))
	}
	if where := humanPath(root, ptr.String()); where != "" {
		return where + ": "
	}
	return ""
}

// warnBareDatesInTrait warns about each bare date in the value v of trait
// key, accepted for a field of kind k that takes text (or names, or a
// file): every kind but Date, whose values are meant to be dates.
func (l *loader) warnBareDatesInTrait(file string, key, v *yaml.Node, k string) {
	if k == KindDate {
		return
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if isBareDate(n) {
			l.warnHint(nodePos(file, n), bareDateHint, "trait %q: the bare date %s is read as the text %q", key.Value, n.Value, n.Value)
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(v)
}
