package sandbox

import (
	"net/http"
	"time"
)

// assetWrite is one validated asset write waiting to be committed.
type assetWrite struct {
	orig   *asset // nil for a new asset
	cp     asset
	traits *traitSet // nil when traits were not sent (update only)
}

// stageAsset validates one create or update element; orgFromPath is the
// organization of a nested create (0 otherwise).
func (s *Server) stageAsset(it resourceIn, orig *asset, orgFromPath int64, p *problems) *assetWrite {
	a := it.reader(p)
	w := &assetWrite{orig: orig}
	if orig != nil {
		w.cp = *orig
	}
	org, orgSet := a.id("organization-id")
	typ, typSet := a.id("flexible-asset-type-id")
	if orig == nil {
		switch {
		case orgFromPath != 0:
			w.cp.OrgID = orgFromPath
		case org == nil:
			a.bad("organization-id", "organization-id is required")
		case s.st.Orgs[*org] == nil:
			a.bad("organization-id", "no organization with id %d", *org)
		default:
			w.cp.OrgID = *org
		}
		switch {
		case typ == nil:
			a.bad("flexible-asset-type-id", "flexible-asset-type-id is required")
		case s.st.Types[*typ] == nil:
			a.bad("flexible-asset-type-id", "no flexible asset type with id %d", *typ)
		default:
			w.cp.TypeID = *typ
		}
		if _, ok := it.attrs["traits"]; !ok {
			a.bad("traits", "traits is required")
		}
	} else {
		if orgSet && (org == nil || *org != orig.OrgID) {
			a.bad("organization-id", "a flexible asset cannot move to another organization")
		}
		if typSet && (typ == nil || *typ != orig.TypeID) {
			a.bad("flexible-asset-type-id", "a flexible asset cannot change its type")
		}
	}
	for _, kv := range []boolAttr{{"restricted", &w.cp.Restricted}, {"archived", &w.cp.Archived}} {
		if v, set := a.boolean(kv.key); set {
			*kv.dst = v
		}
	}
	if raw, ok := it.attrs["traits"]; ok && w.cp.TypeID != 0 {
		ts := s.checkTraits(s.st.typeFields(w.cp.TypeID), raw, orig, it.ptr+"/attributes/traits", p)
		w.traits = &ts
	}
	return w
}

// commit stores a staged write and returns the stored asset.
func (s *Server) commitAsset(w *assetWrite) *asset {
	now := s.clock()
	var a *asset
	if w.orig == nil {
		a = &asset{}
		*a = w.cp
		a.ID, a.CreatedAt = s.st.newID(), now
		s.st.Assets[a.ID] = a
		s.st.indexAsset(a)
	} else {
		a = w.orig
		keepTraits := a.Traits
		*a = w.cp
		a.Traits = keepTraits
	}
	a.UpdatedAt = now
	if w.traits != nil {
		// The new set replaces the old one: embedded passwords of dropped
		// Password traits go away.
		kept := map[int64]bool{}
		for _, pw := range w.traits.passwords {
			kept[pw.reuse] = true
		}
		for _, t := range w.traits.traits {
			for _, id := range t.IDs {
				kept[id] = true
			}
		}
		fi := s.st.fieldIndex(a.TypeID)
		for k, old := range a.Traits {
			if f := fi[k]; f != nil && f.Kind == "Password" {
				for _, id := range old.IDs {
					if !kept[id] {
						delete(s.st.Targets, id)
					}
				}
			}
		}
		a.Traits = w.traits.traits
		for _, pw := range w.traits.passwords {
			a.Traits[pw.key] = trait{IDs: []int64{s.st.embedPassword(a, pw, now)}}
		}
	}
	if a.Traits == nil {
		a.Traits = map[string]trait{}
	}
	a.Name = s.st.title(a.TypeID, a.Traits)
	return a
}

// embedPassword creates or updates the password a Password trait holds.
// The value is kept in memory only (never in a snapshot), for
// show_password=true and Server.StoredPassword.
func (st *store) embedPassword(a *asset, pw pendingPassword, now time.Time) int64 {
	if t := st.Targets[pw.reuse]; pw.reuse != 0 && t != nil {
		t.UpdatedAt, t.HasSecret, t.secret, t.secretKnown = now, true, pw.secret, true
		return t.ID
	}
	t := &target{ID: st.newID(), Kind: "passwords", OrgID: a.OrgID, Name: pw.field.Name, HasSecret: true,
		secret: pw.secret, secretKnown: true,
		ResourceType: "flexible-asset-trait", ResourceID: a.ID, CreatedAt: now, UpdatedAt: now}
	st.Targets[t.ID] = t
	return t.ID
}

func (s *Server) createAsset(c *call) (int, any, error) {
	doc, err := parseDocument(c.body, assetsType)
	if err != nil {
		return 0, nil, err
	}
	if doc.isArray {
		return 0, nil, badRequest("bulk creation of flexible assets only works nested: POST /organizations/:id/relationships/flexible_assets")
	}
	return s.createAssets(doc, 0)
}

func (s *Server) createAssetsNested(c *call) (int, any, error) {
	if _, err := s.findOrg(c.ids[0]); err != nil {
		return 0, nil, err
	}
	doc, err := parseDocument(c.body, assetsType)
	if err != nil {
		return 0, nil, err
	}
	return s.createAssets(doc, c.ids[0])
}

func (s *Server) createAssets(doc *document, orgID int64) (int, any, error) {
	var p problems
	var ws []*assetWrite
	for _, it := range doc.items {
		ws = append(ws, s.stageAsset(it, nil, orgID, &p))
	}
	if err := p.err(); err != nil {
		return 0, nil, err
	}
	var out []resourceOut
	for _, w := range ws {
		a := s.commitAsset(w)
		out = append(out, s.st.assetOut(a, s.st.fieldIndex(a.TypeID)))
	}
	if !doc.isArray {
		return http.StatusCreated, oneDoc{Data: out[0]}, nil
	}
	if s.pessimistic() {
		out = reversed(out) // P7: not the request's order
	}
	return http.StatusCreated, manyDoc{Data: out}, nil
}

func (s *Server) updateAsset(c *call) (int, any, error) {
	a, err := s.findAsset(c.ids[0])
	if err != nil {
		return 0, nil, err
	}
	it, err := parseUpdate(c.body, assetsType, a.ID)
	if err != nil {
		return 0, nil, err
	}
	var p problems
	w := s.stageAsset(it, a, 0, &p)
	if err := p.err(); err != nil {
		return 0, nil, err
	}
	s.commitAsset(w)
	return http.StatusOK, oneDoc{Data: s.st.assetOut(a, s.st.fieldIndex(a.TypeID))}, nil
}

func (s *Server) bulkUpdateAssets(c *call) (int, any, error) {
	doc, err := parseDocument(c.body, assetsType)
	if err != nil {
		return 0, nil, err
	}
	if !doc.isArray {
		return 0, nil, badRequest("a bulk update takes a data array of flexible assets with attributes.id")
	}
	var p problems
	var ws []*assetWrite
	for _, e := range resolveBulk(doc, "flexible asset", s.findAssetOrNil, true, &p) {
		ws = append(ws, s.stageAsset(e.it, e.obj, 0, &p))
	}
	if err := p.err(); err != nil {
		return 0, nil, err
	}
	out := manyDoc{Data: []resourceOut{}}
	for _, w := range ws {
		a := s.commitAsset(w)
		out.Data = append(out.Data, s.st.assetOut(a, s.st.fieldIndex(a.TypeID)))
	}
	return http.StatusOK, out, nil
}

func (s *Server) deleteAsset(c *call) (int, any, error) {
	a, err := s.findAsset(c.ids[0])
	if err != nil {
		return 0, nil, err
	}
	s.st.removeAsset(a)
	return http.StatusNoContent, nil, nil
}
