package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// LoadSeed adds the account described by a YAML or JSON seed file (see
// docs/sandbox.md) to the server's. It is all-or-nothing: on any error the
// account is left as it was.
func (s *Server) LoadSeed(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("reading seed: %w", err)
	}
	var f seedFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("reading seed: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	backup, err := json.Marshal(snapshotFile{Format: snapshotFormat, Account: s.st})
	if err != nil {
		return fmt.Errorf("loading seed: saving the current account: %w", err)
	}
	if err := (&seeder{s: s}).apply(&f); err != nil {
		st, rerr := decodeSnapshot(bytes.NewReader(backup))
		if rerr != nil {
			return errors.Join(err, fmt.Errorf("restoring the account after a failed seed: %w", rerr))
		}
		s.st = st
		return fmt.Errorf("loading seed: %w", err)
	}
	return nil
}

// seeder applies a seed file through the same validation as the API.
type seeder struct{ s *Server }

func item(attrs map[string]any) resourceIn {
	return resourceIn{ptr: "/data", attrs: attrs, rels: map[string]any{}}
}

// describe turns an API error into seed-friendly text.
func describe(where string, err error) error {
	var he *httpError
	if !errors.As(err, &he) {
		return fmt.Errorf("%s: %w", where, err)
	}
	var msgs []string
	for _, e := range he.errs {
		p := strings.TrimPrefix(e.Pointer, "/data/attributes/")
		p = strings.TrimPrefix(p, "/data/relationships/flexible-asset-fields/data/")
		p = strings.ReplaceAll(strings.Trim(p, "/"), "/", ".")
		if p != "" {
			msgs = append(msgs, p+": "+e.Detail)
		} else {
			msgs = append(msgs, e.Detail)
		}
	}
	return fmt.Errorf("%s: %s", where, strings.Join(msgs, "; "))
}

// pin makes the next created object take id (0 leaves ids to the server).
func (sd *seeder) pin(where string, id int64) error {
	if id == 0 {
		return nil
	}
	if id < 0 {
		return fmt.Errorf("%s: id %d must be positive", where, id)
	}
	if sd.s.st.idTaken(id) || sd.s.st.pinned != 0 {
		return fmt.Errorf("%s: id %d is already used by another object", where, id)
	}
	delete(sd.s.st.reserved, id)
	sd.s.st.pinned = id
	return nil
}

// pinnedIDs are the ids a seed sets explicitly.
func (f *seedFile) pinnedIDs() map[int64]bool {
	ids := map[int64]bool{}
	for _, o := range f.Organizations {
		ids[o.ID] = true
		for _, g := range [][]seedTarget{o.Configurations, o.Contacts, o.Locations, o.Domains, o.Passwords} {
			for _, t := range g {
				if n, ok := parseID(t["id"]); ok {
					ids[n] = true
				}
			}
		}
	}
	for _, t := range f.FlexibleAssetTypes {
		ids[t.ID] = true
	}
	for _, a := range f.FlexibleAssets {
		ids[a.ID] = true
	}
	delete(ids, 0)
	return ids
}

func (sd *seeder) apply(f *seedFile) error {
	sd.s.st.reserved = f.pinnedIDs()
	defer func() { sd.s.st.reserved = nil }()
	for _, k := range []struct {
		kind  orgMetaKind
		names []string
		key   string
	}{{orgTypes, f.OrganizationTypes, "organization_types"}, {orgStatuses, f.OrganizationStatuses, "organization_statuses"}} {
		for i, n := range k.names {
			if _, err := sd.s.insertMeta(k.kind, item(map[string]any{"name": n})); err != nil {
				return describe(fmt.Sprintf("%s[%d]", k.key, i), err)
			}
		}
	}
	if err := sd.orgs(f.Organizations); err != nil {
		return err
	}
	if err := sd.types(f.FlexibleAssetTypes); err != nil {
		return err
	}
	return sd.assets(f.FlexibleAssets)
}

func metaByName(m map[int64]*named, name string) (int64, bool) {
	for id, n := range m {
		if n.Name == name {
			return id, true
		}
	}
	return 0, false
}

// orgByName finds the one organization called name.
func (sd *seeder) orgByName(name string) (*org, error) {
	var found *org
	for _, o := range sd.s.st.Orgs {
		if o.Name == name {
			if found != nil {
				return nil, fmt.Errorf("two organizations are called %q: refer to it by id", name)
			}
			found = o
		}
	}
	if found == nil {
		return nil, fmt.Errorf("no organization called %q", name)
	}
	return found, nil
}

func (sd *seeder) orgs(list []seedOrg) error {
	for i, so := range list {
		where := fmt.Sprintf("organizations[%d] (%q)", i, so.Name)
		attrs := map[string]any{"name": so.Name, "primary": so.Primary}
		for k, v := range map[string]*string{"short-name": so.ShortName, "description": so.Description, "alert": so.Alert, "quick-notes": so.QuickNotes} {
			if v != nil {
				attrs[k] = *v
			}
		}
		for _, m := range []struct {
			name, key, noun string
			meta            map[int64]*named
		}{{so.Type, "organization-type-id", "organization type", sd.s.st.OrgTypes}, {so.Status, "organization-status-id", "organization status", sd.s.st.OrgStatuses}} {
			if m.name == "" {
				continue
			}
			id, ok := metaByName(m.meta, m.name)
			if !ok {
				return fmt.Errorf("%s: no %s called %q (list it under organization_types or organization_statuses)", where, m.noun, m.name)
			}
			attrs[m.key] = id
		}
		if err := sd.pin(where, so.ID); err != nil {
			return err
		}
		o, err := sd.s.insertOrg(item(attrs))
		if err != nil {
			return describe(where, err)
		}
		if err := sd.targets(where, o.ID, so); err != nil {
			return err
		}
	}
	for i, so := range list {
		if so.Parent == "" {
			continue
		}
		where := fmt.Sprintf("organizations[%d] (%q)", i, so.Name)
		child, err := sd.orgByName(so.Name)
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
		parent, err := sd.orgByName(so.Parent)
		if err != nil {
			return fmt.Errorf("%s: parent: %w", where, err)
		}
		if sd.s.st.isAncestorOrSelf(child.ID, parent.ID) {
			return fmt.Errorf("%s: parent %q would make a cycle", where, so.Parent)
		}
		child.ParentID = &parent.ID
	}
	return nil
}

func (sd *seeder) targets(where string, orgID int64, so seedOrg) error {
	for _, group := range []struct {
		path string
		list []seedTarget
	}{{"configurations", so.Configurations}, {"contacts", so.Contacts}, {"locations", so.Locations}, {"domains", so.Domains}, {"passwords", so.Passwords}} {
		k := targetKindByPath(group.path)
		for i, t := range group.list {
			w := fmt.Sprintf("%s: %s[%d]", where, group.path, i)
			attrs := map[string]any{}
			var id int64
			for key, v := range t {
				if key == "id" {
					n, ok := parseID(v)
					if !ok {
						return fmt.Errorf("%s: id %v is not a valid id", w, v)
					}
					id = n
					continue
				}
				if s, ok := v.(string); ok {
					attrs[kebab(key)] = s
				} else {
					attrs[kebab(key)] = fmt.Sprint(v)
				}
			}
			if err := sd.pin(w, id); err != nil {
				return err
			}
			if _, err := sd.s.insertTarget(k, item(attrs), orgID); err != nil {
				return describe(w, err)
			}
		}
	}
	return nil
}
