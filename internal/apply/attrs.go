package apply

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	gattrs "github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// attrs reads a Write's attributes: every key must be taken by the kind's
// writer, so that an attribute this build does not know is an error rather
// than silently dropped.
type attrs struct {
	wr    *writer
	m     map[string]json.RawMessage
	taken map[string]bool
	// refs are Write.Refs; takenRef marks the ones a writer used.
	refs     map[string]plan.Ref
	takenRef map[string]bool
	clear    []string
	err      error
}

func (wr *writer) attrs(w *plan.Write) *attrs {
	if w == nil {
		return wr.attrsOf(nil, nil)
	}
	return wr.attrsOf(w.Attributes, w.Refs)
}

func (wr *writer) attrsOf(m map[string]json.RawMessage, refs map[string]plan.Ref) *attrs {
	a := &attrs{wr: wr, m: map[string]json.RawMessage{}, taken: map[string]bool{}, refs: map[string]plan.Ref{}, takenRef: map[string]bool{}}
	for k, v := range m {
		a.m[strings.ReplaceAll(k, "_", "-")] = v
	}
	for k, v := range refs {
		a.refs[strings.ReplaceAll(k, "_", "-")] = v
	}
	return a
}

func isNull(raw json.RawMessage) bool { return bytes.Equal(bytes.TrimSpace(raw), []byte("null")) }

// get decodes attribute key into a new *T; nil when absent, and nil plus a
// Clear entry when null.
func get[T any](a *attrs, key string) *T {
	raw, ok := a.m[key]
	if !ok {
		return nil
	}
	a.taken[key] = true
	if isNull(raw) {
		a.clear = append(a.clear, key)
		return nil
	}
	v := new(T)
	if err := json.Unmarshal(raw, v); err != nil && a.err == nil {
		a.err = fmt.Errorf("attribute %q: %s is not a valid value: %w", key, raw, err)
	}
	return v
}

// fill sets every writable attribute of table that the Write holds into
// w: references (Ref attributes in Write.Refs) resolved to live ids,
// null values as clears, the rest decoded by the attribute's rule.
func fill[T, W any](a *attrs, table gattrs.Table[T, W], w *W) {
	for _, at := range table {
		if at.ReadOnly {
			continue
		}
		if at.Rule == gattrs.Ref {
			if id := a.id(at.API); id != nil {
				at.SetID(w, *id)
			}
			continue
		}
		raw, ok := a.m[at.API]
		if !ok {
			continue
		}
		a.taken[at.API] = true
		if isNull(raw) {
			a.clear = append(a.clear, at.API)
			continue
		}
		if err := at.Set(w, raw); err != nil {
			a.fail(err)
		}
	}
}

// id returns an id attribute: a reference from Write.Refs (resolved to
// the live or newly created id) or a plain number in Attributes.
func (a *attrs) id(key string) *int64 {
	if ref, ok := a.refs[key]; ok {
		a.takenRef[key] = true
		n, err := a.wr.lg.ref(ref)
		if err != nil {
			a.fail(err)
			return nil
		}
		return &n
	}
	return get[int64](a, key)
}

func (a *attrs) fail(err error) {
	if a.err == nil {
		a.err = err
	}
}

// check returns the first decoding error, or an error naming the
// attributes no writer took.
func (a *attrs) check(what string) error {
	if a.err != nil {
		return a.err
	}
	var left []string
	for k := range a.m {
		if !a.taken[k] {
			left = append(left, k)
		}
	}
	for k := range a.refs {
		if !a.takenRef[k] && !a.taken[k] {
			left = append(left, k)
		}
	}
	if len(left) > 0 {
		sort.Strings(left)
		return fmt.Errorf("the plan sets %s attributes this glue-sync cannot write: %s (re-run plan with this version)", what, strings.Join(left, ", "))
	}
	return nil
}
