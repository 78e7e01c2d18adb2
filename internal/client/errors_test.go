package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseErrorBodyVariants(t *testing.T) {
	tests := []struct {
		file string
		want []ErrorObject
		text string // what APIError.Error adds after the status
	}{
		{"invalid-trait-keys.json", []ErrorObject{{Status: 422, Title: "Unprocessable Entity", Detail: "Request contains invalid trait keys", Pointer: "data/attributes/traits"}},
			"traits: Request contains invalid trait keys"},
		{"detail-array.json", []ErrorObject{{Status: 422, Title: "Unprocessable Entity", Detail: "can't be blank", Pointer: "/data/attributes/flexible-asset-traits.url"}},
			"flexible-asset-traits.url: can't be blank"},
		{"title-only.json", []ErrorObject{
			{Status: 422, Title: "Valid organization_id is required", Pointer: "data/attributes/organization_id"},
			{Status: 422, Title: "Unprocessable Entity", Detail: "must exist", Pointer: "/data/attributes/configuration-type"}},
			"organization_id: Valid organization_id is required; configuration-type: must exist"},
		{"pointer-null.json", []ErrorObject{{Status: 422, Title: "Cannot index flexible assets without providing a flexible asset type ID filter"}},
			"Cannot index flexible assets without providing a flexible asset type ID filter"},
		{"unauthorized-resource.json", []ErrorObject{{Status: 401, Title: "Unauthorized", Detail: "Unauthorized resource access", Pointer: "id"}},
			"Unauthorized resource access"},
		{"gateway-forbidden.json", []ErrorObject{{Title: "Forbidden"}}, ""},
		{"status-string.json", []ErrorObject{{Status: 404, Title: "Record not found", Detail: "Couldn't find Organization with 'id'=999"}},
			"Couldn't find Organization with 'id'=999"},
		{"gateway-html.txt", []ErrorObject{{Detail: "<html><body><h1>502 Bad Gateway</h1></body></html>"}}, "502 Bad Gateway"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := parseErrorBody([]byte(fixture(t, "errors/"+tt.file)))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			e := &APIError{Method: "POST", Path: "/flexible_assets", StatusCode: 422, Errors: got}
			if !strings.Contains(e.Error(), tt.text) {
				t.Errorf("Error() = %q, want it to contain %q", e.Error(), tt.text)
			}
		})
	}
}

func TestAPIErrorsMatchSentinels(t *testing.T) {
	tests := []struct {
		status int
		body   string
		want   error
	}{
		{401, `{"errors":[{"status":401,"title":"Unauthorized"}]}`, ErrUnauthorized},
		{403, `{"message":"Forbidden"}`, ErrUnauthorized},
		{404, `{"errors":[{"status":"404","title":"Not Found"}]}`, ErrNotFound},
		{422, `{"errors":[{"status":422,"detail":["can't be blank"]}]}`, ErrValidation},
		{413, `{"errors":[{"status":413,"title":"Payload Too Large"}]}`, ErrRequestTooLarge},
		{400, `{"errors":[{"status":400,"title":"Bad Request","detail":"page[size] must be positive"}]}`, nil},
		{415, `{"errors":[{"status":415,"title":"Unsupported Media Type"}]}`, nil},
	}
	sentinels := []error{ErrUnauthorized, ErrNotFound, ErrValidation, ErrRateLimited, ErrRequestTooLarge}
	for _, tt := range tests {
		c, mux := setup(t)
		mux.HandleFunc("GET /organizations/5", func(w http.ResponseWriter, r *http.Request) { reply(w, tt.status, tt.body) })
		_, err := c.Organizations.Get(context.Background(), 5)
		var ae *APIError
		if !errors.As(err, &ae) || ae.StatusCode != tt.status || ae.Method != "GET" || ae.Path != "/organizations/5" {
			t.Fatalf("%d: err = %v, want an *APIError for GET /organizations/5", tt.status, err)
		}
		for _, s := range sentinels {
			if errors.Is(err, s) != (s == tt.want) {
				t.Errorf("%d: errors.Is(err, %v) = %v", tt.status, s, errors.Is(err, s))
			}
		}
		if got := c.Stats().Requests; got != 1 {
			t.Errorf("%d: %d requests, want 1 (client errors are not retried)", tt.status, got)
		}
	}
}

func TestUnauthorizedNamesKeyAndRegion(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /organizations", func(w http.ResponseWriter, r *http.Request) { reply(w, 403, `{"message":"Forbidden"}`) })
	_, err := c.Organizations.List(context.Background(), nil)
	msg := err.Error()
	for _, want := range []string{"403 Forbidden", "ITGLUE_API_KEY", "bound to a region", c.BaseURL(), "listing organizations"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if strings.Contains(msg, testKey) {
		t.Errorf("error leaks the key: %s", msg)
	}
}

func TestKeyEchoedByServerIsRedacted(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /organizations/1", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 401, `{"errors":[{"status":401,"title":"Unauthorized","detail":"bad key `+r.Header.Get("x-api-key")+`"}]}`)
	})
	_, err := c.Organizations.Get(context.Background(), 1)
	if err == nil || strings.Contains(err.Error(), testKey) || !strings.Contains(err.Error(), redacted) {
		t.Errorf("err = %v, want the echoed key replaced by %s", err, redacted)
	}
}

// TestKeyEchoedJSONEscapedIsRedacted: a key echoed with JSON escapes
// (\u0049 for its first letter) decodes back to the key; it is redacted too.
func TestKeyEchoedJSONEscapedIsRedacted(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /organizations/1", func(w http.ResponseWriter, r *http.Request) {
		k := r.Header.Get("x-api-key")
		esc := fmt.Sprintf(`\u%04x`, k[0]) + k[1:]
		reply(w, 401, `{"errors":[{"status":401,"title":"bad key `+esc+`","detail":"bad key `+esc+`","source":{"pointer":"/`+esc+`"}}]}`)
	})
	_, err := c.Organizations.Get(context.Background(), 1)
	if err == nil || strings.Contains(err.Error(), testKey) || !strings.Contains(err.Error(), redacted) {
		t.Errorf("err = %v, want the echoed key replaced by %s", err, redacted)
	}
}

func TestErrorsNameWhatWasBeingDone(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 400, `{"errors":[{"status":400,"title":"Bad Request"}]}`)
	})
	ctx := context.Background()
	tests := []struct {
		call func() error
		want string
	}{
		{func() error { _, err := c.OrganizationStatuses.List(ctx); return err }, "listing organization statuses (page 1): GET /organization_statuses: 400"},
		{func() error { _, err := c.OrganizationTypes.Get(ctx, 4); return err }, "reading organization type 4: GET /organization_types/4: 400"},
		{func() error {
			_, err := c.FlexibleAssets.List(ctx, 9, &FlexibleAssetListOptions{OrganizationID: 3})
			return err
		}, "listing flexible assets of type 9 in organization 3 (page 1)"},
		{func() error { _, err := c.FlexibleAssetFields.List(ctx, 9); return err }, "listing the fields of flexible asset type 9 (page 1)"},
	}
	for _, tt := range tests {
		if err := tt.call(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err = %v, want it to contain %q", err, tt.want)
		}
	}
}
