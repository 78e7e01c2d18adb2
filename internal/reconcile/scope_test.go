package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/spec"
)

func TestScopeOfReadsOrganizationsTaggedAcrossTargets(t *testing.T) {
	d, _ := fixture()
	d.Organizations = append(d.Organizations, &spec.Organization{Name: "Beta"})
	d.Assets[0].Organization = "Beta"
	d.Assets[1].Traits.Get("Related").Tags()[0].Organization = "Beta"
	got := ScopeOf(d, []string{"Acme"}).Organizations
	if diff := cmp.Diff(Names{Names: []string{"Acme", "Beta"}}, got); diff != "" {
		t.Errorf("organizations read (-want +got):\n%s", diff)
	}
}

func TestScopeOf(t *testing.T) {
	d, _ := fixture()
	d.Organizations[0].Previously = []string{"Acme Old"}
	d.Organizations = append(d.Organizations, &spec.Organization{Name: "Beta", ID: ptr(int64(77))})
	d.Config.Manage.Organizations = spec.Scope{Names: []string{"Acme", "Beta", "Gamma"}}
	tests := []struct {
		name    string
		targets []string
		all     bool
		want    Scope
	}{
		{name: "everything declared and managed", want: Scope{
			Organizations: Names{Names: []string{"Acme", "Acme Old", "Beta", "Gamma"}, IDs: []int64{77}},
			AssetTypes:    Names{Names: []string{"Server", "Service"}},
			TagTargets:    map[string]Names{"Configurations": {Names: []string{"Acme", "Acme Old"}}}}},
		{name: "an organization target narrows organizations", targets: []string{"Beta"}, want: Scope{
			Organizations: Names{Names: []string{"Beta"}, IDs: []int64{77}},
			AssetTypes:    Names{Names: []string{"Server", "Service"}},
			TagTargets:    map[string]Names{}}},
		{name: "a type target narrows types", targets: []string{"Server"}, want: Scope{
			Organizations: Names{Names: []string{"Acme", "Acme Old", "Beta", "Gamma"}, IDs: []int64{77}},
			AssetTypes:    Names{Names: []string{"Server"}},
			TagTargets:    map[string]Names{}}},
		{name: "manage all", all: true, want: Scope{
			Organizations: Names{All: true, Names: []string{"Acme", "Acme Old", "Beta"}, IDs: []int64{77}},
			AssetTypes:    Names{All: true, Names: []string{"Server", "Service"}},
			TagTargets:    map[string]Names{"Configurations": {Names: []string{"Acme", "Acme Old"}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := *d
			if tt.all {
				d.Config.Manage = spec.ManageScope{Organizations: spec.Scope{All: true}, AssetTypes: spec.Scope{All: true}}
			}
			if diff := cmp.Diff(tt.want, ScopeOf(&d, tt.targets)); diff != "" {
				t.Errorf("ScopeOf (-want +got):\n%s", diff)
			}
		})
	}
}

// fakeAPI serves a Live snapshot and records the asset lists asked for.
type fakeAPI struct {
	l       *Live
	failOn  string
	mu      sync.Mutex // ReadLive calls concurrently
	assetsQ []string
	tagsQ   []string
}

func (f *fakeAPI) record(q *[]string, s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	*q = append(*q, s)
}

func (f *fakeAPI) fail(what string) error {
	if f.failOn == what {
		return errors.New("boom")
	}
	return nil
}

func (f *fakeAPI) OrganizationTypes(context.Context) ([]client.NamedRecord, error) {
	return f.l.OrganizationTypes, f.fail("types")
}

func (f *fakeAPI) OrganizationStatuses(context.Context) ([]client.NamedRecord, error) {
	return f.l.OrganizationStatuses, f.fail("statuses")
}

func (f *fakeAPI) Organizations(context.Context) ([]client.Organization, error) {
	return f.l.Organizations, f.fail("organizations")
}

func (f *fakeAPI) AssetTypes(context.Context) ([]client.FlexibleAssetType, error) {
	return f.l.AssetTypes, f.fail("asset types")
}

func (f *fakeAPI) Assets(_ context.Context, typeID, orgID int64) ([]client.FlexibleAsset, error) {
	f.record(&f.assetsQ, fmt.Sprintf("%d %d", typeID, orgID))
	var out []client.FlexibleAsset
	for _, a := range f.l.Assets[typeID] {
		if orgID == 0 || a.OrganizationID == orgID {
			out = append(out, a)
		}
	}
	return out, f.fail("assets")
}

func (f *fakeAPI) TagTargets(_ context.Context, kind string, orgID int64) ([]client.TagTarget, error) {
	f.record(&f.tagsQ, fmt.Sprintf("%s %d", kind, orgID))
	if orgID != 0 {
		return f.l.TagTargets[kind][orgID], f.fail("tags")
	}
	var all []client.TagTarget
	for _, ts := range f.l.TagTargets[kind] {
		all = append(all, ts...)
	}
	return all, f.fail("tags")
}

func TestReadLiveThenComputeMatchesHandBuiltSnapshot(t *testing.T) {
	d, l := fixture()
	api := &fakeAPI{l: l}
	got, err := ReadLive(context.Background(), api, ScopeOf(d, nil))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(api.assetsQ)
	// Acme is one of two organizations: one unfiltered list per type.
	if diff := cmp.Diff([]string{"100 0", "200 0"}, api.assetsQ); diff != "" {
		t.Errorf("asset lists (type org) (-want +got):\n%s", diff)
	}
	if p := compute(t, d, got, opts()); p.HasChanges() || p.HasErrors() {
		t.Errorf("plan from the read snapshot: %v %+v; want nothing to do", changeIDs(p), p.Diagnostics)
	}
}

func TestReadLiveReportsWhatFailed(t *testing.T) {
	for what, want := range map[string]string{"types": "organization types: boom", "organizations": "organizations: boom",
		"assets": `flexible assets of type "`, "tags": `configurations: boom`} {
		d, l := fixture()
		_, err := ReadLive(context.Background(), &fakeAPI{l: l, failOn: what}, ScopeOf(d, nil))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "boom") {
			t.Errorf("failing %s: err = %v; want it to say %q", what, err, want)
		}
	}
}

func TestReadLiveListsTagTargetsOnceForManyOrganizations(t *testing.T) {
	d, l := largeAccount(20, 2, 40)
	api := &fakeAPI{l: l}
	got, err := ReadLive(context.Background(), api, ScopeOf(d, nil))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Configurations 0"}, api.tagsQ); diff != "" {
		t.Errorf("tag target lists (-want +got):\n%s", diff)
	}
	if n := len(got.TagTargets["Configurations"]); n != 20 {
		t.Errorf("configurations read for %d organizations; want 20", n)
	}
	if p := compute(t, d, got, Options{}); p.HasErrors() || p.Count().Update != 4 {
		t.Errorf("plan: %+v, %v; want the 4 drifted assets updated", p.Diagnostics, changeIDs(p))
	}
}
