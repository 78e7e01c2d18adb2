package spec

// assetKey is an asset's unique key within the repository.
type assetKey struct{ org, typ, identity string }

// assetIndex finds declared assets by organization, type and identity.
type assetIndex struct {
	byKey map[assetKey]*Asset
	byID  map[int64]*Asset
	// byOrg lists identities per organization and type, for suggestions
	// and for wrong-type hints.
	byOrg map[[2]string][]string
	// types lists, per organization and identity, the types that have an
	// asset with that identity.
	types map[[2]string][]string
}

func newAssetIndex() *assetIndex {
	return &assetIndex{byKey: map[assetKey]*Asset{}, byID: map[int64]*Asset{}, byOrg: map[[2]string][]string{}, types: map[[2]string][]string{}}
}

// add indexes a, reporting duplicates.
func (x *assetIndex) add(l *loader, a *Asset) {
	if a.ID != nil {
		if first, dup := x.byID[*a.ID]; dup {
			l.errf(l.at(a, "id", a.Pos), "id %d is already pinned by the asset at %s", *a.ID, first.Pos)
		}
		x.byID[*a.ID] = a
	}
	if a.Identity == "" {
		return
	}
	k := assetKey{a.Organization, a.Type, a.Identity}
	if first, dup := x.byKey[k]; dup {
		l.errHint(a.Pos, "change a useForTitle value, or add match: with a field that tells them apart",
			"duplicate asset: %q of type %q in %q is already declared at %s", a.Identity, a.Type, a.Organization, first.Pos)
		return
	}
	x.byKey[k] = a
	x.byOrg[[2]string{a.Organization, a.Type}] = append(x.byOrg[[2]string{a.Organization, a.Type}], a.Identity)
	x.types[[2]string{a.Organization, a.Identity}] = append(x.types[[2]string{a.Organization, a.Identity}], a.Type)
}
