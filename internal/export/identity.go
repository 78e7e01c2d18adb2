package export

import (
	"slices"
	"strings"

	"github.com/glue-sync/glue-sync/internal/reconcile"
)

// How an exported asset is found again by plan: by its title, by match:
// over its scalar traits, or pinned by id when neither is unambiguous.

// matchAll gives an asset without a title an identity from every scalar
// trait it has (match:), so that it can be created in another account;
// with none it stays pinned by id.
func (a *assetOut) matchAll() {
	var names, keys []string
	for _, f := range a.typ.Fields {
		if a.scalars[f.ID] != nil {
			a.match = append(a.match, f.Name)
			names, keys = append(names, a.names[f.ID]), append(keys, a.keys[f.ID])
		}
	}
	a.identity, a.key = strings.Join(names, " "), strings.Join(keys, " ")
}

// pinCollidingMatches pins by id the match: assets whose identity another
// asset of the organization and type has too (identities must be unique).
func pinCollidingMatches(as []*assetOut) {
	count := map[string]int{}
	for _, a := range as {
		count[a.key]++
	}
	for _, a := range as {
		if a.match != nil && count[a.key] > 1 {
			a.match, a.identity, a.key = nil, "", ""
		}
	}
}

// liveKey is the identity plan computes for a live asset over fields:
// the values it holds, normalised, joined with a space (an absent
// Checkbox counts as false, as plan reads it).
func liveKey(a *assetOut, fields []string) string {
	var parts []string
	for _, f := range a.typ.Fields {
		if slices.Contains(fields, f.Name) {
			s, ok := reconcile.LiveScalar(f.Kind, a.traitRaw(f))
			if !ok && f.Kind == "Checkbox" {
				s, ok = "false", true
			}
			if ok {
				parts = append(parts, s)
			}
		}
	}
	return strings.Join(parts, " ")
}

// pinAmbiguous pins with id: every asset plan would not find by its
// identity alone: one whose live identity differs from the written one (a
// title trait was left out), or one whose identity other live assets of
// the organization and type share (only one of those is exported).
func pinAmbiguous(as []*assetOut) {
	var title []string
	if len(as) > 0 {
		for _, f := range as[0].typ.Fields {
			if titleField(f) {
				title = append(title, f.Name)
			}
		}
	}
	counts := map[string]int{}
	for _, a := range as {
		counts[liveKey(a, title)]++
	}
	for _, a := range as {
		if a.identity == "" {
			continue
		}
		if a.match == nil {
			a.pinned = liveKey(a, title) != a.key || counts[a.key] > 1
			continue
		}
		n := 0
		for _, x := range as {
			if liveKey(x, a.match) == a.key {
				n++
			}
		}
		a.pinned = n > 1
	}
}
