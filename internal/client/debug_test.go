package client

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
)

func TestDebugLogShowsRequestsButNoSecrets(t *testing.T) {
	var buf bytes.Buffer
	c, mux := setup(t, WithDebug(&buf))
	h, _ := flaky(1, func(w http.ResponseWriter) { reply(w, 500, `{}`) }, func(w http.ResponseWriter, r *http.Request) {
		reply(w, 200, `{"data":{"id":"1","type":"flexible-assets","attributes":{"traits":{}}}}`)
	})
	mux.HandleFunc("PATCH /flexible_assets/1", h)
	if _, err := c.FlexibleAssets.Update(context.Background(), 1, FlexibleAssetWrite{Traits: map[string]any{"admin-password": "s3cret-canary"}}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"PATCH " + c.BaseURL() + "/flexible_assets/1 -> 500", "-> 200", "attempt 2"} {
		if !strings.Contains(out, want) {
			t.Errorf("debug log lacks %q:\n%s", want, out)
		}
	}
	c.Organizations.List(context.Background(), &OrganizationListOptions{Names: []string{"a,b"}})
	if want := "GET " + c.BaseURL() + `/organizations?filter[name]=a%5C%2Cb&page[number]=1&page[size]=1000&sort=id -> 404`; !strings.Contains(buf.String(), want) {
		t.Errorf("debug log lacks %q:\n%s", want, buf.String())
	}
	out = buf.String()
	for _, secret := range []string{testKey, "s3cret-canary", "x-api-key"} {
		if strings.Contains(out, secret) {
			t.Errorf("debug log contains %q:\n%s", secret, out)
		}
	}
}

func TestStatsCountEndpoints(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /organizations/{id}", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, orgBody) })
	for _, id := range []int64{1, 2, 3} {
		if _, err := c.Organizations.Get(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	s := c.Stats()
	if got := s.Endpoints["GET /organizations/:id"]; got.Requests != 3 || s.Requests != 3 {
		t.Errorf("stats = %+v, want 3 requests to GET /organizations/:id", s)
	}
	c.ResetStats()
	if c.Stats().Requests != 0 {
		t.Error("ResetStats left counts")
	}
}
