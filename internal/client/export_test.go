package client

import "encoding/json"

// DecodeAssetPage turns one list page of assets into FlexibleAssets as
// the client does (decodeBody) or, with tolerant, as the tolerant decoder
// alone does (json.Unmarshal into document[assetWire]): for benchmarks on
// recorded pages.
func DecodeAssetPage(page []byte, tolerant bool) ([]FlexibleAsset, error) {
	d := &document[assetWire]{}
	var err error
	if tolerant {
		err = json.Unmarshal(page, d)
	} else {
		err = decodeBody(page, d)
	}
	if err != nil {
		return nil, err
	}
	return collect([]*document[assetWire]{d}, toAsset), nil
}
