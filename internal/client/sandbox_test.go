package client_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

func ptr[T any](v T) *T { return &v }

// start runs a sandbox and a client for it.
func start(t testing.TB, opt func(*sandbox.Options), copts ...client.Option) (*sandboxtest.Sandbox, *client.Client) {
	t.Helper()
	var opts []func(*sandbox.Options)
	if opt != nil {
		opts = append(opts, opt)
	}
	sb := sandboxtest.Start(t, opts...)
	all := append([]client.Option{client.WithRateLimit(0, 0, 0), client.WithBackoff(time.Millisecond, 20*time.Millisecond)}, copts...)
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, all...)
	if err != nil {
		t.Fatal(err)
	}
	return sb, c
}

func must[T any](t testing.TB, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

func TestSandboxOrganizationsAndMeta(t *testing.T) {
	ctx := context.Background()
	_, c := start(t, nil)
	typ := must[client.NamedRecord](t, "creating a type")(c.OrganizationTypes.Create(ctx, "Customer"))
	st := must[client.NamedRecord](t, "creating a status")(c.OrganizationStatuses.CreateSafe(ctx, "Active"))
	typ2 := must[client.NamedRecord](t, "renaming a type")(c.OrganizationTypes.Update(ctx, typ.ID, "Client"))
	if typ2.Name != "Client" || typ2.ID != typ.ID {
		t.Errorf("renamed type = %+v", typ2)
	}
	if got := must[[]client.NamedRecord](t, "listing types")(c.OrganizationTypes.List(ctx, "Client")); len(got) != 1 || got[0].ID != typ.ID {
		t.Errorf("types named Client = %+v", got)
	}
	if got := must[client.NamedRecord](t, "reading a status")(c.OrganizationStatuses.Get(ctx, st.ID)); got.Name != "Active" {
		t.Errorf("status = %+v", got)
	}

	names := []string{"Kub, Reynolds and Gibson", "Kub", "Reynolds and Gibson", `Back\slash`}
	var ids []int64
	for _, n := range names {
		o := must[client.Organization](t, "creating "+n)(c.Organizations.CreateSafe(ctx, client.OrganizationWrite{
			Name: ptr(n), OrganizationTypeID: &typ.ID, OrganizationStatusID: &st.ID, ShortName: ptr("S"),
		}))
		if o.Name != n || o.OrganizationTypeID != typ.ID || o.OrganizationStatusName != "Active" {
			t.Errorf("created %+v", o)
		}
		ids = append(ids, o.ID)
	}
	tests := []struct {
		names []string
		want  []string
	}{
		{[]string{"Kub, Reynolds and Gibson"}, []string{"Kub, Reynolds and Gibson"}},
		{[]string{"Kub", "Reynolds and Gibson"}, []string{"Kub", "Reynolds and Gibson"}},
		{[]string{"kub"}, nil},
		{[]string{`Back\slash`}, []string{`Back\slash`}},
		{nil, names},
	}
	for _, tt := range tests {
		got := must[[]client.Organization](t, "listing")(c.Organizations.List(ctx, &client.OrganizationListOptions{Names: tt.names}))
		var gotNames []string
		for _, o := range got {
			gotNames = append(gotNames, o.Name)
		}
		if !slices.Equal(gotNames, tt.want) {
			t.Errorf("filter %q: got %q, want %q", tt.names, gotNames, tt.want)
		}
	}

	o := must[client.Organization](t, "updating")(c.Organizations.Update(ctx, ids[0], client.OrganizationWrite{Alert: ptr("careful"), Clear: []string{"short-name"}}))
	if o.Alert != "careful" || o.ShortName != "" || o.Name != names[0] {
		t.Errorf("after update: %+v", o)
	}
	if err := c.Organizations.UpdateBulk(ctx, []client.OrganizationWrite{{ID: ids[1], Description: ptr("d1")}, {ID: ids[2], Description: ptr("d2")}}); err != nil {
		t.Fatal(err)
	}
	if o := must[client.Organization](t, "reading")(c.Organizations.Get(ctx, ids[2])); o.Description != "d2" {
		t.Errorf("bulk update not applied: %+v", o)
	}
	long := strings.Repeat("é", 300)
	must[client.Organization](t, "notes")(c.Organizations.Update(ctx, ids[1], client.OrganizationWrite{QuickNotes: &long}))
	for _, o := range must[[]client.Organization](t, "listing")(c.Organizations.List(ctx, nil)) {
		if o.ID == ids[1] && o.QuickNotes != long {
			t.Errorf("listed quick notes have %d runes, want the full 300", len([]rune(o.QuickNotes)))
		}
	}
	if err := c.Organizations.Delete(ctx, ids[3]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Organizations.Get(ctx, ids[3]); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("reading a deleted organization: %v, want ErrNotFound", err)
	}
}

func TestSandboxErrors(t *testing.T) {
	ctx := context.Background()
	sb, c := start(t, func(o *sandbox.Options) { o.MaxBodyBytes = 4096 }, client.WithMaxBodyBytes(1<<20))

	bad, err := client.New(client.Config{BaseURL: sb.URL, APIKey: "ITG.wrong"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = bad.Organizations.List(ctx, nil)
	if !errors.Is(err, client.ErrUnauthorized) || !strings.Contains(err.Error(), "bound to a region") || !strings.Contains(err.Error(), sb.URL) {
		t.Errorf("wrong key: %v, want ErrUnauthorized naming the region and %s", err, sb.URL)
	}
	if _, err := c.FlexibleAssets.Get(ctx, 424242); !errors.Is(err, client.ErrNotFound) {
		t.Errorf("missing asset: %v, want ErrNotFound", err)
	}
	_, err = c.Organizations.Create(ctx, client.OrganizationWrite{Name: ptr(strings.Repeat("x", 5000))})
	if !errors.Is(err, client.ErrRequestTooLarge) {
		t.Errorf("body over the sandbox's limit: %v, want ErrRequestTooLarge", err)
	}
	org := must[client.Organization](t, "org")(c.Organizations.Create(ctx, client.OrganizationWrite{Name: ptr("Acme")}))
	typ := must[client.FlexibleAssetType](t, "type")(c.FlexibleAssetTypes.Create(ctx, client.FlexibleAssetTypeWrite{
		Name: ptr("Email"), Fields: []client.FlexibleAssetFieldWrite{{Order: ptr(int64(1)), Name: ptr("Title"), Kind: ptr("Text"), ShowInList: ptr(true), UseForTitle: ptr(true), Required: ptr(true)}},
	}))
	_, err = c.FlexibleAssets.Create(ctx, client.FlexibleAssetWrite{OrganizationID: org.ID, FlexibleAssetTypeID: typ.ID, Traits: map[string]any{"title": "x", "select": "stray"}})
	var ae *client.APIError
	if !errors.As(err, &ae) || !errors.Is(err, client.ErrValidation) || len(ae.Errors) == 0 || !strings.Contains(ae.Errors[0].Attribute(), "traits") {
		t.Errorf("unknown trait key: %v, want a 422 pointing at the traits", err)
	}
	_, err = c.FlexibleAssets.Create(ctx, client.FlexibleAssetWrite{OrganizationID: org.ID, FlexibleAssetTypeID: typ.ID, Traits: map[string]any{}})
	if !errors.Is(err, client.ErrValidation) {
		t.Errorf("missing required trait: %v, want ErrValidation", err)
	}
	if s := c.Stats(); s.Retries != 0 {
		t.Errorf("%d retries for client errors, want 0", s.Retries)
	}
}

// TestSandboxRateLimit: past the sandbox's budget the client gets 429s
// and, retrying, still reads; without retries the 429 is ErrRateLimited.
// The sandbox's clock moves 100 ms per reading and the client waits at
// most 1 ms for a Retry-After, so the 1 s windows pass without real waits.
func TestSandboxRateLimit(t *testing.T) {
	ctx := context.Background()
	var ticks atomic.Int64
	clock := func() time.Time { return fixedNow().Add(time.Duration(ticks.Add(1)) * 100 * time.Millisecond) }
	_, c := start(t, func(o *sandbox.Options) { o.RateLimit, o.RateWindow, o.Now = 5, time.Second, clock }, client.WithMaxRetryAfter(time.Millisecond))
	for i := range 12 {
		if _, err := c.Organizations.List(ctx, nil); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	if s := c.Stats(); s.RateLimited == 0 {
		t.Errorf("stats %+v: want some 429s from a 5/s sandbox", s)
	}
	_, strict := start(t, func(o *sandbox.Options) { o.RateLimit, o.RateWindow = 1, time.Minute }, client.WithMaxRetries(0))
	strict.Organizations.List(ctx, nil)
	if _, err := strict.Organizations.List(ctx, nil); !errors.Is(err, client.ErrRateLimited) {
		t.Errorf("past the budget without retries: %v, want ErrRateLimited", err)
	}
}
