package spec

import (
	"cmp"
	"slices"
	"strings"
)

// finish runs the checks that need every file, converts traits, and
// returns the sorted desired state.
func (l *loader) finish() *DesiredState {
	ds := &DesiredState{Files: l.files}
	if l.config != nil {
		ds.Config = *l.config
	}
	ds.Organizations = l.orgs
	ds.AssetTypes = l.types
	l.checkOrganizations(ds)
	l.checkAssetTypes(ds)
	ds.Assets = l.checkAssets(ds)
	ds.MarkdownFiles = l.countMarkdown()
	l.checkScope(ds)

	slices.SortStableFunc(ds.Organizations, func(a, b *Organization) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), comparePos(a.Pos, b.Pos))
	})
	slices.SortStableFunc(ds.AssetTypes, func(a, b *AssetType) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), comparePos(a.Pos, b.Pos))
	})
	// Every asset has its own position, so the order is total: an
	// unstable sort gives the same result, and each comparison stops at
	// the first key that differs (cmp.Or would compare all four).
	slices.SortFunc(ds.Assets, func(a, b *Asset) int {
		if c := strings.Compare(a.Organization, b.Organization); c != 0 {
			return c
		}
		if c := strings.Compare(a.Type, b.Type); c != 0 {
			return c
		}
		if c := strings.Compare(a.Identity, b.Identity); c != 0 {
			return c
		}
		return comparePos(a.Pos, b.Pos)
	})
	return ds
}

func comparePos(a, b Pos) int {
	switch {
	case a == b:
		return 0
	case a.Less(b):
		return -1
	}
	return 1
}

// checkScope checks declared objects against an explicit manage: list.
func (l *loader) checkScope(ds *DesiredState) {
	m := ds.Config.Manage
	if m.Organizations.Names != nil {
		in := setOf(m.Organizations.Names)
		for _, o := range ds.Organizations {
			if o.Name != "" && !in[o.Name] {
				l.errHint(l.at(o, "name", o.Pos), "add it to manage.organizations in glue-sync.yaml, or use all",
					"organization %q is declared but not in manage.organizations", o.Name)
			}
		}
	}
	if m.AssetTypes.Names != nil {
		in := setOf(m.AssetTypes.Names)
		for _, t := range ds.AssetTypes {
			if t.Name != "" && !in[t.Name] {
				l.errHint(l.at(t, "name", t.Pos), "add it to manage.flexibleAssetTypes in glue-sync.yaml, or use all",
					"flexible asset type %q is declared but not in manage.flexibleAssetTypes", t.Name)
			}
		}
	}
}

func setOf(names []string) map[string]bool {
	set := make(map[string]bool, len(names))
	for _, n := range names {
		set[n] = true
	}
	return set
}
