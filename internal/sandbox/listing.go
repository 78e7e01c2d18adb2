package sandbox

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"time"
)

// filterDef turns a filter's values into a predicate, or a 400 for bad values.
type filterDef[T any] func(key string, vals []string) (func(T) bool, error)

// listDef describes a list route: its filters, sort keys and the id of an
// item; spelling, when set, is the pessimistic profile's filter rule.
type listDef[T any] struct {
	filters  map[string]filterDef[T]
	sorts    map[string]func(a, b T) int
	id       func(T) int64
	spelling *spellingRule
}

// parse reads a list request's parameters against d's filters and sort keys.
func (d listDef[T]) parse(q url.Values) (*listQuery, error) {
	f, so := map[string]bool{}, map[string]bool{}
	for k := range d.filters {
		f[k] = true
	}
	for k := range d.sorts {
		so[k] = true
	}
	return parseListQuery(q, f, so, d.spelling)
}

// run filters, sorts (once) and paginates candidates for a list request.
func (d listDef[T]) run(c *call, lq *listQuery, cands []T) (manyPage[T], error) {
	var preds []func(T) bool
	for k, vals := range lq.filters {
		p, err := d.filters[k](k, vals)
		if err != nil {
			return manyPage[T]{}, err
		}
		preds = append(preds, p)
	}
	out := make([]T, 0, len(cands))
next:
	for _, it := range cands {
		for _, p := range preds {
			if !p(it) {
				continue next
			}
		}
		out = append(out, it)
	}
	slices.SortFunc(out, func(a, b T) int {
		for _, k := range lq.sorts {
			r := d.sorts[k.field](a, b)
			if k.desc {
				r = -r
			}
			if r != 0 {
				return r
			}
		}
		return cmp.Compare(d.id(a), d.id(b))
	})
	page, meta, links := paginate(c, out, lq)
	return manyPage[T]{items: page, meta: meta, links: links}, nil
}

type manyPage[T any] struct {
	items []T
	meta  *listMeta
	links map[string]string
}

// listAnswer renders a page as a list document.
func listAnswer[T any](pg manyPage[T], render func(T) resourceOut) manyDoc {
	out := manyDoc{Data: make([]resourceOut, 0, len(pg.items)), Meta: pg.meta, Links: pg.links}
	for _, it := range pg.items {
		out.Data = append(out.Data, render(it))
	}
	return out
}

func filterIDs[T any](get func(T) int64) filterDef[T] {
	return func(key string, vals []string) (func(T) bool, error) {
		set := map[int64]bool{}
		for _, v := range vals {
			n, ok := parseID(v)
			if !ok {
				return nil, badRequest("filter[%s] takes ids, and %q is not one", key, v)
			}
			set[n] = true
		}
		return func(t T) bool { return set[get(t)] }, nil
	}
}

func filterOptIDs[T any](get func(T) *int64) filterDef[T] {
	inner := filterIDs(func(t T) int64 {
		if p := get(t); p != nil {
			return *p
		}
		return 0
	})
	return inner
}

func filterStrings[T any](get func(T) string) filterDef[T] {
	return func(_ string, vals []string) (func(T) bool, error) {
		set := map[string]bool{}
		for _, v := range vals {
			set[v] = true
		}
		return func(t T) bool { return set[get(t)] }, nil
	}
}

func filterBool[T any](get func(T) bool) filterDef[T] {
	return func(key string, vals []string) (func(T) bool, error) {
		if len(vals) != 1 {
			return nil, badRequest("filter[%s] takes one of true, false, 1, 0", key)
		}
		want, ok := parseBool(vals[0])
		if !ok {
			return nil, badRequest("filter[%s] takes one of true, false, 1, 0 (case-sensitive), not %q", key, vals[0])
		}
		return func(t T) bool { return get(t) == want }, nil
	}
}

// filterTime matches a date or a "start,end" range where "*" leaves an end open.
func filterTime[T any](get func(T) time.Time) filterDef[T] {
	return func(key string, vals []string) (func(T) bool, error) {
		if len(vals) > 2 {
			return nil, badRequest("filter[%s] takes a date or a start,end range", key)
		}
		lo, _, err := parseBound(key, vals[0])
		if err != nil {
			return nil, err
		}
		hiVal := vals[0]
		if len(vals) == 2 {
			hiVal = vals[1]
		}
		_, hi, err := parseBound(key, hiVal)
		if err != nil {
			return nil, err
		}
		return func(t T) bool {
			v := get(t)
			return (lo.IsZero() || !v.Before(lo)) && (hi.IsZero() || !v.After(hi))
		}, nil
	}
}

// parseBound reads a date or RFC 3339 time; a bare date covers its whole day.
func parseBound(key, v string) (lo, hi time.Time, err error) {
	v = strings.TrimSpace(v)
	if v == "*" {
		return time.Time{}, time.Time{}, nil
	}
	if t, e := time.Parse(time.RFC3339, v); e == nil {
		return t, t, nil
	}
	if t, e := time.Parse("2006-01-02", v); e == nil {
		return t, t.Add(24*time.Hour - time.Nanosecond), nil
	}
	return lo, hi, badRequest("filter[%s]: %q is not a date (yyyy-mm-dd or RFC 3339) or *", key, v)
}

// Common comparators.
func byString[T any](get func(T) string) func(a, b T) int {
	return func(a, b T) int { return strings.Compare(get(a), get(b)) }
}

func byTime[T any](get func(T) time.Time) func(a, b T) int {
	return func(a, b T) int { return get(a).Compare(get(b)) }
}

func byID[T any](get func(T) int64) func(a, b T) int {
	return func(a, b T) int { return cmp.Compare(get(a), get(b)) }
}
