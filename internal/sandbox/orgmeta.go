package sandbox

import (
	"net/http"
	"strings"
	"time"
)

// orgMetaKind is organization types or organization statuses: the two are
// the same small resource (a name) under different routes.
type orgMetaKind struct {
	typ  string // JSON:API type
	noun string // for messages
}

var (
	orgTypes    = orgMetaKind{typ: "organization-types", noun: "organization type"}
	orgStatuses = orgMetaKind{typ: "organization-statuses", noun: "organization status"}
)

func (s *Server) metaMap(k orgMetaKind) map[int64]*named {
	if k == orgTypes {
		return s.st.OrgTypes
	}
	return s.st.OrgStatuses
}

type namedAttrs struct {
	Name      string `json:"name"`
	CreatedAt string `json:"created-at"`
	UpdatedAt string `json:"updated-at"`
}

func metaOut(k orgMetaKind, n *named) resourceOut {
	return resourceOut{ID: idString(n.ID), Type: k.typ, Attributes: namedAttrs{n.Name, stamp(n.CreatedAt), stamp(n.UpdatedAt)}}
}

// metaList is the filters and sort keys of the organization type and status indexes.
func metaList() listDef[*named] {
	return listDef[*named]{
		filters: map[string]filterDef[*named]{
			"id":   filterIDs(func(n *named) int64 { return n.ID }),
			"name": filterStrings(func(n *named) string { return n.Name }),
		},
		sorts: map[string]func(a, b *named) int{
			"id":         byID(func(n *named) int64 { return n.ID }),
			"name":       byString(func(n *named) string { return n.Name }),
			"created-at": byTime(func(n *named) time.Time { return n.CreatedAt }),
			"updated-at": byTime(func(n *named) time.Time { return n.UpdatedAt }),
		},
		id: func(n *named) int64 { return n.ID },
	}
}

func (s *Server) listOrgMeta(k orgMetaKind) handler {
	return func(c *call) (int, any, error) {
		d := metaList()
		d.spelling = s.filterSpelling(nil)
		lq, err := d.parse(c.query)
		if err != nil {
			return 0, nil, err
		}
		m := s.metaMap(k)
		all := make([]*named, 0, len(m))
		for _, n := range m {
			all = append(all, n)
		}
		pg, err := d.run(c, lq, all)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, listAnswer(pg, func(n *named) resourceOut { return metaOut(k, n) }), nil
	}
}

func (s *Server) findMeta(k orgMetaKind, id int64) (*named, error) {
	n := s.metaMap(k)[id]
	if n == nil {
		return nil, notFound("no %s with id %d", k.noun, id)
	}
	return n, nil
}

func (s *Server) showOrgMeta(k orgMetaKind) handler {
	return func(c *call) (int, any, error) {
		n, err := s.findMeta(k, c.ids[0])
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, oneDoc{Data: metaOut(k, n)}, nil
	}
}

// metaName validates the name of a type or status: present and unique.
func (s *Server) metaName(k orgMetaKind, it resourceIn, selfID int64, required bool, p *problems) (string, bool) {
	a := it.reader(p)
	v, set := a.str("name")
	if !set && !required {
		return "", false
	}
	if v == nil || strings.TrimSpace(*v) == "" {
		a.bad("name", "name can't be blank")
		return "", false
	}
	for _, n := range s.metaMap(k) {
		if n.ID != selfID && n.Name == *v {
			a.bad("name", "name %q has already been taken by %s %d", *v, k.noun, n.ID)
			return "", false
		}
	}
	return *v, true
}

func (s *Server) createOrgMeta(k orgMetaKind) handler {
	return func(c *call) (int, any, error) {
		it, err := parseSingle(c.body, k.typ)
		if err != nil {
			return 0, nil, err
		}
		n, err := s.insertMeta(k, it)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusCreated, oneDoc{Data: metaOut(k, n)}, nil
	}
}

func (s *Server) insertMeta(k orgMetaKind, it resourceIn) (*named, error) {
	var p problems
	name, _ := s.metaName(k, it, 0, true, &p)
	if err := p.err(); err != nil {
		return nil, err
	}
	now := s.clock()
	n := &named{ID: s.st.newID(), Name: name, CreatedAt: now, UpdatedAt: now}
	s.metaMap(k)[n.ID] = n
	return n, nil
}

func (s *Server) updateOrgMeta(k orgMetaKind) handler {
	return func(c *call) (int, any, error) {
		n, err := s.findMeta(k, c.ids[0])
		if err != nil {
			return 0, nil, err
		}
		it, err := parseUpdate(c.body, k.typ, n.ID)
		if err != nil {
			return 0, nil, err
		}
		var p problems
		name, set := s.metaName(k, it, n.ID, false, &p)
		if err := p.err(); err != nil {
			return 0, nil, err
		}
		if set {
			n.Name = name
		}
		n.UpdatedAt = s.clock()
		return http.StatusOK, oneDoc{Data: metaOut(k, n)}, nil
	}
}
