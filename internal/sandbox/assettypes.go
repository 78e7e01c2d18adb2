package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const typesType = "flexible-asset-types"

type typeAttrs struct {
	Name        string  `json:"name"`
	Description *string `json:"description"`
	Icon        *string `json:"icon"`
	Enabled     *bool   `json:"enabled,omitempty"` // nil only in the pessimistic profile (P5)
	ShowInMenu  bool    `json:"show-in-menu"`
	CreatedAt   string  `json:"created-at"`
	UpdatedAt   string  `json:"updated-at"`
}

// includedField is a field in included[]: its id is a number there, as in
// the API's own documented example.
type includedField struct {
	ID            json.Number    `json:"id"`
	Type          string         `json:"type"`
	Attributes    fieldAttrs     `json:"attributes"`
	Relationships map[string]any `json:"relationships"`
}

// typeOut renders t; with include it also returns its fields for included[].
// The pessimistic profile leaves enabled out (P5).
func (s *Server) typeOut(t *assetType, include bool, included *[]any) resourceOut {
	st := s.st
	fields := st.typeFields(t.ID)
	links := make([]linkage, 0, len(fields))
	for _, f := range fields {
		links = append(links, linkage{ID: idString(f.ID), Type: fieldsType})
		if include {
			fo := fieldOut(f)
			*included = append(*included, includedField{ID: json.Number(idString(f.ID)), Type: fieldsType,
				Attributes: fo.Attributes.(fieldAttrs), Relationships: fo.Relationships})
		}
	}
	var enabled *bool
	if !s.pessimistic() {
		e := t.Enabled // a copy: answers must not point into the store
		enabled = &e
	}
	return resourceOut{ID: idString(t.ID), Type: typesType,
		Attributes: typeAttrs{Name: t.Name, Description: t.Description, Icon: t.Icon, Enabled: enabled,
			ShowInMenu: t.ShowInMenu, CreatedAt: stamp(t.CreatedAt), UpdatedAt: stamp(t.UpdatedAt)},
		Relationships: map[string]any{"flexible-asset-fields": map[string]any{"data": links}}}
}

// typeList is the filters and sort keys of the flexible asset type index.
func typeList() listDef[*assetType] {
	return listDef[*assetType]{
		filters: map[string]filterDef[*assetType]{
			"id":      filterIDs(func(t *assetType) int64 { return t.ID }),
			"name":    filterStrings(func(t *assetType) string { return t.Name }),
			"icon":    filterStrings(func(t *assetType) string { return deref(t.Icon) }),
			"enabled": filterBool(func(t *assetType) bool { return t.Enabled }),
		},
		sorts: map[string]func(a, b *assetType) int{
			"id":         byID(func(t *assetType) int64 { return t.ID }),
			"name":       byString(func(t *assetType) string { return t.Name }),
			"created-at": byTime(func(t *assetType) time.Time { return t.CreatedAt }),
			"updated-at": byTime(func(t *assetType) time.Time { return t.UpdatedAt }),
		},
		id: func(t *assetType) int64 { return t.ID },
	}
}

func (s *Server) listTypes(c *call) (int, any, error) {
	d := typeList()
	d.spelling = s.filterSpelling(nil)
	lq, err := d.parse(c.query)
	if err != nil {
		return 0, nil, err
	}
	all := make([]*assetType, 0, len(s.st.Types))
	for _, t := range s.st.Types {
		all = append(all, t)
	}
	pg, err := d.run(c, lq, all)
	if err != nil {
		return 0, nil, err
	}
	out := manyDoc{Data: make([]resourceOut, 0, len(pg.items)), Meta: pg.meta, Links: pg.links}
	// The pessimistic index never includes fields, whatever include says:
	// only the show route does (P4).
	inc := lq.include["flexible-asset-fields"] && !s.pessimistic()
	for _, t := range pg.items {
		out.Data = append(out.Data, s.typeOut(t, inc, &out.Included))
	}
	return http.StatusOK, out, nil
}

func (s *Server) findType(id int64) (*assetType, error) {
	t := s.st.Types[id]
	if t == nil {
		return nil, notFound("no flexible asset type with id %d", id)
	}
	return t, nil
}

func (s *Server) showType(c *call) (int, any, error) {
	t, err := s.findType(c.ids[0])
	if err != nil {
		return 0, nil, err
	}
	inc := parseInclude(c.query.Get("include"))["flexible-asset-fields"]
	out := oneDoc{}
	out.Data = s.typeOut(t, inc, &out.Included)
	return http.StatusOK, out, nil
}

// applyType writes a type's own attributes onto t (a copy).
func (s *Server) applyType(t *assetType, it resourceIn, creating bool, p *problems) {
	a := it.reader(p)
	if v, set := a.str("name"); set || creating {
		switch {
		case v == nil || strings.TrimSpace(*v) == "":
			a.bad("name", "name can't be blank")
		default:
			for _, o := range s.st.Types {
				if o.ID != t.ID && o.Name == *v {
					a.bad("name", "name %q has already been taken by flexible asset type %d", *v, o.ID)
				}
			}
			t.Name = *v
		}
	}
	for _, kv := range []strAttr{{"description", &t.Description}, {"icon", &t.Icon}} {
		if v, set := a.str(kv.key); set {
			*kv.dst = v
		}
	}
	for _, kv := range []boolAttr{{"enabled", &t.Enabled}, {"show-in-menu", &t.ShowInMenu}} {
		if v, set := a.boolean(kv.key); set {
			*kv.dst = v
		}
	}
}

// createType is POST /flexible_asset_types: the type and its fields, given
// under relationships.flexible-asset-fields.data, in one all-or-nothing step.
func (s *Server) createType(c *call) (int, any, error) {
	it, err := parseSingle(c.body, typesType)
	if err != nil {
		return 0, nil, err
	}
	t, err := s.insertType(it)
	if err != nil {
		return 0, nil, err
	}
	out := oneDoc{}
	out.Data = s.typeOut(t, false, nil)
	return http.StatusCreated, out, nil
}

func (s *Server) insertType(it resourceIn) (*assetType, error) {
	var p problems
	t := &assetType{Enabled: true, ShowInMenu: true}
	s.applyType(t, it, true, &p)
	const relPtr = "/data/relationships/flexible-asset-fields"
	var items []any
	switch rel := it.rels["flexible-asset-fields"].(type) {
	case nil:
	case map[string]any:
		d, ok := rel["data"].([]any)
		if !ok {
			p.add(relPtr+"/data", "flexible-asset-fields data must be an array of fields")
		}
		items = d
	default:
		p.add(relPtr, "flexible-asset-fields must be an object with a data array")
	}
	var changes []*fieldChange
	for i, raw := range items {
		ptr := relPtr + "/data/" + strconv.Itoa(i)
		m, ok := raw.(map[string]any)
		if !ok {
			p.add(ptr, "each field must be an object with attributes")
			continue
		}
		fit, err := parseResource(m, ptr, fieldsType)
		if err != nil {
			he := err.(*httpError)
			p.errs = append(p.errs, he.errs...)
			continue
		}
		f := &field{}
		set := s.applyField(f, fit, true, &p)
		changes = append(changes, &fieldChange{cp: f, ptr: ptr, orderSet: set})
	}
	commit := s.stageFields(0, nil, changes, nil, relPtr, &p)
	if err := p.err(); err != nil {
		return nil, err
	}
	now := s.clock()
	t.ID, t.CreatedAt, t.UpdatedAt = s.st.newID(), now, now
	s.st.Types[t.ID] = t
	commit(t.ID)
	t.UpdatedAt = now
	return t, nil
}

// updateType is PATCH /flexible_asset_types/:id: attributes only; fields
// change through their own routes, so relationships are a 422.
func (s *Server) updateType(c *call) (int, any, error) {
	t, err := s.findType(c.ids[0])
	if err != nil {
		return 0, nil, err
	}
	it, err := parseUpdate(c.body, typesType, t.ID)
	if err != nil {
		return 0, nil, err
	}
	if len(it.rels) > 0 {
		return 0, nil, errorf(http.StatusUnprocessableEntity, "/data/relationships",
			"a flexible asset type update cannot carry relationships: change fields through /flexible_asset_fields")
	}
	var p problems
	cp := *t
	s.applyType(&cp, it, false, &p)
	if err := p.err(); err != nil {
		return 0, nil, err
	}
	cp.UpdatedAt = s.clock()
	*t = cp
	return http.StatusOK, oneDoc{Data: s.typeOut(t, false, nil)}, nil
}
