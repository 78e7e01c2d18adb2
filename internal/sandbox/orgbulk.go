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

func (s *Server) bulkUpdateOrgs(c *call) (int, any, error) {
	doc, err := parseDocument(c.body, orgsType)
	if err != nil {
		return 0, nil, err
	}
	var p problems
	type change struct {
		o  *org
		cp org
	}
	var changes []change
	if !doc.isArray {
		// A data hash with filters: the same attributes for every match.
		if !hasFilters(c) {
			return 0, nil, badRequest("a bulk update takes a data array with attributes.id, or a data object with filter[...] parameters")
		}
		pg, err := s.selectOrgs(c)
		if err != nil {
			return 0, nil, err
		}
		for _, o := range pg.items {
			cp := *o
			s.applyOrg(&cp, doc.items[0], false, &p)
			changes = append(changes, change{o, cp})
		}
	} else {
		seen := map[int64]bool{}
		for _, it := range doc.items {
			id, ok := bulkTargetID(it, &p)
			if !ok {
				continue
			}
			o := s.st.Orgs[id]
			if o == nil {
				p.add(it.ptr+"/attributes/id", "no organization with id %d", id)
				continue
			}
			if seen[id] {
				p.add(it.ptr+"/attributes/id", "organization %d appears twice in one bulk update", id)
				continue
			}
			seen[id] = true
			cp := *o
			s.applyOrg(&cp, it, false, &p)
			changes = append(changes, change{o, cp})
		}
	}
	if err := p.err(); err != nil {
		return 0, nil, err
	}
	now := s.clock()
	out := manyDoc{Data: []resourceOut{}}
	for _, ch := range changes {
		ch.cp.UpdatedAt = now
		*ch.o = ch.cp
		out.Data = append(out.Data, s.st.orgOut(ch.o, false))
	}
	return http.StatusOK, out, nil
}

func (s *Server) bulkDeleteOrgs(c *call) (int, any, error) {
	var victims []*org
	byFilter := hasFilters(c)
	if len(strings.TrimSpace(string(c.body))) > 0 {
		if byFilter {
			return 0, nil, badRequest("a bulk delete takes a data array or filter[...] parameters, not both")
		}
		doc, err := parseDocument(c.body, orgsType)
		if err != nil {
			return 0, nil, err
		}
		var p problems
		seen := map[int64]bool{}
		for _, it := range doc.items {
			id, ok := bulkTargetID(it, &p)
			if !ok {
				continue
			}
			o := s.st.Orgs[id]
			if o == nil {
				p.add(it.ptr+"/attributes/id", "no organization with id %d", id)
				continue
			}
			if !seen[id] {
				seen[id] = true
				victims = append(victims, o)
			}
		}
		if err := p.err(); err != nil {
			return 0, nil, err
		}
	} else {
		if !byFilter {
			return 0, nil, badRequest("a bulk delete needs a data array of {type, attributes: {id}} or filter[...] parameters")
		}
		pg, err := s.selectOrgs(c)
		if err != nil {
			return 0, nil, err
		}
		victims = pg.items
	}
	out := manyDoc{Data: []resourceOut{}}
	for _, o := range victims {
		out.Data = append(out.Data, s.st.orgOut(o, false))
	}
	for _, o := range victims {
		s.st.deleteOrg(o.ID)
	}
	return http.StatusOK, out, nil
}

// deleteOrg removes an organization with its assets and tag targets; its
// child organizations lose their parent.
func (st *store) deleteOrg(id int64) {
	delete(st.Orgs, id)
	for _, a := range st.Assets {
		if a.OrgID == id {
			st.removeAsset(a)
		}
	}
	for tid, t := range st.Targets {
		if t.OrgID == id {
			delete(st.Targets, tid)
		}
	}
	for _, o := range st.Orgs {
		if o.ParentID != nil && *o.ParentID == id {
			o.ParentID = nil
		}
	}
}
