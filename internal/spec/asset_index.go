package spec

import (
	"strconv"
	"strings"
)

// assetKey is an asset's unique key within the repository: its
// organization and type (as a number, see assetIndex.groups) and its
// identity. (Half the size of the three strings: the index holds two
// per asset.)
type assetKey struct {
	group    uint32
	identity string
}

// assetIndex finds declared assets by organization, type and identity.
type assetIndex struct {
	// groups numbers the organization and type pairs of the assets
	// added; last caches the pair seen last (assets of one file share
	// them).
	groups    map[[2]string]uint32
	last      [2]string
	lastGroup uint32
	byKey     map[assetKey]*Asset
	byID      map[int64]*Asset
	// indexed are the assets byKey holds, in the order they were added,
	// from which hints builds byOrg and types on the first hint (only a
	// broken tag reference needs them).
	indexed []*Asset
	// byOrg lists identities per organization and type, for suggestions
	// and for wrong-type hints.
	byOrg map[[2]string][]string
	// types lists, per organization and identity, the types that have an
	// asset with that identity.
	types map[[2]string][]string
	// byMatch holds assets by their identity as plan compares it with
	// live values (matchKey), to catch two that differ only in a way
	// plan does not see.
	byMatch map[assetKey]*Asset
}

// newAssetIndex makes an index for about n assets.
func newAssetIndex(n int) *assetIndex {
	return &assetIndex{groups: map[[2]string]uint32{}, byKey: make(map[assetKey]*Asset, n), byID: map[int64]*Asset{},
		byMatch: make(map[assetKey]*Asset, n), indexed: make([]*Asset, 0, n)}
}

// group returns the number of the organization and type pair, adding one
// when add is set; ok is false when the pair has none.
func (x *assetIndex) group(org, typ string, add bool) (g uint32, ok bool) {
	if len(x.groups) > 0 && x.last[0] == org && x.last[1] == typ {
		return x.lastGroup, true
	}
	k := [2]string{org, typ}
	g, ok = x.groups[k]
	if !ok {
		if !add {
			return 0, false
		}
		g, ok = uint32(len(x.groups)), true
		x.groups[k] = g
	}
	x.last, x.lastGroup = k, g
	return g, true
}

// find returns the asset of the organization and type with the identity,
// or nil.
func (x *assetIndex) find(org, typ, identity string) *Asset {
	g, ok := x.group(org, typ, false)
	if !ok {
		return nil
	}
	return x.byKey[assetKey{g, identity}]
}

// hints builds byOrg and types, once.
func (x *assetIndex) hints() {
	if x.byOrg != nil {
		return
	}
	x.byOrg, x.types = map[[2]string][]string{}, map[[2]string][]string{}
	for _, a := range x.indexed {
		x.byOrg[[2]string{a.Organization, a.Type}] = append(x.byOrg[[2]string{a.Organization, a.Type}], a.Identity)
		x.types[[2]string{a.Organization, a.Identity}] = append(x.types[[2]string{a.Organization, a.Identity}], a.Type)
	}
}

// add indexes a, reporting duplicates.
func (x *assetIndex) add(l *loader, r assetRec) {
	a := r.asset
	if a.ID != nil {
		if first, dup := x.byID[*a.ID]; dup {
			l.errf(r.id.pos(a), "id %d is already pinned by the asset at %s", *a.ID, first.Pos)
		}
		x.byID[*a.ID] = a
	}
	if a.Identity == "" {
		return
	}
	g, _ := x.group(a.Organization, a.Type, true)
	k := assetKey{g, a.Identity}
	if first, dup := x.byKey[k]; dup {
		l.errHint(a.Pos, "change a useForTitle value, or add match: with a field that tells them apart",
			"duplicate asset: %q of type %q in %q is already declared at %s", a.Identity, a.Type, a.Organization, first.Pos)
		return
	}
	mk := assetKey{g, ""}
	if r.matchKey != nil {
		mk.identity = *r.matchKey
	} else {
		mk.identity = matchKey(a)
	}
	if first, dup := x.byMatch[mk]; dup {
		l.errHint(a.Pos, "write the values the same way in both, or tell the assets apart by other values",
			"duplicate asset: %q of type %q in %q would match the same live asset as %q at %s (plan ignores trailing white space, "+
				"line-break style, white space around a Select value and trailing zeros of a number)",
			a.Identity, a.Type, a.Organization, first.Identity, first.Pos)
		return
	}
	x.byMatch[mk] = a
	x.byKey[k] = a
	x.indexed = append(x.indexed, a)
}

// matchKey is a's identity as plan compares it with a live asset's values,
// one match field at a time: text with CRLF read as LF and trailing white
// space dropped, a Select value trimmed, a number without trailing zeros.
// It must agree with reconcile's canonWant, or two assets that validate
// as distinct would both claim one live asset.
func matchKey(a *Asset) string {
	parts := make([]string, 0, len(a.MatchFields))
	for _, f := range a.MatchFields {
		tv := a.TraitByField(f)
		if tv == nil || tv.Null {
			continue
		}
		var p string
		switch tv.Kind() {
		case KindCheckbox:
			p = strconv.FormatBool(tv.Bool)
		case KindSelect:
			p = strings.TrimSpace(tv.Text)
		case KindNumber, KindPercent:
			p = canonDecimal(tv.Text)
		case KindDate:
			p = tv.Text
		default:
			p = strings.TrimRight(strings.ReplaceAll(tv.Text, "\r\n", "\n"), " \t\n\r")
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "\x00")
}

// canonDecimal writes a plain decimal (as validated) without trailing
// fractional zeros: 7.50 and 7.5 are one number, -0.0 is 0.
func canonDecimal(s string) string {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		return "0"
	}
	return s
}
