package demo

import (
	"context"
	"slices"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/spec"
)

func startDemo(t *testing.T) (*Sandbox, *client.Client) {
	t.Helper()
	sb, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := sb.Close(); err != nil {
			t.Error(err)
		}
	})
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return sb, c
}

// TestDemoHoldsEveryTagTarget checks the promise the seed makes to
// examples/repo: every configuration, contact, domain and location a Tag
// trait names exists in the right organization, so the demo plan has no
// unresolved references.
func TestDemoHoldsEveryTagTarget(t *testing.T) {
	ctx := context.Background()
	_, c := startDemo(t)
	ds, diags := spec.LoadDir(ctx, "../../examples/repo")
	if diags.HasErrors() {
		t.Fatalf("examples/repo does not load:\n%s", diags)
	}
	orgs, err := c.Organizations.List(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	orgID := map[string]int64{}
	for _, o := range orgs {
		orgID[o.Name] = o.ID
	}
	services := map[string]*client.TagTargetsService{
		"Configurations": c.Configurations, "Contacts": c.Contacts, "Domains": c.Domains, "Locations": c.Locations,
	}
	checked := 0
	for _, a := range ds.Assets {
		for _, tv := range a.Traits {
			for _, ref := range tv.Tags() {
				svc := services[ref.Kind]
				if svc == nil {
					continue // asset-to-asset tags are resolved against the plan
				}
				id, ok := orgID[ref.Organization]
				if !ok {
					t.Errorf("%s: organization %q is not in the demo account", ref.Pos, ref.Organization)
					continue
				}
				got, err := svc.List(ctx, &client.TagTargetListOptions{OrganizationID: id})
				if err != nil {
					t.Fatal(err)
				}
				if !slices.ContainsFunc(got, func(tt client.TagTarget) bool { return tt.Name == ref.Name }) {
					t.Errorf("%s: %s %q is not in organization %q of the demo account", ref.Pos, ref.Kind, ref.Name, ref.Organization)
				}
				checked++
			}
		}
	}
	if checked < 20 {
		t.Errorf("checked %d tag references; want the examples' 20 or more (did the repo or the spec change?)", checked)
	}
}

// TestDemoDiffersFromRepo checks that the demo account partly differs from
// examples/repo: a type the repo declares is missing, one exists under a
// former name, and an organization outside the repo's scope exists.
func TestDemoDiffersFromRepo(t *testing.T) {
	ctx := context.Background()
	_, c := startDemo(t)
	types, err := c.FlexibleAssetTypes.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ty := range types {
		names = append(names, ty.Name)
	}
	want := []string{"API Email Example", "Backup Job", "LOB Application"}
	if !slices.Equal(names, want) {
		t.Errorf("demo types = %q; want %q (Internet Connection missing, Line of Business App under its former name)", names, want)
	}
	orgs, err := c.Organizations.List(ctx, &client.OrganizationListOptions{Names: []string{"Tailspin Toys"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(orgs) != 1 {
		t.Errorf("found %d organizations called Tailspin Toys; want 1 (the unmanaged one)", len(orgs))
	}
}

func TestStartUsesLoopbackAndFreshKeys(t *testing.T) {
	a, _ := startDemo(t)
	b, _ := startDemo(t)
	if a.Key == b.Key {
		t.Errorf("two demo sandboxes share the key; want a fresh random key each")
	}
	for _, sb := range []*Sandbox{a, b} {
		if want := "http://127.0.0.1:"; len(sb.URL) <= len(want) || sb.URL[:len(want)] != want {
			t.Errorf("URL = %q; want a loopback address", sb.URL)
		}
	}
}
