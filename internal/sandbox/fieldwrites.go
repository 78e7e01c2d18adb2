package sandbox

import "net/http"

// createField is POST /flexible_asset_fields: one field, naming its type.
func (s *Server) createField(c *call) (int, any, error) {
	doc, err := parseDocument(c.body, fieldsType)
	if err != nil {
		return 0, nil, err
	}
	if doc.isArray {
		return 0, nil, badRequest("bulk field creation only works on the nested route POST /flexible_asset_types/:id/relationships/flexible_asset_fields")
	}
	var p problems
	tid, _ := doc.items[0].reader(&p).id("flexible-asset-type-id")
	if tid == nil {
		p.add("/data/attributes/flexible-asset-type-id", "flexible-asset-type-id is required")
		return 0, nil, p.err()
	}
	if s.st.Types[*tid] == nil {
		p.add("/data/attributes/flexible-asset-type-id", "no flexible asset type with id %d", *tid)
		return 0, nil, p.err()
	}
	return s.createFieldsIn(*tid, doc)
}

// createFieldsNested is POST on a type's fields: one field or an array.
func (s *Server) createFieldsNested(c *call) (int, any, error) {
	if _, err := s.findType(c.ids[0]); err != nil {
		return 0, nil, err
	}
	doc, err := parseDocument(c.body, fieldsType)
	if err != nil {
		return 0, nil, err
	}
	return s.createFieldsIn(c.ids[0], doc)
}

func (s *Server) createFieldsIn(typeID int64, doc *document) (int, any, error) {
	var p problems
	var changes []*fieldChange
	for _, it := range doc.items {
		f := &field{}
		set := s.applyField(f, it, true, &p)
		changes = append(changes, &fieldChange{cp: f, ptr: it.ptr, orderSet: set})
	}
	commit := s.stageFields(typeID, s.st.typeFields(typeID), changes, nil, "/data", &p)
	if err := p.err(); err != nil {
		return 0, nil, err
	}
	commit(typeID)
	if !doc.isArray {
		return http.StatusCreated, oneDoc{Data: fieldOut(changes[0].cp)}, nil
	}
	out := manyDoc{Data: []resourceOut{}}
	for _, ch := range changes {
		out.Data = append(out.Data, fieldOut(ch.cp))
	}
	if s.pessimistic() {
		out.Data = reversed(out.Data) // P7: not the request's order
	}
	return http.StatusCreated, out, nil
}

func (s *Server) updateField(c *call) (int, any, error) { return s.updateFieldIn(c, 0, c.ids[0]) }

func (s *Server) updateFieldNested(c *call) (int, any, error) {
	return s.updateFieldIn(c, c.ids[0], c.ids[1])
}

func (s *Server) updateFieldIn(c *call, typeID, id int64) (int, any, error) {
	f, err := s.findField(typeID, id)
	if err != nil {
		return 0, nil, err
	}
	it, err := parseUpdate(c.body, fieldsType, f.ID)
	if err != nil {
		return 0, nil, err
	}
	var p problems
	cp := *f
	s.applyField(&cp, it, false, &p)
	commit := s.stageFields(f.TypeID, s.st.typeFields(f.TypeID), []*fieldChange{{orig: f, cp: &cp, ptr: it.ptr}}, nil, "/data", &p)
	if err := p.err(); err != nil {
		return 0, nil, err
	}
	commit(f.TypeID)
	return http.StatusOK, oneDoc{Data: fieldOut(f)}, nil
}

// bulkUpdateFields is PATCH /flexible_asset_fields with a data array; the
// whole request is checked against the final state of each type, so orders
// can be swapped in one request.
func (s *Server) bulkUpdateFields(c *call) (int, any, error) {
	doc, err := parseDocument(c.body, fieldsType)
	if err != nil {
		return 0, nil, err
	}
	if !doc.isArray {
		return 0, nil, badRequest("a bulk update takes a data array of fields with attributes.id")
	}
	if s.pessimistic() {
		return s.bulkUpdateFieldsInOrder(doc)
	}
	var p problems
	byType := map[int64][]*fieldChange{}
	var typeOrder []int64
	var all []*fieldChange
	findField := func(id int64) *field { return s.st.Fields[id] }
	for _, e := range resolveBulk(doc, "flexible asset field", findField, true, &p) {
		f := e.obj
		cp := *f
		s.applyField(&cp, e.it, false, &p)
		ch := &fieldChange{orig: f, cp: &cp, ptr: e.it.ptr}
		if byType[f.TypeID] == nil {
			typeOrder = append(typeOrder, f.TypeID)
		}
		byType[f.TypeID] = append(byType[f.TypeID], ch)
		all = append(all, ch)
	}
	var commits []func(int64)
	for _, tid := range typeOrder {
		commits = append(commits, s.stageFields(tid, s.st.typeFields(tid), byType[tid], nil, "/data", &p))
	}
	if err := p.err(); err != nil {
		return 0, nil, err
	}
	for i, tid := range typeOrder {
		commits[i](tid)
	}
	out := manyDoc{Data: []resourceOut{}}
	for _, ch := range all {
		out.Data = append(out.Data, fieldOut(ch.orig))
	}
	return http.StatusOK, out, nil
}

func (s *Server) deleteField(c *call) (int, any, error) { return s.deleteFieldIn(0, c.ids[0]) }

func (s *Server) deleteFieldNested(c *call) (int, any, error) {
	return s.deleteFieldIn(c.ids[0], c.ids[1])
}

// deleteFieldIn deletes a field and the data held for it; a type must keep
// at least one show-in-list field.
func (s *Server) deleteFieldIn(typeID, id int64) (int, any, error) {
	f, err := s.findField(typeID, id)
	if err != nil {
		return 0, nil, err
	}
	var p problems
	commit := s.stageFields(f.TypeID, s.st.typeFields(f.TypeID), nil, map[int64]bool{f.ID: true}, "", &p)
	if err := p.err(); err != nil {
		return 0, nil, err
	}
	commit(f.TypeID)
	return http.StatusNoContent, nil, nil
}

// bulkUpdateFieldsInOrder is the pessimistic profile's bulk field update
// (P3): each element is validated against the state the elements before it
// left, in request order, so a transient duplicate order (swapping two
// fields' orders) is a 422. The request is still all or nothing.
func (s *Server) bulkUpdateFieldsInOrder(doc *document) (int, any, error) {
	var p problems
	elems := resolveBulk(doc, "flexible asset field", func(id int64) *field { return s.st.Fields[id] }, true, &p)
	if err := p.err(); err != nil {
		return 0, nil, err
	}
	savedFields := map[*field]field{}
	savedTypes := map[*assetType]assetType{}
	for _, e := range elems {
		t := s.st.Types[e.obj.TypeID]
		if _, done := savedTypes[t]; done {
			continue
		}
		savedTypes[t] = *t
		for _, f := range s.st.typeFields(t.ID) {
			savedFields[f] = *f
		}
	}
	undo := func() {
		for f, v := range savedFields {
			*f = v
		}
		for t, v := range savedTypes {
			*t = v
			s.st.retitle(t.ID)
		}
	}
	for _, e := range elems {
		f := e.obj
		cp := *f
		s.applyField(&cp, e.it, false, &p)
		commit := s.stageFields(f.TypeID, s.st.typeFields(f.TypeID), []*fieldChange{{orig: f, cp: &cp, ptr: e.it.ptr}}, nil, "/data", &p)
		if err := p.err(); err != nil {
			undo()
			return 0, nil, err
		}
		commit(f.TypeID)
	}
	out := manyDoc{Data: []resourceOut{}}
	for _, e := range elems {
		out.Data = append(out.Data, fieldOut(e.obj))
	}
	return http.StatusOK, out, nil
}
