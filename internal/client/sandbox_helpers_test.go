package client_test

import (
	"encoding/json"

	"github.com/glue-sync/glue-sync/internal/client"
)

// emailType is the getting-started article's "API Email Example" type.
func emailType() client.FlexibleAssetTypeWrite {
	f := func(order int64, name, kind string, mod func(*client.FlexibleAssetFieldWrite)) client.FlexibleAssetFieldWrite {
		w := client.FlexibleAssetFieldWrite{Order: &order, Name: ptr(name), Kind: ptr(kind)}
		if mod != nil {
			mod(&w)
		}
		return w
	}
	return client.FlexibleAssetTypeWrite{
		Name: ptr("API Email Example"), Icon: ptr("envelope"), Enabled: ptr(true), Description: ptr("Email setup"),
		Fields: []client.FlexibleAssetFieldWrite{
			f(1, "Domains", "Tag", func(w *client.FlexibleAssetFieldWrite) {
				w.TagType, w.Required, w.ShowInList, w.Hint = ptr("Domains"), ptr(true), ptr(true), ptr("Tag accepted domains")
			}),
			f(2, "Type", "Select", func(w *client.FlexibleAssetFieldWrite) {
				w.DefaultValue, w.Required, w.UseForTitle, w.ShowInList = ptr("Office 365\nExchange 2016\nExchange 2013\nPOP/IMAP"), ptr(true), ptr(true), ptr(true)
			}),
			f(3, "Email Servers", "Tag", func(w *client.FlexibleAssetFieldWrite) { w.TagType, w.ShowInList = ptr("Configurations"), ptr(true) }),
			f(4, "Location", "Select", func(w *client.FlexibleAssetFieldWrite) { w.DefaultValue = ptr("Cloud\nOn-Premises") }),
			f(5, "Webmail URL", "Text", func(w *client.FlexibleAssetFieldWrite) { w.ShowInList = ptr(true) }),
		},
	}
}

func hasString(tr client.Traits, key, want string) bool {
	s, ok := tr.String(key)
	return ok && s == want
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
