package sandbox

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// call is one routed request, as handlers see it.
type call struct {
	r     *http.Request
	ids   []int64 // the numeric path parameters, in order
	query url.Values
	body  []byte
}

// handler answers a call. It runs under the store lock (a read lock for
// GET) and must not keep references into the store in what it returns.
type handler func(c *call) (status int, body any, err error)

type route struct {
	segs    []string // literal segments, or "{id}" for a numeric parameter
	methods map[string]handler
}

func (s *Server) routeTable() []route {
	r := func(pattern string, m map[string]handler) route {
		return route{segs: strings.Split(pattern, "/"), methods: m}
	}
	routes := []route{
		r("organizations", map[string]handler{"GET": s.listOrgs, "POST": s.createOrg, "PATCH": s.bulkUpdateOrgs, "DELETE": s.bulkDeleteOrgs}),
		r("organizations/{id}", map[string]handler{"GET": s.showOrg, "PATCH": s.updateOrg}),
		r("organizations/{id}/relationships/flexible_assets", map[string]handler{"POST": s.createAssetsNested}),
		r("organization_types", map[string]handler{"GET": s.listOrgMeta(orgTypes), "POST": s.createOrgMeta(orgTypes)}),
		r("organization_types/{id}", map[string]handler{"GET": s.showOrgMeta(orgTypes), "PATCH": s.updateOrgMeta(orgTypes)}),
		r("organization_statuses", map[string]handler{"GET": s.listOrgMeta(orgStatuses), "POST": s.createOrgMeta(orgStatuses)}),
		r("organization_statuses/{id}", map[string]handler{"GET": s.showOrgMeta(orgStatuses), "PATCH": s.updateOrgMeta(orgStatuses)}),
		r("flexible_asset_types", map[string]handler{"GET": s.listTypes, "POST": s.createType}),
		r("flexible_asset_types/{id}", map[string]handler{"GET": s.showType, "PATCH": s.updateType}),
		r("flexible_asset_types/{id}/relationships/flexible_asset_fields", map[string]handler{"GET": s.listFields, "POST": s.createFieldsNested}),
		r("flexible_asset_types/{id}/relationships/flexible_asset_fields/{id}", map[string]handler{"GET": s.showFieldNested, "PATCH": s.updateFieldNested, "DELETE": s.deleteFieldNested}),
		r("flexible_asset_fields", map[string]handler{"POST": s.createField, "PATCH": s.bulkUpdateFields}),
		r("flexible_asset_fields/{id}", map[string]handler{"GET": s.showField, "PATCH": s.updateField, "DELETE": s.deleteField}),
		r("flexible_assets", map[string]handler{"GET": s.listAssets, "POST": s.createAsset, "PATCH": s.bulkUpdateAssets, "DELETE": s.bulkDeleteAssets}),
		r("flexible_assets/{id}", map[string]handler{"GET": s.showAsset, "PATCH": s.updateAsset, "DELETE": s.deleteAsset}),
	}
	for _, k := range targetKinds {
		routes = append(routes,
			r(k.path, map[string]handler{"GET": s.listTargets(k, false), "POST": s.createTarget(k, false)}),
			r(k.path+"/{id}", map[string]handler{"GET": s.showTarget(k)}),
			r("organizations/{id}/relationships/"+k.path, map[string]handler{"GET": s.listTargets(k, true), "POST": s.createTarget(k, true)}),
		)
	}
	return routes
}

// match finds the route for path; ok is false when none has its shape, and
// a non-nil error reports a path parameter that is not an id.
func (s *Server) match(path string) (rt *route, ids []int64, err *httpError) {
	path = strings.Trim(path, "/")
	segs := strings.Split(path, "/")
	for i := range s.routes {
		cand := &s.routes[i]
		if len(cand.segs) != len(segs) {
			continue
		}
		var got []int64
		var bad *httpError
		ok := true
		for j, p := range cand.segs {
			if p == "{id}" {
				n, perr := strconv.ParseInt(segs[j], 10, 64)
				if perr != nil || n <= 0 {
					bad = badRequest("%q in the path is not a valid id: ids are positive whole numbers", segs[j])
				}
				got = append(got, n)
				continue
			}
			if p != segs[j] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if bad != nil {
			return nil, nil, bad
		}
		return cand, got, nil
	}
	return nil, nil, notFound("no route for %q: see the IT Glue API documentation for the paths it serves", "/"+path)
}

// serve authenticates, rate-limits, routes and runs a request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if err := s.authenticate(r); err != nil {
		if s.pessimistic() {
			err = gatewayError(http.StatusForbidden, "Forbidden")
		}
		writeErrors(w, err)
		return
	}
	if err := s.rateLimit(w, r); err != nil {
		writeErrors(w, err)
		return
	}
	rt, ids, herr := s.match(r.URL.Path)
	if herr != nil {
		writeErrors(w, herr)
		return
	}
	h := rt.methods[r.Method]
	if h == nil {
		allow := make([]string, 0, len(rt.methods))
		for m := range rt.methods {
			allow = append(allow, m)
		}
		sort.Strings(allow)
		e := errorf(http.StatusMethodNotAllowed, "", "%s is not allowed on %s (allowed: %s)", r.Method, r.URL.Path, strings.Join(allow, ", "))
		e.allow = strings.Join(allow, ", ")
		writeErrors(w, e)
		return
	}
	body, herr := s.readBody(r)
	if herr != nil {
		writeErrors(w, herr)
		return
	}
	q, qerr := url.ParseQuery(r.URL.RawQuery)
	if qerr != nil {
		writeErrors(w, badRequest("malformed query string: %v", qerr))
		return
	}
	c := &call{r: r, ids: ids, query: q, body: body}
	write := r.Method != http.MethodGet
	if write {
		s.mu.Lock()
	} else {
		s.mu.RLock()
	}
	status, out, err := h(c)
	if write {
		s.mu.Unlock()
	} else {
		s.mu.RUnlock()
	}
	if err != nil {
		he, ok := err.(*httpError)
		if !ok {
			he = errorf(http.StatusInternalServerError, "", "%v", err)
		}
		writeErrors(w, he)
		return
	}
	if write {
		s.notifyWrite()
	}
	if status == http.StatusNoContent {
		w.WriteHeader(status)
		return
	}
	writeJSON(w, status, out)
}
