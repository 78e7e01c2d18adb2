package sandbox

import (
	"cmp"
	"slices"
	"strings"
)

// bulkDeleteAssets is DELETE /flexible_assets: a data array of ids, or
// filters that name both an organization and a type (plus optionally id,
// name and archived), never both.
func (s *Server) bulkDeleteAssets(c *call) (int, any, error) {
	victims, err := bulkDeleteTargets(c, assetsType, "flexible asset", s.findAssetOrNil, func() ([]*asset, error) {
		return s.assetsByDeleteFilter(c)
	})
	if err != nil {
		return 0, nil, err
	}
	return bulkDeleted(victims, func(a *asset) resourceOut { return s.st.assetOut(a, s.st.fieldIndex(a.TypeID)) },
		s.st.removeAsset)
}

func (s *Server) findAssetOrNil(id int64) *asset { return s.st.Assets[id] }

// assetsByDeleteFilter selects the assets a filtered bulk delete removes.
func (s *Server) assetsByDeleteFilter(c *call) ([]*asset, error) {
	q := c.query
	var orgVals, typeVals, idVals, nameVals, archVals []string
	for k, vs := range q {
		if !strings.HasPrefix(k, "filter[") || !strings.HasSuffix(k, "]") {
			continue
		}
		v := splitFilter(vs[len(vs)-1])
		switch kebab(k[len("filter[") : len(k)-1]) {
		case "organization-id":
			orgVals = v
		case "flexible-asset-type-id":
			typeVals = v
		case "id":
			idVals = v
		case "name":
			nameVals = v
		case "archived":
			archVals = v
		default:
			return nil, badRequest("unknown filter %q for a bulk delete (filters: organization_id, flexible_asset_type_id, id, name, archived)", k)
		}
	}
	if orgVals == nil || typeVals == nil {
		return nil, badRequest("a filtered bulk delete needs both filter[organization_id] and filter[flexible_asset_type_id]")
	}
	var preds []func(*asset) bool
	type def struct {
		vals []string
		fd   filterDef[*asset]
		key  string
	}
	for _, d := range []def{
		{orgVals, filterIDs(func(a *asset) int64 { return a.OrgID }), "organization_id"},
		{typeVals, filterIDs(func(a *asset) int64 { return a.TypeID }), "flexible_asset_type_id"},
		{idVals, filterIDs(func(a *asset) int64 { return a.ID }), "id"},
		{nameVals, filterStrings(func(a *asset) string { return a.Name }), "name"},
		{archVals, filterBool(func(a *asset) bool { return a.Archived }), "archived"},
	} {
		if d.vals == nil {
			continue
		}
		pr, err := d.fd(d.key, d.vals)
		if err != nil {
			return nil, err
		}
		preds = append(preds, pr)
	}
	var out []*asset
next:
	for _, a := range s.st.Assets {
		for _, pr := range preds {
			if !pr(a) {
				continue next
			}
		}
		out = append(out, a)
	}
	sortAssetsByID(out)
	return out, nil
}

func sortAssetsByID(as []*asset) {
	slices.SortFunc(as, func(a, b *asset) int { return cmp.Compare(a.ID, b.ID) })
}
