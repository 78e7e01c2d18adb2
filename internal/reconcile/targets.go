package reconcile

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// targets are the organizations and types Options.Targets names; nil
// maps mean no --target (everything is targeted).
type targets struct {
	orgs, types map[string]bool
}

// readTargets reads Options.Targets: each must name a declared
// organization or flexible asset type; unknown ones are errors in out.
func readTargets(d *spec.DesiredState, names []string, out *changeSet) targets {
	if len(names) == 0 {
		return targets{}
	}
	tg := targets{orgs: map[string]bool{}, types: map[string]bool{}}
	for _, t := range names {
		if d.Organization(t) != nil {
			tg.orgs[t] = true
		}
		if d.AssetType(t) != nil {
			tg.types[t] = true
		}
	}
	for _, u := range unknownTargets(d, names) {
		out.errf(spec.Pos{}, u.hint, "%s", u.msg)
	}
	return tg
}

// CheckTargets returns an error naming every target (as --target gives
// them) that is neither a declared organization nor a declared flexible
// asset type, with a suggestion when one is close, so that the CLI can
// refuse a typo before reading the live account. Compute reports the same
// problems as plan errors.
func CheckTargets(desired *spec.DesiredState, targets []string) error {
	var errs []error
	for _, u := range unknownTargets(desired, targets) {
		msg := u.msg
		if u.hint != "" {
			msg += " (" + u.hint + ")"
		}
		errs = append(errs, errors.New(msg))
	}
	return errors.Join(errs...)
}

type unknownTarget struct{ msg, hint string }

func unknownTargets(d *spec.DesiredState, targets []string) []unknownTarget {
	var out []unknownTarget
	var names []string
	for _, t := range targets {
		if d.Organization(t) != nil || d.AssetType(t) != nil {
			continue
		}
		if names == nil {
			for _, o := range d.Organizations {
				names = append(names, o.Name)
			}
			for _, at := range d.AssetTypes {
				names = append(names, at.Name)
			}
		}
		hint := didYouMean(t, names)
		if hint == "" {
			hint = "declared: " + nameList(names, 8)
		}
		out = append(out, unknownTarget{msg: fmt.Sprintf("--target %q names no declared organization or flexible asset type", t),
			hint: hint})
	}
	return out
}

// has reports whether an object of organization org and type typ
// (either may be "") is inside the targets.
func (tg targets) has(org, typ string) bool {
	if tg.orgs == nil {
		return true
	}
	return (org != "" && tg.orgs[org]) || (typ != "" && tg.types[typ])
}

// selectEntries keeps the targeted changes of cs and every change they
// depend on, transitively.
func (tg targets) selectEntries(cs *changeSet) []*entry {
	if tg.orgs == nil {
		return cs.entries
	}
	keep := map[string]bool{}
	var visit func(id string)
	visit = func(id string) {
		e := cs.byID[id]
		if e == nil || e.ch == nil || keep[id] { // nil ch: an asset reserved its id but was not planned
			return
		}
		keep[id] = true
		for _, d := range e.ch.DependsOn {
			visit(d)
		}
	}
	for _, e := range cs.entries {
		ch := e.ch
		org, typ := ch.Organization, ch.AssetType
		if ch.Kind == plan.KindOrganization {
			typ = ""
		}
		if ch.Kind == plan.KindAssetType || ch.Kind == plan.KindField {
			org = ""
		}
		if tg.has(org, typ) {
			visit(ch.ID)
		}
	}
	var out []*entry
	for _, e := range cs.entries {
		if keep[e.ch.ID] {
			out = append(out, e)
		}
	}
	return out
}

// nameList quotes up to max names, saying how many more there are.
func nameList(names []string, max int) string {
	if len(names) == 0 {
		return "nothing"
	}
	var b strings.Builder
	for i, n := range names {
		if i == max {
			fmt.Fprintf(&b, " and %d more", len(names)-max)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(n))
	}
	return b.String()
}
