package reconcile

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

func TestOrganizations(t *testing.T) {
	tests := []struct {
		name    string
		change  func(d *spec.DesiredState, l *Live)
		id      string
		action  plan.Action
		diffs   []plan.Diff
		attrs   map[string]string
		refs    map[string]plan.Ref
		depends []string
	}{
		{name: "description edited in the account", id: "organization/Acme", action: plan.Update,
			change: func(d *spec.DesiredState, l *Live) { l.Organizations[0].Description = "Old" },
			diffs:  []plan.Diff{{Path: "description", Before: raw(`"Old"`), After: raw(`"Main office\n"`)}},
			attrs:  map[string]string{"description": `"Main office\n"`}},
		{name: "alert cleared", id: "organization/Acme", action: plan.Update,
			change: func(d *spec.DesiredState, l *Live) {
				l.Organizations[0].Alert = "Unpaid"
				d.Organizations[0].Alert = ptr("")
			},
			diffs: []plan.Diff{{Path: "alert", Before: raw(`"Unpaid"`)}},
			attrs: map[string]string{"alert": `null`}},
		{name: "unmanaged attribute left alone", id: "organization/Acme", action: plan.NoOp,
			change: func(d *spec.DesiredState, l *Live) {
				l.Organizations[0].Alert = "Unpaid"
				l.Organizations[0].QuickNotes = ""
			}},
		{name: "status changed by name", id: "organization/Acme", action: plan.Update,
			change: func(d *spec.DesiredState, l *Live) { d.Organizations[0].Status = ptr("Inactive") },
			diffs:  []plan.Diff{{Path: "status", Before: raw(`"Active"`), After: raw(`"Inactive"`)}},
			attrs:  map[string]string{"organization-status-id": `2`}},
		{name: "renamed through previously", id: "organization/Acme Corp", action: plan.Update,
			change: func(d *spec.DesiredState, l *Live) {
				o := d.Organizations[0]
				o.Name, o.Previously = "Acme Corp", []string{"Acme"}
				for _, a := range d.Assets {
					a.Organization = "Acme Corp"
				}
				for _, r := range d.Assets[1].Traits {
					for i := range r.Tags() {
						r.Tags()[i].Organization = "Acme Corp"
					}
				}
			},
			diffs: []plan.Diff{{Path: "name", Before: raw(`"Acme"`), After: raw(`"Acme Corp"`)}},
			attrs: map[string]string{"name": `"Acme Corp"`}},
		{name: "pinned id wins over the name", id: "organization/Acme", action: plan.Update,
			change: func(d *spec.DesiredState, l *Live) {
				d.Organizations[0].ID = ptr(int64(10))
				l.Organizations[0].Name = "ACME Inc"
			},
			diffs: []plan.Diff{{Path: "name", Before: raw(`"ACME Inc"`), After: raw(`"Acme"`)}},
			attrs: map[string]string{"name": `"Acme"`}},
		{name: "new child of a new parent", id: "organization/Acme Labs", action: plan.Create,
			change: func(d *spec.DesiredState, l *Live) {
				d.Organizations = append(d.Organizations,
					&spec.Organization{Pos: pos(60), Name: "Acme Labs", Parent: ptr("Acme Group"), Type: ptr("Customer")},
					&spec.Organization{Pos: pos(61), Name: "Acme Group"})
			},
			diffs: []plan.Diff{{Path: "name", After: raw(`"Acme Labs"`)}, {Path: "parent", After: raw(`"Acme Group"`)},
				{Path: "type", After: raw(`"Customer"`)}},
			attrs:   map[string]string{"name": `"Acme Labs"`, "organization-type-id": `1`},
			refs:    map[string]plan.Ref{"parent-id": {Change: "organization/Acme Group"}},
			depends: []string{"organization/Acme Group"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, l := fixture()
			tt.change(d, l)
			p := compute(t, d, l, opts())
			noErrors(t, p)
			ch := changeByID(t, p, tt.id)
			if ch.Action != tt.action {
				t.Fatalf("action = %s; want %s", ch.Action, tt.action)
			}
			if diff := cmp.Diff(tt.diffs, ch.Diffs); diff != "" {
				t.Errorf("diffs (-want +got):\n%s", diff)
			}
			if tt.action == plan.NoOp {
				return
			}
			got := map[string]string{}
			for k, v := range ch.Write.Attributes {
				got[k] = string(v)
			}
			if diff := cmp.Diff(tt.attrs, got); diff != "" {
				t.Errorf("attributes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.refs, ch.Write.Refs); diff != "" {
				t.Errorf("refs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.depends, ch.DependsOn); diff != "" {
				t.Errorf("depends on (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParentIsCreatedBeforeChild(t *testing.T) {
	d, l := fixture()
	d.Organizations = append(d.Organizations,
		&spec.Organization{Pos: pos(60), Name: "A Child", Parent: ptr("Z Parent")},
		&spec.Organization{Pos: pos(61), Name: "Z Parent"})
	p := compute(t, d, l, opts())
	if i, j := indexOfChange(p, "organization/Z Parent"), indexOfChange(p, "organization/A Child"); i < 0 || j < i {
		t.Errorf("parent at %d, child at %d; the parent must come first", i, j)
	}
}

func TestOrganizationProblems(t *testing.T) {
	tests := []struct {
		name, msg, hint string
		change          func(d *spec.DesiredState, l *Live)
	}{
		{"unknown organization type", `the account has no organization type "Custmer"`, `did you mean "Customer"?`,
			func(d *spec.DesiredState, l *Live) { d.Organizations[0].Type = ptr("Custmer") }},
		{"organization type never created", `the account has no organization type "Partner"`, "glue-sync does not create organization types",
			func(d *spec.DesiredState, l *Live) { d.Organizations[0].Type = ptr("Partner") }},
		{"organization status never created", `the account has no organization status "Xyzzy"`, "glue-sync does not create organization statuses because",
			func(d *spec.DesiredState, l *Live) { d.Organizations[0].Status = ptr("Xyzzy") }},
		{"two live organizations share the name", `2 live organizations are called "Acme" (ids 10, 12)`, "pin the right one with id:",
			func(d *spec.DesiredState, l *Live) {
				l.Organizations = append(l.Organizations, client.Organization{ID: 12, Name: "Acme"})
			}},
		{"pinned id missing", "pinned id 99: the account has no organization with that id", "",
			func(d *spec.DesiredState, l *Live) { d.Organizations[0].ID = ptr(int64(99)) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, l := fixture()
			tt.change(d, l)
			p := compute(t, d, l, opts())
			if !hasDiag(p, "repo.yaml:1:1", tt.msg, tt.hint) {
				t.Errorf("diagnostics = %+v; want an error at repo.yaml:1:1 containing %q (hint %q)", p.Diagnostics, tt.msg, tt.hint)
			}
		})
	}
}

func hasDiag(p *plan.Plan, src, msg, hint string) bool {
	for _, d := range p.Diagnostics {
		if d.Severity == plan.SeverityError && d.Source() == src && contains(d.Message, msg) && contains(d.Hint, hint) {
			return true
		}
	}
	return false
}

func indexOfChange(p *plan.Plan, id string) int {
	for i, c := range p.Changes {
		if c.ID == id {
			return i
		}
	}
	return -1
}

func TestOrganizationRenameWinsOverNewOneWithTheOldName(t *testing.T) {
	d, l := fixture()
	d.Organizations[0].Name, d.Organizations[0].Previously = "Acme Corp", []string{"Acme"}
	d.Organizations = append([]*spec.Organization{{Pos: pos(60), Name: "Acme"}}, d.Organizations...)
	for _, a := range d.Assets {
		a.Organization = "Acme Corp"
	}
	for _, tv := range d.Assets[1].Traits {
		for i := range tv.Tags() {
			tv.Tags()[i].Organization = "Acme Corp"
		}
	}
	p := compute(t, d, l, opts())
	noErrors(t, p)
	if ch := changeByID(t, p, "organization/Acme Corp"); ch.Action != plan.Update || ch.LiveID != 10 {
		t.Errorf("Acme Corp = %s of %d; want the rename of organization 10", ch.Action, ch.LiveID)
	}
	if ch := changeByID(t, p, "organization/Acme"); ch.Action != plan.Create || !contains(mustJSON(ch.DependsOn), "organization/Acme Corp") {
		t.Errorf("Acme = %s depending on %v; want a new organization, after the rename frees the name", ch.Action, ch.DependsOn)
	}
	if indexOfChange(p, "organization/Acme Corp") > indexOfChange(p, "organization/Acme") {
		t.Errorf("the new Acme comes before the rename of the old one")
	}
}
