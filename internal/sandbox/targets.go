package sandbox

import (
	"net/http"
	"strings"
	"time"
)

// targetKind is one kind of object Tag traits point at. The sandbox keeps
// just enough of each to make tags real: a name, an organization and a few
// kind-specific attributes.
type targetKind struct {
	path   string   // route and JSON:API type
	tag    string   // the tag-type naming it
	noun   string   // for messages
	extras []string // other writable attributes, kebab-case
}

var targetKinds = []*targetKind{
	{path: "configurations", tag: "Configurations", noun: "configuration", extras: []string{"hostname", "primary-ip", "serial-number", "configuration-type-name"}},
	{path: "contacts", tag: "Contacts", noun: "contact", extras: []string{"first-name", "last-name", "title"}},
	{path: "locations", tag: "Locations", noun: "location", extras: []string{"address-1", "city", "region-name", "country-name", "postal-code"}},
	{path: "domains", tag: "Domains", noun: "domain"},
	{path: "passwords", tag: "Passwords", noun: "password", extras: []string{"username", "url", "notes"}},
}

func targetKindByTag(tag string) *targetKind {
	for _, k := range targetKinds {
		if k.tag == tag {
			return k
		}
	}
	return nil
}

func targetKindByPath(path string) *targetKind {
	for _, k := range targetKinds {
		if k.path == path {
			return k
		}
	}
	return nil
}

// targetOut renders t; a password's value is never part of it.
func (st *store) targetOut(t *target) resourceOut {
	attrs := map[string]any{"organization-id": t.OrgID, "name": t.Name, "resource-url": resourceURL(t.OrgID, t.Kind, t.ID),
		"created-at": stamp(t.CreatedAt), "updated-at": stamp(t.UpdatedAt), "organization-name": nil}
	if o := st.Orgs[t.OrgID]; o != nil {
		attrs["organization-name"] = o.Name
	}
	if k := targetKindByPath(t.Kind); k != nil {
		for _, e := range k.extras {
			attrs[e] = nil
		}
	}
	for k, v := range t.Extra {
		attrs[k] = v
	}
	if t.Kind == "passwords" {
		attrs["resource-type"], attrs["resource-id"] = nil, nil
		if t.ResourceType != "" {
			attrs["resource-type"], attrs["resource-id"] = t.ResourceType, t.ResourceID
		}
	}
	return resourceOut{ID: idString(t.ID), Type: t.Kind, Attributes: attrs}
}

// targetList is the filters and sort keys of the tag target indexes.
func targetList() listDef[*target] {
	return listDef[*target]{
		filters: map[string]filterDef[*target]{
			"id":              filterIDs(func(t *target) int64 { return t.ID }),
			"name":            filterStrings(func(t *target) string { return t.Name }),
			"organization-id": filterIDs(func(t *target) int64 { return t.OrgID }),
		},
		sorts: map[string]func(a, b *target) int{
			"id":         byID(func(t *target) int64 { return t.ID }),
			"name":       byString(func(t *target) string { return t.Name }),
			"created-at": byTime(func(t *target) time.Time { return t.CreatedAt }),
			"updated-at": byTime(func(t *target) time.Time { return t.UpdatedAt }),
		},
		id: func(t *target) int64 { return t.ID },
	}
}

// pathOrg is the organization of a nested route (checked to exist), or 0.
func (s *Server) pathOrg(c *call, nested bool) (int64, error) {
	if !nested {
		return 0, nil
	}
	if _, err := s.findOrg(c.ids[0]); err != nil {
		return 0, err
	}
	return c.ids[0], nil
}

// listTargets lists one kind; nested lists are limited to the path's organization.
func (s *Server) listTargets(k *targetKind, nested bool) handler {
	return func(c *call) (int, any, error) {
		orgID, err := s.pathOrg(c, nested)
		if err != nil {
			return 0, nil, err
		}
		d := targetList()
		d.spelling = s.filterSpelling(targetFilterSpelling)
		lq, err := d.parse(c.query)
		if err != nil {
			return 0, nil, err
		}
		var all []*target
		for _, t := range s.st.Targets {
			if t.Kind == k.path && (orgID == 0 || t.OrgID == orgID) {
				all = append(all, t)
			}
		}
		pg, err := d.run(c, lq, all)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusOK, listAnswer(pg, s.st.targetOut), nil
	}
}

func (s *Server) showTarget(k *targetKind) handler {
	return func(c *call) (int, any, error) {
		t := s.st.Targets[c.ids[0]]
		if t == nil || t.Kind != k.path {
			return 0, nil, notFound("no %s with id %d", k.noun, c.ids[0])
		}
		out := s.st.targetOut(t)
		if k.path == "passwords" && c.query.Get("show_password") == "true" {
			if s.opts.NoPasswordAccess {
				return 0, nil, errorf(http.StatusForbidden, "",
					"this API key has no Password Access: an administrator can grant it under Account > Settings > API Keys")
			}
			var v any // null when the value is unknown (reloaded from a snapshot) or unset
			if t.secretKnown && t.HasSecret {
				v = t.secret
			}
			out.Attributes.(map[string]any)["password"] = v
		}
		return http.StatusOK, oneDoc{Data: out}, nil
	}
}

func (s *Server) createTarget(k *targetKind, nested bool) handler {
	return func(c *call) (int, any, error) {
		orgID, err := s.pathOrg(c, nested)
		if err != nil {
			return 0, nil, err
		}
		it, err := parseSingle(c.body, k.path)
		if err != nil {
			return 0, nil, err
		}
		t, err := s.insertTarget(k, it, orgID)
		if err != nil {
			return 0, nil, err
		}
		return http.StatusCreated, oneDoc{Data: s.st.targetOut(t)}, nil
	}
}

// insertTarget validates and stores a tag target. A password's value is
// accepted but only its presence is kept.
func (s *Server) insertTarget(k *targetKind, it resourceIn, orgID int64) (*target, error) {
	var p problems
	a := it.reader(&p)
	t := &target{Kind: k.path, Extra: map[string]string{}}
	if orgID == 0 {
		v, _ := a.id("organization-id")
		switch {
		case v == nil:
			a.bad("organization-id", "organization-id is required")
		case s.st.Orgs[*v] == nil:
			a.bad("organization-id", "no organization with id %d", *v)
		default:
			orgID = *v
		}
	}
	t.OrgID = orgID
	for _, e := range k.extras {
		if v, _ := a.str(e); v != nil {
			t.Extra[e] = *v
		}
	}
	if v, _ := a.str("name"); v != nil {
		t.Name = *v
	}
	if k.path == "contacts" && t.Name == "" {
		t.Name = strings.TrimSpace(t.Extra["first-name"] + " " + t.Extra["last-name"])
	}
	if strings.TrimSpace(t.Name) == "" {
		a.bad("name", "name can't be blank")
	}
	if v, _ := a.str("password"); k.path == "passwords" && v != nil && *v != "" {
		t.HasSecret, t.secret, t.secretKnown = true, *v, true
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	now := s.clock()
	t.ID, t.CreatedAt, t.UpdatedAt = s.st.newID(), now, now
	s.st.Targets[t.ID] = t
	return t, nil
}
