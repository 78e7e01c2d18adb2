package sandbox

import (
	"net/http"
)

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
		for _, e := range resolveBulk(doc, "organization", s.findOrgOrNil, true, &p) {
			cp := *e.obj
			s.applyOrg(&cp, e.it, false, &p)
			changes = append(changes, change{e.obj, cp})
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
	victims, err := bulkDeleteTargets(c, orgsType, "organization", s.findOrgOrNil, func() ([]*org, error) {
		pg, err := s.selectOrgs(c)
		return pg.items, err
	})
	if err != nil {
		return 0, nil, err
	}
	return bulkDeleted(victims, func(o *org) resourceOut { return s.st.orgOut(o, false) },
		func(o *org) { s.st.deleteOrg(o.ID) })
}

func (s *Server) findOrgOrNil(id int64) *org { return s.st.Orgs[id] }

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
