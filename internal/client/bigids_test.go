package client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestIDsAbove2To53SurviveEveryPath decodes ids that float64 cannot hold
// (2^53+1 and up) from every place the API puts them: data.id as a string
// or a number, numeric and string foreign keys, parent-id as a string,
// ancestor-ids as a string holding an array, relationship linkage (to-one
// and to-many), numeric included ids and Tag trait values.
func TestIDsAbove2To53SurviveEveryPath(t *testing.T) {
	var docs map[string]json.RawMessage
	if err := json.Unmarshal([]byte(fixture(t, "big_ids.json")), &docs); err != nil {
		t.Fatal(err)
	}
	c, mux := setup(t)
	for path, doc := range map[string]string{
		"GET /organizations/9007199254740993":         "organization",
		"GET /flexible_asset_types/9007199254741001":  "type",
		"GET /flexible_asset_fields/9007199254741007": "field",
		"GET /flexible_assets/9007199254741009":       "asset",
		"GET /configurations/9007199254741015":        "target",
	} {
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) { reply(w, 200, string(docs[doc])) })
	}
	ctx := context.Background()

	o, err := c.Organizations.Get(ctx, 9007199254740993)
	if err != nil {
		t.Fatal(err)
	}
	wantOrg := Organization{ID: 9007199254740993, Name: "Deep", OrganizationTypeID: 9007199254740995, OrganizationStatusID: 9007199254740997,
		ParentID: 9007199254740999, AncestorIDs: []int64{574989297464115201, 9007199254740999}}
	if diff := cmp.Diff(wantOrg, o); diff != "" {
		t.Errorf("organization (-want +got):\n%s", diff)
	}

	ty, err := c.FlexibleAssetTypes.Get(ctx, 9007199254741001)
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]int64
	for _, f := range ty.Fields {
		got = append(got, [2]int64{f.ID, f.FlexibleAssetTypeID})
	}
	if diff := cmp.Diff([][2]int64{{9007199254741003, 9007199254741001}, {9007199254741005, 9007199254741001}}, got); ty.ID != 9007199254741001 || diff != "" {
		t.Errorf("type %d, fields [id, type id] (-want +got):\n%s", ty.ID, diff)
	}

	f, err := c.FlexibleAssetFields.Get(ctx, 9007199254741007)
	if err != nil {
		t.Fatal(err)
	}
	if f.ID != 9007199254741007 || f.FlexibleAssetTypeID != 9007199254741001 {
		t.Errorf("field = %d of type %d, want 9007199254741007 of 9007199254741001", f.ID, f.FlexibleAssetTypeID)
	}

	a, err := c.FlexibleAssets.Get(ctx, 9007199254741009)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != 9007199254741009 || a.OrganizationID != 9007199254740993 || a.FlexibleAssetTypeID != 9007199254741001 {
		t.Errorf("asset = %d in %d of type %d", a.ID, a.OrganizationID, a.FlexibleAssetTypeID)
	}
	if ids, ok := TagIDs(a.Traits.Value("c")); !ok || len(ids) != 1 || ids[0] != 9007199254741011 {
		t.Errorf("tag ids = %v, %v; want [9007199254741011]", ids, ok)
	}
	if ws := a.Traits.WriteShape(); string(ws["n"].(json.RawMessage)) != "9007199254741013" {
		t.Errorf("number trait written back as %s, want 9007199254741013 exactly", ws["n"])
	}

	tt, err := c.Configurations.Get(ctx, 9007199254741015)
	if err != nil {
		t.Fatal(err)
	}
	if tt.ID != 9007199254741015 || tt.OrganizationID != 9007199254740993 {
		t.Errorf("configuration = %d in %d", tt.ID, tt.OrganizationID)
	}
}

func TestBigIDsAreWrittenExactly(t *testing.T) {
	c, mux := setup(t)
	var body string
	mux.HandleFunc("PATCH /flexible_assets", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		reply(w, 200, `{"data":[]}`)
	})
	ws := []FlexibleAssetWrite{{ID: 9007199254741009, Traits: map[string]any{"c": []int64{9007199254741011}}}}
	if err := c.FlexibleAssets.UpdateBulk(context.Background(), ws); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"id":9007199254741009`, `"c":[9007199254741011]`} {
		if !strings.Contains(body, want) {
			t.Errorf("body %s lacks %s", body, want)
		}
	}
}
