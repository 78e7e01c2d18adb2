package reconcile

import (
	"slices"

	"github.com/glue-sync/glue-sync/internal/spec"
)

// Scope says what ReadLive reads beyond the account-wide lists
// (organization types and statuses, organizations, flexible asset types
// with their fields, which are always read in full).
type Scope struct {
	// Organizations are the organizations whose assets are read.
	Organizations Names
	// AssetTypes are the flexible asset types whose assets are read.
	AssetTypes Names
	// TagTargets are, per tag kind (see TagTargetKinds), the organizations
	// whose objects of that kind are read.
	TagTargets map[string]Names
}

// Names selects live objects by name or id, or all of them.
type Names struct {
	All   bool     `json:"all,omitempty"`
	Names []string `json:"names,omitempty"`
	IDs   []int64  `json:"ids,omitempty"`
}

// Has reports whether the object called name with id id is selected.
func (n Names) Has(name string, id int64) bool {
	return n.All || slices.Contains(n.Names, name) || (id != 0 && slices.Contains(n.IDs, id))
}

func (n *Names) add(name string, previously []string, id *int64) {
	for _, s := range append([]string{name}, previously...) {
		if s != "" && !slices.Contains(n.Names, s) {
			n.Names = append(n.Names, s)
		}
	}
	if id != nil && !slices.Contains(n.IDs, *id) {
		n.IDs = append(n.IDs, *id)
	}
}

// ScopeOf returns what ReadLive must read for desired, narrowed by
// targets (organization or flexible asset type names, as --target gives
// them; names that are neither are ignored here and reported by Compute).
//
// Organizations and types in scope are the declared ones (with their
// previous names and pinned ids) plus those named in the repository's
// manage: lists, or all of them when manage: says all. Targets naming only
// organizations narrow the organizations (plus those holding assets that
// targeted assets tag); targets naming only types narrow the types; a mix
// narrows nothing (the plan is filtered by Compute).
func ScopeOf(desired *spec.DesiredState, targets []string) Scope {
	s := Scope{TagTargets: map[string]Names{}}
	if desired == nil {
		return s
	}
	m := desired.Config.Manage
	var orgT, typeT []string
	for _, t := range targets {
		if desired.Organization(t) != nil {
			orgT = append(orgT, t)
		}
		if desired.AssetType(t) != nil {
			typeT = append(typeT, t)
		}
	}
	narrowOrgs := len(orgT) > 0 && len(typeT) == 0
	narrowTypes := len(typeT) > 0 && len(orgT) == 0
	s.Organizations.All = m.Organizations.All && !narrowOrgs
	for _, o := range desired.Organizations {
		if !narrowOrgs || slices.Contains(orgT, o.Name) {
			s.Organizations.add(o.Name, o.Previously, o.ID)
		}
	}
	s.AssetTypes.All = m.AssetTypes.All && !narrowTypes
	for _, t := range desired.AssetTypes {
		if !narrowTypes || slices.Contains(typeT, t.Name) {
			s.AssetTypes.add(t.Name, t.Previously, t.ID)
		}
	}
	if !narrowOrgs {
		for _, n := range m.Organizations.Names {
			s.Organizations.add(n, nil, nil)
		}
	}
	if !narrowTypes {
		for _, n := range m.AssetTypes.Names {
			s.AssetTypes.add(n, nil, nil)
		}
	}
	orgs := make(map[string]*spec.Organization, len(desired.Organizations))
	for _, o := range desired.Organizations {
		orgs[o.Name] = o
	}
	// Only Tag fields hold tags: the assets of a declared type without one
	// are skipped without reading their traits (at 100,000 assets, reading
	// them all cost more than the rest of ScopeOf).
	tagFields := make(map[string]bool, len(desired.AssetTypes)) // declared type -> has a Tag field
	for _, t := range desired.AssetTypes {
		tagFields[t.Name] = tagFields[t.Name] || slices.ContainsFunc(t.Fields, func(f *spec.Field) bool { return f.Kind == spec.KindTag })
	}
	var tagged []*spec.Organization // organizations of assets tagged across --target
	for _, a := range desired.Assets {
		if hasTags, declared := tagFields[a.Type]; declared && !hasTags {
			continue
		}
		if !s.Organizations.Has(a.Organization, 0) || !s.AssetTypes.Has(a.Type, 0) {
			continue
		}
		for _, tv := range a.Traits {
			for _, r := range tv.Tags() {
				if r.Kind == spec.TagKindAsset && narrowOrgs && !s.Organizations.Has(r.Organization, 0) {
					if o := orgs[r.Organization]; o != nil {
						tagged = append(tagged, o)
					}
				}
				if !isTagTargetKind(r.Kind) {
					continue
				}
				n := s.TagTargets[r.Kind]
				if o := orgs[r.Organization]; o != nil {
					n.add(o.Name, o.Previously, o.ID)
				} else {
					n.add(r.Organization, nil, nil)
				}
				s.TagTargets[r.Kind] = n
			}
		}
	}
	// A targeted asset may tag an asset of an organization outside the
	// targets: read that organization's assets too, to find it.
	for _, o := range tagged {
		s.Organizations.add(o.Name, o.Previously, o.ID)
	}
	for k, n := range s.TagTargets { // traits are a map: make the order stable
		slices.Sort(n.Names)
		slices.Sort(n.IDs)
		s.TagTargets[k] = n
	}
	return s
}
