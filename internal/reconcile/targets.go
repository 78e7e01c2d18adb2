package reconcile

import (
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// checkTargets reads Options.Targets: each must name a declared
// organization or flexible asset type.
func (b *builder) checkTargets() {
	if len(b.opts.Targets) == 0 {
		return
	}
	b.targetOrgs, b.targetTypes = map[string]bool{}, map[string]bool{}
	var names []string
	for _, o := range b.d.Organizations {
		names = append(names, o.Name)
	}
	for _, t := range b.d.AssetTypes {
		names = append(names, t.Name)
	}
	for _, t := range b.opts.Targets {
		found := false
		if b.d.Organization(t) != nil {
			b.targetOrgs[t], found = true, true
		}
		if b.d.AssetType(t) != nil {
			b.targetTypes[t], found = true, true
		}
		if !found {
			b.errf(spec.Pos{}, didYouMean(t, names), "--target %q names no declared organization or flexible asset type", t)
		}
	}
}

// targeted reports whether an object of organization org and type typ
// (either may be "") is inside the targets.
func (b *builder) targeted(org, typ string) bool {
	if b.targetOrgs == nil {
		return true
	}
	return (org != "" && b.targetOrgs[org]) || (typ != "" && b.targetTypes[typ])
}

// selectTargets keeps the targeted changes and every change they depend
// on, transitively.
func (b *builder) selectTargets() []*entry {
	if b.targetOrgs == nil {
		return b.entries
	}
	keep := map[string]bool{}
	var visit func(id string)
	visit = func(id string) {
		e := b.byID[id]
		if e == nil || keep[id] {
			return
		}
		keep[id] = true
		for _, d := range e.ch.DependsOn {
			visit(d)
		}
	}
	for _, e := range b.entries {
		ch := e.ch
		org, typ := ch.Organization, ch.AssetType
		if ch.Kind == plan.KindOrganization {
			typ = ""
		}
		if ch.Kind == plan.KindAssetType || ch.Kind == plan.KindField {
			org = ""
		}
		if b.targeted(org, typ) {
			visit(ch.ID)
		}
	}
	var out []*entry
	for _, e := range b.entries {
		if keep[e.ch.ID] {
			out = append(out, e)
		}
	}
	return out
}
