package sandbox

import (
	"cmp"
	"net/http"
	"slices"
	"time"
)

const fieldsType = "flexible-asset-fields"

type fieldAttrs struct {
	TypeID int64 `json:"flexible-asset-type-id"`
	fieldProps
	CreatedAt string `json:"created-at"`
	UpdatedAt string `json:"updated-at"`
}

type linkage struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

func fieldAttrsOf(f *field) fieldAttrs {
	return fieldAttrs{TypeID: f.TypeID, fieldProps: f.fieldProps, CreatedAt: stamp(f.CreatedAt), UpdatedAt: stamp(f.UpdatedAt)}
}

func fieldOut(f *field) resourceOut {
	return resourceOut{ID: idString(f.ID), Type: fieldsType, Attributes: fieldAttrsOf(f),
		Relationships: map[string]any{"flexible-asset-type": map[string]any{
			"data": linkage{ID: idString(f.TypeID), Type: typesType}}}}
}

// typeFields returns a type's fields ordered by their order.
func (st *store) typeFields(typeID int64) []*field {
	t := st.Types[typeID]
	if t == nil {
		return nil
	}
	out := make([]*field, 0, len(t.FieldIDs))
	for _, id := range t.FieldIDs {
		if f := st.Fields[id]; f != nil {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b *field) int { return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.ID, b.ID)) })
	return out
}

// fieldUsed reports whether any asset holds a value for f.
func (st *store) fieldUsed(f *field) bool {
	for _, a := range st.byType[f.TypeID] {
		if _, ok := a.Traits[f.NameKey]; ok {
			return true
		}
	}
	return false
}

// fieldChange is one staged change: orig is nil for a new field.
type fieldChange struct {
	orig     *field
	cp       *field
	ptr      string
	orderSet bool
}

// stageFields validates changes (and deletions) to the fields of typeID as
// a whole and, when nothing is wrong, returns a function that applies them.
// existing is nil while the type itself is being created.
func (s *Server) stageFields(typeID int64, existing []*field, changes []*fieldChange, deletes map[int64]bool, fallback string, p *problems) func(typeID int64) {
	changed := map[*field]*fieldChange{}
	for _, ch := range changes {
		if ch.orig != nil {
			changed[ch.orig] = ch
		}
	}
	var final []*field
	taken := map[string]bool{}
	var maxOrder int64
	for _, f := range existing {
		if deletes[f.ID] {
			continue
		}
		use := f
		if ch := changed[f]; ch != nil {
			use = ch.cp
			if ch.cp.Kind != f.Kind && s.st.fieldUsed(f) {
				p.add(ch.ptr+"/attributes/kind", "kind of field %q cannot change from %s to %s: assets already hold values for it", f.Name, f.Kind, ch.cp.Kind)
			}
		}
		final = append(final, use)
		taken[f.NameKey] = true
		maxOrder = max(maxOrder, use.Order)
	}
	ptrs := map[*field]string{}
	for _, ch := range changes {
		ptrs[ch.cp] = ch.ptr
		if ch.orig == nil {
			maxOrder = max(maxOrder, ch.cp.Order)
		}
	}
	for _, ch := range changes {
		if ch.orig != nil {
			continue
		}
		if !ch.orderSet {
			maxOrder++
			ch.cp.Order = maxOrder
		}
		ch.cp.NameKey = uniqueNameKey(s.nameKey(ch.cp.Name), taken)
		taken[ch.cp.NameKey] = true
		final = append(final, ch.cp)
	}
	checkTypeFields(final, ptrs, fallback, p)
	return func(typeID int64) {
		now := s.clock()
		t := s.st.Types[typeID]
		for _, ch := range changes {
			if ch.orig == nil {
				ch.cp.ID, ch.cp.TypeID, ch.cp.CreatedAt, ch.cp.UpdatedAt = s.st.newID(), typeID, now, now
				s.st.Fields[ch.cp.ID] = ch.cp
				t.FieldIDs = append(t.FieldIDs, ch.cp.ID)
				continue
			}
			ch.cp.UpdatedAt = now
			*ch.orig = *ch.cp
		}
		for id := range deletes {
			s.st.dropField(s.st.Fields[id])
		}
		if len(deletes) > 0 || len(changes) > 0 {
			t.UpdatedAt = now
		}
		s.st.retitle(typeID)
	}
}

// dropField deletes a field and the data assets hold for it.
func (st *store) dropField(f *field) {
	if f == nil {
		return
	}
	delete(st.Fields, f.ID)
	if t := st.Types[f.TypeID]; t != nil {
		t.FieldIDs = slices.DeleteFunc(t.FieldIDs, func(id int64) bool { return id == f.ID })
	}
	for _, a := range st.byType[f.TypeID] {
		if tr, ok := a.Traits[f.NameKey]; ok {
			if f.Kind == "Password" {
				for _, id := range tr.IDs {
					delete(st.Targets, id)
				}
			}
			delete(a.Traits, f.NameKey)
		}
	}
}

// fieldList is the filters and sort keys of a type's field index.
func fieldList() listDef[*field] {
	return listDef[*field]{
		filters: map[string]filterDef[*field]{"id": filterIDs(func(f *field) int64 { return f.ID })},
		sorts: map[string]func(a, b *field) int{
			"id":         byID(func(f *field) int64 { return f.ID }),
			"created-at": byTime(func(f *field) time.Time { return f.CreatedAt }),
			"updated-at": byTime(func(f *field) time.Time { return f.UpdatedAt }),
		},
		id: func(f *field) int64 { return f.ID },
	}
}

func (s *Server) listFields(c *call) (int, any, error) {
	if _, err := s.findType(c.ids[0]); err != nil {
		return 0, nil, err
	}
	d := fieldList()
	d.spelling = s.filterSpelling(nil)
	lq, err := d.parse(c.query)
	if err != nil {
		return 0, nil, err
	}
	pg, err := d.run(c, lq, s.st.typeFields(c.ids[0]))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, listAnswer(pg, fieldOut), nil
}

// findField finds a field; typeID 0 means any type (the non-nested routes).
func (s *Server) findField(typeID, id int64) (*field, error) {
	f := s.st.Fields[id]
	if f == nil || (typeID != 0 && f.TypeID != typeID) {
		if typeID != 0 {
			if _, err := s.findType(typeID); err != nil {
				return nil, err
			}
			return nil, notFound("flexible asset type %d has no field with id %d", typeID, id)
		}
		return nil, notFound("no flexible asset field with id %d", id)
	}
	return f, nil
}

func (s *Server) showField(c *call) (int, any, error) { return s.showFieldIn(0, c.ids[0]) }

func (s *Server) showFieldNested(c *call) (int, any, error) { return s.showFieldIn(c.ids[0], c.ids[1]) }

func (s *Server) showFieldIn(typeID, id int64) (int, any, error) {
	f, err := s.findField(typeID, id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, oneDoc{Data: fieldOut(f)}, nil
}
