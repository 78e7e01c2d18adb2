package client

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// captured records a write request's method, path and decoded body.
type captured struct {
	method, path string
	body         map[string]any
}

func capture(t *testing.T, mux *http.ServeMux, pattern string, status int, resp string) *[]captured {
	var got []captured
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		got = append(got, captured{r.Method, r.URL.Path, readBody(t, r)})
		reply(w, status, resp)
	})
	return &got
}

func TestWriteBodies(t *testing.T) {
	ctx := context.Background()
	const fa = `{"data":{"id":"1","type":"flexible-assets","attributes":{"traits":{}}}}`
	tests := []struct {
		name    string
		pattern string
		resp    string
		do      func(c *Client) error
		want    string
	}{
		{"org create sends only set fields", "POST /organizations", orgBody, func(c *Client) error {
			_, err := c.Organizations.Create(ctx, OrganizationWrite{Name: ptr("Acme"), OrganizationTypeID: ptr(int64(2))})
			return err
		}, `{"data":{"type":"organizations","attributes":{"name":"Acme","organization-type-id":2}}}`},
		{"org update clears", "PATCH /organizations/5", orgBody, func(c *Client) error {
			_, err := c.Organizations.Update(ctx, 5, OrganizationWrite{Description: ptr(""), Clear: []string{"alert"}})
			return err
		}, `{"data":{"type":"organizations","attributes":{"alert":null,"description":""}}}`},
		{"org delete is bulk", "DELETE /organizations", `{"data":[]}`, func(c *Client) error {
			return c.Organizations.Delete(ctx, 5, 6)
		}, `{"data":[{"type":"organizations","attributes":{"id":5}},{"type":"organizations","attributes":{"id":6}}]}`},
		{"org type create", "POST /organization_types", `{"data":{"id":"3","type":"organization-types","attributes":{"name":"Client"}}}`, func(c *Client) error {
			_, err := c.OrganizationTypes.Create(ctx, "Client")
			return err
		}, `{"data":{"type":"organization-types","attributes":{"name":"Client"}}}`},
		{"type create nests fields", "POST /flexible_asset_types", `{"data":{"id":"3","type":"flexible-asset-types","attributes":{"name":"T"}},"included":[{"id":"4","type":"flexible-asset-fields","attributes":{"flexible-asset-type-id":3,"name":"Name"}}]}`, func(c *Client) error {
			_, err := c.FlexibleAssetTypes.Create(ctx, FlexibleAssetTypeWrite{Name: ptr("T"), Icon: ptr("envelope"), Enabled: ptr(true),
				Fields: []FlexibleAssetFieldWrite{{Order: ptr(int64(1)), Name: ptr("Name"), Kind: ptr("Text"), ShowInList: ptr(true), UseForTitle: ptr(true)}}})
			return err
		}, `{"data":{"type":"flexible-asset-types","attributes":{"enabled":true,"icon":"envelope","name":"T"},"relationships":{"flexible-asset-fields":{"data":[{"type":"flexible-asset-fields","attributes":{"kind":"Text","name":"Name","order":1,"show-in-list":true,"use-for-title":true}}]}}}}`},
		{"fields bulk create is nested", "POST /flexible_asset_types/3/relationships/flexible_asset_fields", `{"data":[{"id":"9","type":"flexible-asset-fields","attributes":{"name":"A"}}]}`, func(c *Client) error {
			_, err := c.FlexibleAssetFields.Create(ctx, 3, []FlexibleAssetFieldWrite{{Name: ptr("A"), Kind: ptr("Select"), DefaultValue: ptr("x\ny"), Order: ptr(int64(2))}})
			return err
		}, `{"data":[{"type":"flexible-asset-fields","attributes":{"default-value":"x\ny","kind":"Select","name":"A","order":2}}]}`},
		{"fields bulk update is flat", "PATCH /flexible_asset_fields", `{"data":[]}`, func(c *Client) error {
			return c.FlexibleAssetFields.UpdateBulk(ctx, []FlexibleAssetFieldWrite{{ID: 9, Order: ptr(int64(2))}, {ID: 10, Order: ptr(int64(1))}})
		}, `{"data":[{"type":"flexible-asset-fields","attributes":{"id":9,"order":2}},{"type":"flexible-asset-fields","attributes":{"id":10,"order":1}}]}`},
		{"asset create", "POST /flexible_assets", fa, func(c *Client) error {
			_, err := c.FlexibleAssets.Create(ctx, FlexibleAssetWrite{OrganizationID: 2, FlexibleAssetTypeID: 33,
				Traits: map[string]any{"domains": []int64{789}, "type": "Office 365", "raw": json.RawMessage(`{"content":"aGk=","file_name":"x.png"}`)}})
			return err
		}, `{"data":{"type":"flexible-assets","attributes":{"flexible-asset-type-id":33,"organization-id":2,"traits":{"domains":[789],"raw":{"content":"aGk=","file_name":"x.png"},"type":"Office 365"}}}}`},
		{"asset archive keeps traits", "PATCH /flexible_assets/1", fa, func(c *Client) error {
			_, err := c.FlexibleAssets.Archive(ctx, 1, true)
			return err
		}, `{"data":{"type":"flexible-assets","attributes":{"archived":true}}}`},
		{"assets bulk create is nested", "POST /organizations/2/relationships/flexible_assets", `{"data":[{"id":"1","type":"flexible-assets","attributes":{}}]}`, func(c *Client) error {
			_, err := c.FlexibleAssets.CreateInOrganization(ctx, 2, []FlexibleAssetWrite{{FlexibleAssetTypeID: 33, Traits: map[string]any{"a": 1}}})
			return err
		}, `{"data":[{"type":"flexible-assets","attributes":{"flexible-asset-type-id":33,"organization-id":2,"traits":{"a":1}}}]}`},
		{"assets bulk update", "PATCH /flexible_assets", `{"data":[]}`, func(c *Client) error {
			return c.FlexibleAssets.UpdateBulk(ctx, []FlexibleAssetWrite{{ID: 1, Traits: map[string]any{"a": 2}}})
		}, `{"data":[{"type":"flexible-assets","attributes":{"id":1,"traits":{"a":2}}}]}`},
		{"assets bulk delete", "DELETE /flexible_assets", `{"data":[]}`, func(c *Client) error {
			return c.FlexibleAssets.DeleteBulk(ctx, []int64{1, 2})
		}, `{"data":[{"type":"flexible-assets","attributes":{"id":1}},{"type":"flexible-assets","attributes":{"id":2}}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t)
			got := capture(t, mux, tt.pattern, 200, tt.resp)
			if err := tt.do(c); err != nil {
				t.Fatal(err)
			}
			if len(*got) != 1 {
				t.Fatalf("%d requests, want 1", len(*got))
			}
			var want map[string]any
			if err := json.Unmarshal([]byte(tt.want), &want); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, (*got)[0].body); diff != "" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWritesValidateLocally(t *testing.T) {
	c, _ := setup(t)
	ctx := context.Background()
	for name, err := range map[string]error{
		"org without name": func() error { _, err := c.Organizations.Create(ctx, OrganizationWrite{}); return err }(),
		"asset without type": func() error {
			_, err := c.FlexibleAssets.Create(ctx, FlexibleAssetWrite{OrganizationID: 1, Traits: map[string]any{}})
			return err
		}(),
		"asset bad raw JSON": func() error {
			_, err := c.FlexibleAssets.Create(ctx, FlexibleAssetWrite{OrganizationID: 1, FlexibleAssetTypeID: 2, Traits: map[string]any{"x": json.RawMessage("{")}})
			return err
		}(),
		"bulk update without id": c.FlexibleAssets.UpdateBulk(ctx, []FlexibleAssetWrite{{Traits: map[string]any{}}}),
		"type update with fields": func() error {
			_, err := c.FlexibleAssetTypes.Update(ctx, 1, FlexibleAssetTypeWrite{Fields: []FlexibleAssetFieldWrite{{}}})
			return err
		}(),
		"asset in another org": func() error {
			_, err := c.FlexibleAssets.CreateInOrganization(ctx, 1, []FlexibleAssetWrite{{OrganizationID: 2, FlexibleAssetTypeID: 3, Traits: map[string]any{}}})
			return err
		}(),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if n := c.Stats().Requests; n != 0 {
		t.Errorf("%d requests sent for invalid writes, want 0", n)
	}
}
