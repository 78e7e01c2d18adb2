package sandbox

import (
	"net/http"
	"strings"
)

// bulkTargetID is the id of a bulk element: attributes.id, else data.id.
func bulkTargetID(it resourceIn, p *problems) (int64, bool) {
	if raw, ok := it.attrs["id"]; ok {
		if n, ok := parseID(raw); ok {
			return n, true
		}
		p.add(it.ptr+"/attributes/id", "id %v is not a valid id", raw)
		return 0, false
	}
	if it.id != nil {
		return *it.id, true
	}
	p.add(it.ptr+"/attributes/id", "each element of a bulk request needs attributes.id")
	return 0, false
}

func hasFilters(c *call) bool {
	for k := range c.query {
		if strings.HasPrefix(k, "filter[") {
			return true
		}
	}
	return false
}

// bulkElem is one element of a bulk request with the stored object it names.
type bulkElem[T any] struct {
	it  resourceIn
	obj T
}

// resolveBulk finds the stored object each element of a bulk request names
// (find returns nil for an unknown id), recording a problem for each id it
// cannot find. A repeated id is a problem when repeatsFail (an update could
// not say which change wins); otherwise (a delete) it is merged.
func resolveBulk[T comparable](doc *document, noun string, find func(int64) T, repeatsFail bool, p *problems) []bulkElem[T] {
	var none T
	var out []bulkElem[T]
	seen := map[int64]bool{}
	for _, it := range doc.items {
		id, ok := bulkTargetID(it, p)
		if !ok {
			continue
		}
		obj := find(id)
		if obj == none {
			p.add(it.ptr+"/attributes/id", "no %s with id %d", noun, id)
			continue
		}
		if seen[id] {
			if repeatsFail {
				p.add(it.ptr+"/attributes/id", "%s %d appears twice in one bulk update", noun, id)
			}
			continue
		}
		seen[id] = true
		out = append(out, bulkElem[T]{it: it, obj: obj})
	}
	return out
}

// bulkDeleteTargets reads what a bulk DELETE names: either a data array of
// {type, attributes: {id}} (all of which must exist), or filter[...]
// parameters (selected by byFilter), never both and never neither.
func bulkDeleteTargets[T comparable](c *call, wantType, noun string, find func(int64) T, byFilter func() ([]T, error)) ([]T, error) {
	filtered := hasFilters(c)
	if len(strings.TrimSpace(string(c.body))) == 0 {
		if !filtered {
			return nil, badRequest("a bulk delete needs a data array of {type, attributes: {id}} or filter[...] parameters")
		}
		return byFilter()
	}
	if filtered {
		return nil, badRequest("a bulk delete takes a data array or filter[...] parameters, not both")
	}
	doc, err := parseDocument(c.body, wantType)
	if err != nil {
		return nil, err
	}
	var p problems
	elems := resolveBulk(doc, noun, find, false, &p)
	if err := p.err(); err != nil {
		return nil, err
	}
	out := make([]T, 0, len(elems))
	for _, e := range elems {
		out = append(out, e.obj)
	}
	return out, nil
}

// bulkDeleted answers a bulk delete: 200 with the objects as they were.
func bulkDeleted[T any](victims []T, render func(T) resourceOut, remove func(T)) (int, any, error) {
	out := manyDoc{Data: make([]resourceOut, 0, len(victims))}
	for _, v := range victims {
		out.Data = append(out.Data, render(v))
	}
	for _, v := range victims {
		remove(v)
	}
	return http.StatusOK, out, nil
}
