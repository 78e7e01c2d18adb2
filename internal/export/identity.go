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
// vals are the asset's scalar traits by field index (see identityPart).
func (a *assetOut) matchAll(vals []identityPart) {
	var names, keys []string
	for k, f := range a.typ.Fields {
		if vals[k].ok {
			a.match = append(a.match, f.Name)
			names, keys = append(names, vals[k].name), append(keys, vals[k].key)
		}
	}
	a.setIdentity(names, keys)
}

// identityPart is one scalar trait's value in an identity: name as
// written (as validate reads it), key as compared (see scalarTrait). ok
// says the trait was written.
type identityPart struct {
	name, key string
	ok        bool
}

// setIdentity joins an identity's parts into identity and key. When
// every part reads the same both ways (no Markdown Textbox among them),
// the two share one string.
func (a *assetOut) setIdentity(names, keys []string) {
	a.key = strings.Join(keys, " ")
	if slices.Equal(names, keys) {
		a.identity = a.key
		return
	}
	a.identity = strings.Join(names, " ")
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
