package sandbox

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

const assetsType = "flexible-assets"

type assetAttrs struct {
	OrgID       int64      `json:"organization-id"`
	OrgName     string     `json:"organization-name"`
	ResourceURL string     `json:"resource-url"`
	Restricted  bool       `json:"restricted"`
	MyGlue      bool       `json:"my-glue"`
	TypeID      int64      `json:"flexible-asset-type-id"`
	TypeName    string     `json:"flexible-asset-type-name"`
	Name        string     `json:"name"`
	Traits      traitsJSON `json:"traits"`
	Archived    bool       `json:"archived"`
	CreatedAt   string     `json:"created-at"`
	UpdatedAt   string     `json:"updated-at"`
}

// resourceURL is where an object would be shown in the web app.
func resourceURL(orgID int64, kind string, id int64) string {
	b := make([]byte, 0, 80)
	b = append(b, "https://sandbox.itglue.invalid/"...)
	b = strconv.AppendInt(b, orgID, 10)
	b = append(b, '/')
	b = append(b, kind...)
	b = append(b, '/')
	return string(strconv.AppendInt(b, id, 10))
}

// fieldIndex maps name-keys to the fields of one type, for rendering.
type fieldIndex map[string]*field

func (st *store) fieldIndex(typeID int64) fieldIndex {
	fi := fieldIndex{}
	for _, f := range st.typeFields(typeID) {
		fi[f.NameKey] = f
	}
	return fi
}

func (st *store) assetOut(a *asset, fi fieldIndex) resourceOut {
	attrs := &assetAttrs{OrgID: a.OrgID, ResourceURL: resourceURL(a.OrgID, "assets/records", a.ID),
		Restricted: a.Restricted, TypeID: a.TypeID, Name: a.Name, Archived: a.Archived,
		Traits: make(traitsJSON, 0, len(a.Traits)), CreatedAt: stamp(a.CreatedAt), UpdatedAt: stamp(a.UpdatedAt)}
	if o := st.Orgs[a.OrgID]; o != nil {
		attrs.OrgName = o.Name
	}
	if t := st.Types[a.TypeID]; t != nil {
		attrs.TypeName = t.Name
	}
	for k, tr := range a.Traits {
		f := fi[k]
		if f == nil {
			continue
		}
		if v, ok := st.traitJSONOf(k, f, tr); ok {
			attrs.Traits = append(attrs.Traits, v)
		}
	}
	sortTraits(attrs.Traits)
	return resourceOut{ID: idString(a.ID), Type: assetsType, Attributes: attrs}
}

// expandTag renders tagged ids in the read shape {type, values: [...]}.
func (st *store) expandTag(tagType string, ids []int64) (any, bool) {
	typ := tagType
	if fatTagPrefix().MatchString(tagType) {
		typ = "FlexibleAssetTypes"
	}
	values := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		v := st.tagValue(tagType, id)
		if v != nil {
			values = append(values, v)
		}
	}
	if len(values) == 0 {
		return nil, false
	}
	return map[string]any{"type": typ, "values": values}, true
}

func (st *store) tagValue(tagType string, id int64) map[string]any {
	switch {
	case tagType == "Organizations":
		o := st.Orgs[id]
		if o == nil {
			return nil
		}
		return map[string]any{"id": id, "name": o.Name}
	case fatTagPrefix().MatchString(tagType):
		a := st.Assets[id]
		if a == nil {
			return nil
		}
		v := map[string]any{"id": id, "name": a.Name, "organization-id": a.OrgID,
			"flexible-asset-type-id": a.TypeID, "resource-url": resourceURL(a.OrgID, "assets/records", a.ID)}
		if o := st.Orgs[a.OrgID]; o != nil {
			v["organization-name"] = o.Name
		}
		return v
	}
	t := st.Targets[id]
	if t == nil {
		return nil
	}
	v := map[string]any{"id": id, "name": t.Name, "organization-id": t.OrgID, "resource-url": resourceURL(t.OrgID, t.Kind, t.ID)}
	if o := st.Orgs[t.OrgID]; o != nil {
		v["organization-name"] = o.Name
	}
	for k, x := range t.Extra {
		v[k] = x
	}
	return v
}

func (s *Server) assetList() listDef[*asset] {
	return listDef[*asset]{
		filters: map[string]filterDef[*asset]{
			"flexible-asset-type-id": filterIDs(func(a *asset) int64 { return a.TypeID }),
			"organization-id":        filterIDs(func(a *asset) int64 { return a.OrgID }),
			"id":                     filterIDs(func(a *asset) int64 { return a.ID }),
			"name":                   filterStrings(func(a *asset) string { return a.Name }),
		},
		sorts: map[string]func(a, b *asset) int{
			"id":         byID(func(a *asset) int64 { return a.ID }),
			"name":       byString(func(a *asset) string { return a.Name }),
			"created-at": byTime(func(a *asset) time.Time { return a.CreatedAt }),
			"updated-at": byTime(func(a *asset) time.Time { return a.UpdatedAt }),
		},
		id:       func(a *asset) int64 { return a.ID },
		spelling: s.filterSpelling(assetFilterSpelling),
	}
}

// selectAssets lists assets matching c's filters; a type filter is required.
// In the pessimistic profile, filter[archived] is honoured and a GET
// without it leaves archived assets out (P9).
func (s *Server) selectAssets(c *call) (manyPage[*asset], error) {
	d := s.assetList()
	if s.pessimistic() {
		d.filters["archived"] = filterBool(func(a *asset) bool { return a.Archived })
	}
	lq, err := d.parse(c.query)
	if err != nil {
		return manyPage[*asset]{}, err
	}
	if _, ok := lq.filters["archived"]; s.pessimistic() && !ok && c.r.Method == http.MethodGet {
		lq.filters["archived"] = []string{"false"}
	}
	typeIDs, ok := lq.filters["flexible-asset-type-id"]
	if !ok {
		return manyPage[*asset]{}, &httpError{status: http.StatusUnprocessableEntity, errs: []apiError{{
			Title:  "Cannot index flexible assets without providing a flexible asset type ID filter",
			Detail: "add filter[flexible_asset_type_id]=<id> (one type per request)"}}}
	}
	var cands []*asset
	for _, v := range typeIDs {
		id, ok := parseID(v)
		if !ok {
			return manyPage[*asset]{}, badRequest("filter[flexible_asset_type_id] takes ids, and %q is not one", v)
		}
		for _, a := range s.st.byType[id] {
			cands = append(cands, a)
		}
	}
	return d.run(c, lq, cands)
}

func (s *Server) listAssets(c *call) (int, any, error) {
	if err := s.assetPageTimeout(c); err != nil {
		return 0, nil, err
	}
	pg, err := s.selectAssets(c)
	if err != nil {
		return 0, nil, err
	}
	out := manyDoc{Data: make([]resourceOut, 0, len(pg.items)), Meta: pg.meta, Links: pg.links}
	indexes := map[int64]fieldIndex{}
	for _, a := range pg.items {
		fi := indexes[a.TypeID]
		if fi == nil {
			fi = s.st.fieldIndex(a.TypeID)
			indexes[a.TypeID] = fi
		}
		out.Data = append(out.Data, s.st.assetOut(a, fi))
	}
	return http.StatusOK, out, nil
}

func (s *Server) findAsset(id int64) (*asset, error) {
	a := s.st.Assets[id]
	if a == nil {
		return nil, notFound("no flexible asset with id %d", id)
	}
	return a, nil
}

func (s *Server) showAsset(c *call) (int, any, error) {
	a, err := s.findAsset(c.ids[0])
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, oneDoc{Data: s.st.assetOut(a, s.st.fieldIndex(a.TypeID))}, nil
}

// title joins the values of the use-for-title fields, in field order.
func (st *store) title(typeID int64, traits map[string]trait) string {
	var parts []string
	for _, f := range st.typeFields(typeID) {
		if f.UseForTitle {
			if t, ok := traits[f.NameKey]; ok && t.Text != "" {
				parts = append(parts, t.Text)
			}
		}
	}
	return strings.Join(parts, " ")
}

// retitle rebuilds the names of a type's assets after its fields changed.
func (st *store) retitle(typeID int64) {
	for _, a := range st.byType[typeID] {
		a.Name = st.title(typeID, a.Traits)
	}
}
