package spec

import "fmt"

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
// in file order.
func (l *loader) checkParentCycles(orgs []*Organization, byName map[string]*Organization) {
	reported := map[*Organization]bool{}
	for _, o := range orgs {
		seen := map[*Organization]int{}
		var chain []string
		for cur := o; cur != nil; {
			if _, ok := seen[cur]; ok {
				if cur == o && len(chain) > 1 && !reported[o] {
					for _, n := range chain {
						reported[byName[n]] = true
					}
					l.errf(l.at(o, "parent", o.Pos), "parent cycle: %s", cycleText(chain))
				}
				break
			}
			seen[cur] = len(chain)
			chain = append(chain, cur.Name)
			if cur.Parent == nil {
				break
			}
			cur = byName[*cur.Parent]
		}
	}
}

func cycleText(chain []string) string {
	s := ""
	for _, n := range chain {
		s += fmt.Sprintf("%q -> ", n)
	}
	return s + fmt.Sprintf("%q", chain[0])
}

func ptr[T any](v T) *T { return &v }

func hintOr(h, fallback string) string {
	if h != "" {
		return h
	}
	return fallback
}
