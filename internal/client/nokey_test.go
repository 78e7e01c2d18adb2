package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestNoValueEverPrintsTheKey formats every exported type that could hold
// or carry the key, and every kind of error a request can end in, with
// every verb, and fails if the key shows up.
func TestNoValueEverPrintsTheKey(t *testing.T) {
	// A 1 KiB body limit makes the local refusal of a too large body
	// (RequestTooLargeError) cheap: the error names the organization, so a
	// body of DefaultMaxBodyBytes would make a 10 MB message to format.
	c, mux := setup(t, WithMaxRetries(1), WithMaxBodyBytes(1<<10))
	echo := func(status int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			k := r.Header.Get("x-api-key")
			reply(w, status, `{"errors":[{"status":`+fmt.Sprint(status)+`,"title":"t `+k+`","detail":["d `+k+`"],"source":{"pointer":"/data/attributes/`+k+`"}}],"message":"`+k+`"}`)
		}
	}
	mux.HandleFunc("GET /organizations/1", echo(401))
	mux.HandleFunc("GET /organizations/2", func(w http.ResponseWriter, r *http.Request) { reply(w, 403, `{"message":"Forbidden"}`) })
	mux.HandleFunc("POST /organizations", echo(422))
	mux.HandleFunc("POST /organization_types", echo(502))
	mux.HandleFunc("GET /organizations/3", func(w http.ResponseWriter, r *http.Request) { drop(t, w) })
	mux.HandleFunc("GET /organizations/4", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		w.Write([]byte("<html>upstream said " + r.Header.Get("x-api-key") + "</html>"))
	})
	ctx := context.Background()
	var errs []error
	add := func(_ any, err error) {
		if err == nil {
			t.Fatal("want an error")
		}
		errs = append(errs, err, errors.Unwrap(err))
	}
	add(c.Organizations.Get(ctx, 1))
	add(c.Organizations.Get(ctx, 2))
	add(c.Organizations.Create(ctx, OrganizationWrite{Name: ptr("x")}))
	add(c.OrganizationTypes.Create(ctx, "x"))
	add(c.Organizations.Get(ctx, 3))
	add(c.Organizations.Get(ctx, 4))
	add(c.Organizations.Create(ctx, OrganizationWrite{Name: ptr(strings.Repeat("x", 2<<10))}))
	if err := errs[len(errs)-2]; !errors.Is(err, ErrRequestTooLarge) {
		t.Fatalf("an oversized body: %v, want ErrRequestTooLarge", err)
	}
	dead, _ := New(Config{BaseURL: "http://127.0.0.1:1", APIKey: testKey}, WithBackoff(1, 1))
	add(dead.Organizations.List(ctx, nil))
	_, keyErr := New(Config{BaseURL: "https://api.itglue.com", APIKey: testKey + "\n"})
	_, envErr := ConfigFromEnv(func(k string) string { return map[string]string{EnvAPIKey: testKey, EnvRegion: "mars"}[k] })

	values := []any{
		c, *c.Organizations, c.Organizations, c.OrganizationTypes, c.FlexibleAssetTypes, c.FlexibleAssetFields,
		c.FlexibleAssets, c.Passwords, *c.Passwords, c.Stats(),
		Config{BaseURL: "https://api.itglue.com", APIKey: testKey}, &Config{APIKey: testKey},
		keyErr, envErr,
	}
	for _, e := range errs {
		values = append(values, e)
		var ae *APIError
		if errors.As(e, &ae) {
			values = append(values, *ae, ae.Errors)
		}
	}
	for i, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X"} {
			if s := fmt.Sprintf(verb, v); strings.Contains(s, testKey) || strings.Contains(s, "canary-key") {
				t.Errorf("value %d (%T) printed with %s shows the key: %s", i, v, verb, s)
			}
		}
	}
}

// TestErrorsQuoteLongNamesShort: an error about an object with a huge name
// (a 64 kB organization name the API refuses: sixty times the bound on
// the message, under the 10 MB request limit as 1 MB was) quotes a bounded
// part of it, so the message a terminal or CI log shows stays readable.
func TestErrorsQuoteLongNamesShort(t *testing.T) {
	c, mux := setup(t, WithMaxRetries(1))
	refuse := func(w http.ResponseWriter, r *http.Request) {
		reply(w, 422, `{"errors":[{"status":422,"title":"Name is too long"}]}`)
	}
	mux.HandleFunc("POST /organizations", refuse)
	mux.HandleFunc("POST /flexible_asset_types", refuse)
	long := strings.Repeat("é", 1<<15) // 64 KiB, two bytes a character
	ctx := context.Background()
	_, orgErr := c.Organizations.Create(ctx, OrganizationWrite{Name: &long})
	_, typeErr := c.FlexibleAssetTypes.Create(ctx, FlexibleAssetTypeWrite{Name: &long})
	for _, err := range []error{orgErr, typeErr} {
		if err == nil {
			t.Fatal("want the API's refusal")
		}
		msg := err.Error()
		if len(msg) > 1000 || !strings.Contains(msg, "Name is too long") || !strings.Contains(msg, "éé...") {
			t.Errorf("error of %d bytes, want the refusal and a shortened name: %.300s", len(msg), msg)
		}
	}
}
