package sandbox

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
)

const (
	defaultPageSize = 50
	maxPageSize     = 1000
)

// sortKey is one field of a sort parameter.
type sortKey struct {
	field string // kebab-case
	desc  bool
}

// listQuery is a list request's page, filters, sort and includes.
type listQuery struct {
	filters map[string][]string // kebab key -> alternatives
	sorts   []sortKey
	number  int
	size    int
	include map[string]bool
}

// parseListQuery reads page[...], filter[...], sort and include. Filter and
// sort keys are accepted in snake- or kebab-case; keys outside allowedFilters
// or allowedSorts are a 400. With a spelling rule (the pessimistic profile),
// unknown filters and known ones spelled otherwise than documented are
// ignored instead.
func parseListQuery(q url.Values, allowedFilters, allowedSorts map[string]bool, spelling *spellingRule) (*listQuery, error) {
	lq := &listQuery{filters: map[string][]string{}, number: 1, size: defaultPageSize, include: map[string]bool{}}
	for key, vals := range q {
		val := vals[len(vals)-1]
		switch {
		case key == "page[number]":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 {
				return nil, badRequest("page[number] must be a whole number of at least 1, not %q", val)
			}
			lq.number = n
		case key == "page[size]":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 {
				return nil, badRequest("page[size] must be a whole number of at least 1, not %q", val)
			}
			lq.size = min(n, maxPageSize)
		case strings.HasPrefix(key, "filter[") && strings.HasSuffix(key, "]"):
			raw := key[len("filter[") : len(key)-1]
			name := kebab(raw)
			if spelling != nil && (!allowedFilters[name] || !spelling.honoured(raw, name)) {
				continue
			}
			if !allowedFilters[name] {
				return nil, badRequest("unknown filter %q on this route (filters here: %s)", key, joinKeys(allowedFilters))
			}
			lq.filters[name] = splitFilter(val)
		case strings.HasPrefix(key, "exclude[") || strings.HasPrefix(key, "range["):
			return nil, badRequest("%s is not supported by the sandbox", key)
		case key == "sort":
			for _, f := range strings.Split(val, ",") {
				f = strings.TrimSpace(f)
				k := sortKey{field: kebab(strings.TrimPrefix(f, "-")), desc: strings.HasPrefix(f, "-")}
				if !allowedSorts[k.field] {
					return nil, badRequest("cannot sort by %q here (sortable fields: %s)", f, joinKeys(allowedSorts))
				}
				lq.sorts = append(lq.sorts, k)
			}
		case key == "include":
			lq.include = parseInclude(val)
		}
	}
	return lq, nil
}

// parseInclude reads an include parameter: comma-separated relationship
// names, snake- or kebab-case. Only flexible_asset_fields (on flexible asset
// types) is implemented; any other name is ignored rather than refused, so
// that clients which ask for attachments, passwords and the like (documented
// for other routes) still get their answer, without included[] entries.
func parseInclude(val string) map[string]bool {
	inc := map[string]bool{}
	for _, name := range strings.Split(val, ",") {
		if name = strings.TrimSpace(name); name != "" {
			inc[kebab(name)] = true
		}
	}
	return inc
}

// splitFilter splits a filter value on commas; "\," is a literal comma.
func splitFilter(v string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(v); i++ {
		switch {
		case v[i] == '\\' && i+1 < len(v) && v[i+1] == ',':
			cur.WriteByte(',')
			i++
		case v[i] == ',':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(v[i])
		}
	}
	return append(out, cur.String())
}

func joinKeys(m map[string]bool) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, strings.ReplaceAll(k, "-", "_"))
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		return "none"
	}
	return strings.Join(keys, ", ")
}

// listMeta is the pagination block of a list answer.
type listMeta struct {
	CurrentPage int            `json:"current-page"`
	NextPage    *int           `json:"next-page"`
	PrevPage    *int           `json:"prev-page"`
	TotalPages  int            `json:"total-pages"`
	TotalCount  int            `json:"total-count"`
	PageSize    int            `json:"page-size"`
	Filters     map[string]any `json:"filters"`
}

// paginate cuts one page out of items and builds meta and links; links.next
// and links.prev are absolute URLs keeping every other query parameter.
func paginate[T any](c *call, items []T, lq *listQuery) ([]T, *listMeta, map[string]string) {
	total := len(items)
	pages := (total + lq.size - 1) / lq.size
	m := &listMeta{CurrentPage: lq.number, TotalPages: pages, TotalCount: total, PageSize: lq.size, Filters: map[string]any{}}
	links := map[string]string{}
	if lq.number < pages {
		n := lq.number + 1
		m.NextPage = &n
		links["next"] = pageURL(c, n, lq.size)
	}
	if lq.number > 1 {
		p := min(lq.number-1, max(pages, 1))
		m.PrevPage = &p
		links["prev"] = pageURL(c, p, lq.size)
	}
	if lq.number > pages {
		// Checked before multiplying: a huge page number must not overflow.
		return items[:0], m, links
	}
	start := (lq.number - 1) * lq.size
	end := min(start+lq.size, total)
	return items[start:end], m, links
}

// pageURL is the absolute URL of page n of the current list request.
func pageURL(c *call, n, size int) string {
	scheme := "http"
	if c.r.TLS != nil {
		scheme = "https"
	}
	keys := make([]string, 0, len(c.query)+2)
	for k := range c.query {
		if k != "page[number]" && k != "page[size]" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString(scheme + "://" + c.r.Host + c.r.URL.Path + "?")
	for _, k := range keys {
		for _, v := range c.query[k] {
			b.WriteString(escapeKey(k) + "=" + url.QueryEscape(v) + "&")
		}
	}
	b.WriteString("page[number]=" + strconv.Itoa(n) + "&page[size]=" + strconv.Itoa(size))
	return b.String()
}

// escapeKey escapes a query key but keeps its brackets literal, as clients send them.
func escapeKey(k string) string {
	e := url.QueryEscape(k)
	return strings.ReplaceAll(strings.ReplaceAll(e, "%5B", "["), "%5D", "]")
}
