package spec

import (
	"fmt"
	"strings"
)

// checkOrganizations applies defaults and checks names, ids and parents.
func (l *loader) checkOrganizations(ds *DesiredState) {
	def := ds.Config.Defaults
	byName := map[string]*Organization{}
	byID := map[int64]*Organization{}
	for _, o := range ds.Organizations {
		if o.Type == nil && def.OrganizationType != nil {
			o.Type = ptr(*def.OrganizationType)
		}
		if o.Status == nil && def.OrganizationStatus != nil {
			o.Status = ptr(*def.OrganizationStatus)
		}
		if o.Name == "" {
			continue
		}
		if first, dup := byName[o.Name]; dup {
			l.errf(l.at(o, "name", o.Pos), "organization %q is already declared at %s", o.Name, first.Pos)
			continue
		}
		byName[o.Name] = o
		if o.ID != nil {
			if first, dup := byID[*o.ID]; dup {
				l.errf(l.at(o, "id", o.Pos), "id %d is already pinned by organization %q at %s", *o.ID, first.Name, first.Pos)
			}
			byID[*o.ID] = o
		}
	}
	// Declaration order, so that a tie between suggestions is decided
	// the same way on every run.
	names := make([]string, 0, len(byName))
	for _, o := range ds.Organizations {
		if byName[o.Name] == o {
			names = append(names, o.Name)
		}
	}
	claimed := map[string]*Organization{}
	for _, o := range ds.Organizations {
		for _, p := range o.Previously {
			if other, ok := byName[p]; ok && other != o {
				l.errf(l.at(o, "previously", o.Pos), "organization %q lists %q under previously:, but %q is declared at %s",
					o.Name, p, p, other.Pos)
			} else if first, dup := claimed[p]; dup && first != o {
				l.errf(l.at(o, "previously", o.Pos), "organizations %q and %q both list %q under previously:", first.Name, o.Name, p)
			} else {
				claimed[p] = o
			}
		}
		if o.Parent == nil || *o.Parent == "" {
			continue
		}
		pos := l.at(o, "parent", o.Pos)
		switch parent := byName[*o.Parent]; {
		case parent == nil:
			l.errHint(pos, hintOr(l.didYouMean(*o.Parent, names), "declare it with kind: Organization"),
				"parent: unknown organization %q", *o.Parent)
		case parent == o:
			l.errf(pos, "organization %q cannot be its own parent", o.Name)
		}
	}
	l.checkParentCycles(ds.Organizations, byName)
}

// checkParentCycles reports each parent: cycle once, at its first member
// in declaration order. Every organization is visited once, so a long
// parent chain costs linear time.
func (l *loader) checkParentCycles(orgs []*Organization, byName map[string]*Organization) {
	order := make(map[*Organization]int, len(orgs))
	for i, o := range orgs {
		order[o] = i
	}
	const done = -1
	// state is 0 for an organization not visited yet, done once its
	// ancestors are checked, else 1 + its index on the current path.
	state := make(map[*Organization]int, len(orgs))
	for _, o := range orgs {
		var path []*Organization
		cur := o
		for cur != nil && state[cur] == 0 {
			path = append(path, cur)
			state[cur] = len(path)
			if cur.Parent == nil {
				cur = nil
				break
			}
			cur = byName[*cur.Parent]
		}
		if cur != nil && state[cur] > 0 {
			if cycle := path[state[cur]-1:]; len(cycle) > 1 { // a self-parent is reported apart
				first := 0
				for i, c := range cycle {
					if order[c] < order[cycle[first]] {
						first = i
					}
				}
				names := make([]string, 0, len(cycle))
				for _, c := range append(cycle[first:], cycle[:first]...) {
					names = append(names, c.Name)
				}
				lead := cycle[first]
				l.errf(l.at(lead, "parent", lead.Pos), "parent cycle: %s", cycleText(names))
			}
		}
		for _, p := range path {
			state[p] = done
		}
	}
}

// cycleText renders a cycle as "A" -> "B" -> "A", eliding the middle of a
// long one.
func cycleText(chain []string) string {
	const show = 10
	elided := 0
	if len(chain) > show+2 {
		elided = len(chain) - show
	}
	var b strings.Builder
	for i, n := range chain {
		if elided > 0 && i >= show-1 && i < len(chain)-1 {
			if i == show-1 {
				fmt.Fprintf(&b, "... (%d more) -> ", elided)
			}
			continue
		}
		fmt.Fprintf(&b, "%q -> ", n)
	}
	fmt.Fprintf(&b, "%q", chain[0])
	return b.String()
}

func ptr[T any](v T) *T { return &v }

func hintOr(h, fallback string) string {
	if h != "" {
		return h
	}
	return fallback
}
