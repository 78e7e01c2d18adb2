package export

import (
	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/client"
)

// organization is one Organization document. Empty attributes are left
// out (unmanaged); type and status are always stated, so the repository
// needs no defaults.
func (b *builder) organization(o *client.Organization) *yaml.Node {
	m := newMapping().add("kind", str("Organization")).add("name", str(o.Name))
	m.addText("type", namedOf(o.OrganizationTypeName, o.OrganizationTypeID, b.live.OrganizationTypes))
	m.addText("status", namedOf(o.OrganizationStatusName, o.OrganizationStatusID, b.live.OrganizationStatuses))
	for _, a := range attrs.Organization {
		if a.Rule == attrs.Text && a.YAML != "name" {
			m.addText(a.YAML, a.Canon(o).(string))
		}
	}
	if o.ParentID != 0 {
		if p := b.orgByID[o.ParentID]; p != nil {
			m.add("parent", str(p.Name))
		} else {
			b.note("organization %q: its parent (id %d) is not exported, so parent: is left out", o.Name, o.ParentID)
		}
	}
	return m.n
}

// namedOf returns a type's or status's name: the one the organization
// carries, else the record's of that id.
func namedOf(name string, id int64, records []client.NamedRecord) string {
	if name != "" || id == 0 {
		return name
	}
	for _, r := range records {
		if r.ID == id {
			return r.Name
		}
	}
	return ""
}
