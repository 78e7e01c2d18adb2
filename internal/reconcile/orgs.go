package reconcile

import (
	"fmt"
	"strings"

	"github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// orgState is a declared organization and what it matched.
type orgState struct {
	want     *spec.Organization
	live     *client.Organization
	changeID string
}

// ref is how others point at the organization: its live id, or the
// change that creates it.
func (s *orgState) ref() plan.Ref {
	if s.live != nil {
		return plan.Ref{ID: s.live.ID}
	}
	return plan.Ref{Change: s.changeID}
}

func orgChangeID(name string) string { return "organization/" + name }

// orgsResult is the output of the organizations phase: every declared
// organization with the live one it matched, by name and by the live id
// it claimed.
type orgsResult struct {
	list    []*orgState
	byName  map[string]*orgState
	claimed map[int64]*orgState
}

// orgPlanner is the organizations phase: it matches the declared
// organizations and plans a create, update or no-op for each into out.
type orgPlanner struct {
	d    *spec.DesiredState
	live *Live
	ix   liveIndex
	out  *changeSet
	res  *orgsResult
}

// planOrganizations is the organizations phase (see orgPlanner).
func planOrganizations(d *spec.DesiredState, live *Live, ix liveIndex, out *changeSet) *orgsResult {
	op := &orgPlanner{d: d, live: live, ix: ix, out: out,
		res: &orgsResult{byName: map[string]*orgState{}, claimed: map[int64]*orgState{}}}
	op.match()
	for _, s := range op.res.list {
		op.plan(s)
	}
	return op.res
}

// match matches every declared organization to a live one.
func (op *orgPlanner) match() {
	keys := make([]liveKey, len(op.live.Organizations))
	for i, o := range op.live.Organizations {
		keys[i] = liveKey{o.ID, o.Name}
	}
	decls := make([]declared, len(op.d.Organizations))
	for i, o := range op.d.Organizations {
		s := &orgState{want: o, changeID: orgChangeID(o.Name)}
		op.res.list = append(op.res.list, s)
		op.res.byName[o.Name] = s
		decls[i] = declared{pos: o.Pos, name: o.Name, id: o.ID, previously: o.Previously}
	}
	for i, idx := range matchAll(op.out, "organization", decls, keys) {
		if idx >= 0 {
			s := op.res.list[i]
			s.live = &op.live.Organizations[idx]
			op.res.claimed[s.live.ID] = s
		}
	}
}

// plan plans a create, update or no-op for one declared organization.
func (op *orgPlanner) plan(s *orgState) {
	o := s.want
	d := newAttrDiffs(s.live == nil)
	var lv client.Organization
	if s.live != nil {
		lv = *s.live
	}
	compareTable(d, attrs.Organization, &lv, orgDesired(o))
	orgType, orgStatus := attrs.Organization.ByYAML("type"), attrs.Organization.ByYAML("status")
	op.orgNamed(d, o, orgType.YAML, "organization type", orgType.API, o.Type, op.live.OrganizationTypes, lv.OrganizationTypeID, lv.OrganizationTypeName)
	op.orgNamed(d, o, orgStatus.YAML, "organization status", orgStatus.API, o.Status, op.live.OrganizationStatuses, lv.OrganizationStatusID, lv.OrganizationStatusName)
	ch := &plan.Change{ID: s.changeID, Kind: plan.KindOrganization, Organization: o.Name, Name: o.Name, Source: o.Pos.String()}
	refs := op.orgParent(d, s, ch)
	switch {
	case s.live == nil:
		ch.Action, ch.Reason = plan.Create, "declared in the repository, not in the account"
		for _, r := range op.res.list {
			if r.live != nil && r.live.Name == o.Name && r.want.Name != o.Name {
				ch.DependsOn = append(ch.DependsOn, r.changeID) // renamed away first
			}
		}
	case d.empty():
		ch.Action, ch.LiveID = plan.NoOp, lv.ID
	default:
		ch.Action, ch.LiveID = plan.Update, lv.ID
		ch.Reason = "the account differs from the repository"
		if lv.Name != o.Name {
			ch.Reason = fmt.Sprintf("renamed from %q", lv.Name)
		}
		ch.Guard = liveGuard(guard.Organization(lv))
	}
	if ch.Action != plan.NoOp {
		ch.Diffs = d.diffs
		ch.Write = &plan.Write{Attributes: d.attrs, Refs: refs}
	}
	op.out.add(ch, phaseOrg)
}

// orgDesired is a declared organization's Text attributes by YAML name.
func orgDesired(o *spec.Organization) desired {
	name := o.Name
	return desired{text: map[string]*string{
		"name": &name, "shortName": o.ShortName, "description": o.Description, "alert": o.Alert, "quickNotes": o.QuickNotes}}
}

// orgNamed compares an organization's type or status, given by name in
// the repository and by id in the account. glue-sync does not create
// organization types or statuses: the API cannot delete them, so a typo
// would leave a permanent one in the account. An unknown name is an error.
func (op *orgPlanner) orgNamed(d *attrDiffs, o *spec.Organization, path, what, attr string, want *string, records []client.NamedRecord, liveID int64, liveName string) {
	if want == nil || *want == "" {
		return
	}
	var hits []client.NamedRecord
	var names []string
	for _, r := range records {
		names = append(names, r.Name)
		if r.Name == *want {
			hits = append(hits, r)
		}
	}
	switch {
	case len(hits) == 0:
		hint := didYouMean(*want, names)
		if hint == "" {
			hint = fmt.Sprintf("create it in IT Glue first (Account > Customize); glue-sync does not create %s because the API cannot delete them", nounPlural(what))
		}
		op.out.errf(o.Pos, hint, "organization %q: the account has no %s %q", o.Name, what, *want)
		return
	case len(hits) > 1:
		op.out.errf(o.Pos, "rename one of them in IT Glue", "organization %q: the account has %d %s called %q", o.Name, len(hits), nounPlural(what), *want)
		return
	}
	if !d.create && hits[0].ID == liveID {
		return
	}
	var before []byte
	if liveName != "" {
		before = jsonValue(liveName)
	}
	d.value(path, attr, before, jsonValue(*want), jsonValue(hits[0].ID))
}

// orgParent compares the parent organization; it returns the attribute
// references for the write.
func (op *orgPlanner) orgParent(d *attrDiffs, s *orgState, ch *plan.Change) map[string]plan.Ref {
	o := s.want
	if o.Parent == nil {
		return nil
	}
	var liveParent int64
	if s.live != nil {
		liveParent = s.live.ParentID
	}
	var before []byte
	if liveParent != 0 {
		name := fmt.Sprintf("#%d", liveParent)
		if lp := op.ix.orgs[liveParent]; lp != nil {
			name = lp.Name
		}
		before = jsonValue(name)
	}
	parent := attrs.Organization.ByYAML("parent")
	if *o.Parent == "" {
		if liveParent != 0 {
			d.value(parent.YAML, parent.API, before, nil, jsonNull())
		}
		return nil
	}
	ps := op.res.byName[*o.Parent]
	if ps == nil {
		op.out.errf(o.Pos, "declare the parent organization too", "organization %q: parent %q is not declared", o.Name, *o.Parent)
		return nil
	}
	r := ps.ref()
	if r.ID != 0 && r.ID == liveParent && !d.create {
		return nil
	}
	d.value(parent.YAML, "", before, jsonValue(*o.Parent), nil)
	if r.Change != "" {
		ch.DependsOn = append(ch.DependsOn, r.Change)
	}
	return map[string]plan.Ref{parent.API: r}
}

// nounPlural is the plural of a kind's name for messages: "organization
// statuses", "organization types".
func nounPlural(what string) string {
	if strings.HasSuffix(what, "s") {
		return what + "es"
	}
	return what + "s"
}
