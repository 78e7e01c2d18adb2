package sandbox_test

import "testing"

func TestTestAccountLoads(t *testing.T) {
	a := testAccount(t)
	r := a.do("GET", "/flexible_assets/102", nil).must(t, 200)
	wantValues(map[string]string{
		"data.attributes.name":                             "mail-01",
		"data.attributes.traits.cores":                     "8",
		"data.attributes.traits.monitored":                 "true",
		"data.attributes.traits.mail-system.type":          "FlexibleAssetTypes",
		"data.attributes.traits.mail-system.values.0.id":   "100",
		"data.attributes.traits.mail-system.values.0.name": "Office 365",
	})(t, a, r)
}
