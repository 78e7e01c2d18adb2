package apply

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// fakeAPI is a hand-written API holding one organization (Acme, id 1),
// one type (Wiki, id 2) and its assets, whose asset writes a test scripts.
// Every call is counted by method; a call the test did not expect fails.
type fakeAPI struct {
	mu     sync.Mutex
	calls  map[string]int
	assets map[int64]client.FlexibleAsset

	createAssets func(ws []client.FlexibleAssetWrite) ([]client.FlexibleAsset, error)
	updateAssets func(ws []client.FlexibleAssetWrite) error
	updateAsset  func(id int64, w client.FlexibleAssetWrite) (client.FlexibleAsset, error)
	deleteAssets func(ids []int64) error
	deleteAsset  func(id int64) error
}

var (
	fakeAcme = client.Organization{ID: 1, Name: "Acme"}
	fakeWiki = client.FlexibleAssetType{ID: 2, Name: "Wiki", Enabled: true}
)

func newFake() *fakeAPI {
	return &fakeAPI{calls: map[string]int{}, assets: map[int64]client.FlexibleAsset{}}
}

func (f *fakeAPI) count(method string) {
	f.mu.Lock()
	f.calls[method]++
	f.mu.Unlock()
}

func (f *fakeAPI) unexpected(method string) error {
	f.count(method)
	return fmt.Errorf("fake: unexpected call to %s", method)
}

func (f *fakeAPI) Organization(_ context.Context, id int64) (client.Organization, error) {
	f.count("Organization")
	if id == fakeAcme.ID {
		return fakeAcme, nil
	}
	return client.Organization{}, client.ErrNotFound
}

func (f *fakeAPI) AssetType(_ context.Context, id int64) (client.FlexibleAssetType, error) {
	f.count("AssetType")
	if id == fakeWiki.ID {
		return fakeWiki, nil
	}
	return client.FlexibleAssetType{}, client.ErrNotFound
}

func (f *fakeAPI) Field(context.Context, int64) (client.FlexibleAssetField, error) {
	return client.FlexibleAssetField{}, f.unexpected("Field")
}

func (f *fakeAPI) Asset(_ context.Context, id int64) (client.FlexibleAsset, error) {
	f.count("Asset")
	f.mu.Lock()
	defer f.mu.Unlock()
	if a, ok := f.assets[id]; ok {
		return a, nil
	}
	return client.FlexibleAsset{}, client.ErrNotFound
}

func (f *fakeAPI) Organizations(context.Context, []string) ([]client.Organization, error) {
	f.count("Organizations")
	return []client.Organization{fakeAcme}, nil
}

func (f *fakeAPI) AssetTypes(context.Context, []string) ([]client.FlexibleAssetType, error) {
	f.count("AssetTypes")
	return []client.FlexibleAssetType{fakeWiki}, nil
}

func (f *fakeAPI) Assets(_ context.Context, typeID, orgID int64) ([]client.FlexibleAsset, error) {
	f.count("Assets")
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []client.FlexibleAsset
	for _, a := range f.assets {
		if a.FlexibleAssetTypeID == typeID && (orgID == 0 || a.OrganizationID == orgID) {
			out = append(out, a)
		}
	}
	return out, nil
}

func (f *fakeAPI) CreateOrganization(context.Context, client.OrganizationWrite) (client.Organization, error) {
	return client.Organization{}, f.unexpected("CreateOrganization")
}

func (f *fakeAPI) UpdateOrganization(context.Context, int64, client.OrganizationWrite) (client.Organization, error) {
	return client.Organization{}, f.unexpected("UpdateOrganization")
}

func (f *fakeAPI) DeleteOrganization(context.Context, int64) error {
	return f.unexpected("DeleteOrganization")
}

func (f *fakeAPI) CreateAssetType(context.Context, client.FlexibleAssetTypeWrite) (client.FlexibleAssetType, error) {
	return client.FlexibleAssetType{}, f.unexpected("CreateAssetType")
}

func (f *fakeAPI) UpdateAssetType(context.Context, int64, client.FlexibleAssetTypeWrite) (client.FlexibleAssetType, error) {
	return client.FlexibleAssetType{}, f.unexpected("UpdateAssetType")
}

func (f *fakeAPI) Fields(context.Context, int64) ([]client.FlexibleAssetField, error) {
	return nil, f.unexpected("Fields")
}

func (f *fakeAPI) CreateFields(context.Context, int64, []client.FlexibleAssetFieldWrite) ([]client.FlexibleAssetField, error) {
	return nil, f.unexpected("CreateFields")
}

func (f *fakeAPI) UpdateField(context.Context, int64, client.FlexibleAssetFieldWrite) (client.FlexibleAssetField, error) {
	return client.FlexibleAssetField{}, f.unexpected("UpdateField")
}

func (f *fakeAPI) UpdateFields(context.Context, []client.FlexibleAssetFieldWrite) error {
	return f.unexpected("UpdateFields")
}

func (f *fakeAPI) ReorderFields(context.Context, int64, []client.FieldOrder) error {
	return f.unexpected("ReorderFields")
}

func (f *fakeAPI) DeleteField(context.Context, int64) error { return f.unexpected("DeleteField") }

func (f *fakeAPI) CreateAssets(_ context.Context, orgID int64, ws []client.FlexibleAssetWrite, match client.AssetMatch) ([]client.FlexibleAsset, error) {
	if f.createAssets == nil || orgID != fakeAcme.ID || match == nil {
		return nil, f.unexpected("CreateAssets")
	}
	f.count("CreateAssets")
	return f.createAssets(ws)
}

func (f *fakeAPI) UpdateAsset(_ context.Context, id int64, w client.FlexibleAssetWrite) (client.FlexibleAsset, error) {
	if f.updateAsset == nil {
		return client.FlexibleAsset{}, f.unexpected("UpdateAsset")
	}
	f.count("UpdateAsset")
	return f.updateAsset(id, w)
}

func (f *fakeAPI) UpdateAssets(_ context.Context, ws []client.FlexibleAssetWrite) error {
	if f.updateAssets == nil {
		return f.unexpected("UpdateAssets")
	}
	f.count("UpdateAssets")
	return f.updateAssets(ws)
}

func (f *fakeAPI) UpdateOrganizations(context.Context, []client.OrganizationWrite) error {
	return f.unexpected("UpdateOrganizations")
}

func (f *fakeAPI) DeleteOrganizations(context.Context, []int64) error {
	return f.unexpected("DeleteOrganizations")
}

func (f *fakeAPI) DeleteAsset(_ context.Context, id int64) error {
	if f.deleteAsset == nil {
		return f.unexpected("DeleteAsset")
	}
	f.count("DeleteAsset")
	return f.deleteAsset(id)
}

func (f *fakeAPI) DeleteAssets(_ context.Context, ids []int64) error {
	if f.deleteAssets == nil {
		return f.unexpected("DeleteAssets")
	}
	f.count("DeleteAssets")
	return f.deleteAssets(ids)
}

func (f *fakeAPI) PasswordSecret(context.Context, int64) (string, error) {
	return "", f.unexpected("PasswordSecret")
}

// addPage puts a Wiki page of Acme in the fake and returns it.
func (f *fakeAPI) addPage(id int64, title string) client.FlexibleAsset {
	a := client.FlexibleAsset{ID: id, OrganizationID: fakeAcme.ID, FlexibleAssetTypeID: fakeWiki.ID, Name: title,
		Traits: client.TraitsOf(map[string]json.RawMessage{"title": json.RawMessage(fmt.Sprintf("%q", title)), "body": json.RawMessage(`"old"`)})}
	f.assets[id] = a
	return a
}

// refused is the API's 422 answer to a write.
func refused(why string) error {
	return &client.APIError{Method: "PATCH", Path: "/flexible_assets", StatusCode: 422,
		Errors: []client.ErrorObject{{Detail: why}}}
}

// ambiguous is the client's verdict on a write whose outcome is unknown.
func ambiguous(method string) error {
	return &client.AmbiguousWriteError{Method: method, Path: "/flexible_assets", Err: errors.New("connection reset by peer")}
}

// TestApplyWithFakeAPI stages, through a hand-written API, the write
// failures a sandbox can only approximate: an ambiguous bulk create (the
// POST may have created the assets, so nothing is sent again), a bulk
// create that stops part-way (the created assets are reported applied,
// with their ids), a bulk update the API refuses for one bad item (the
// others are applied one by one), and an ambiguous bulk update (PATCH is
// idempotent: each is sent again alone).
func TestApplyWithFakeAPI(t *testing.T) {
	pages := []string{"Page 1", "Page 2", "Page 3"}
	creates := func(f *fakeAPI) *plan.Plan {
		p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: noOps(fakeAcme, fakeWiki)}
		for _, title := range pages {
			p.Changes = append(p.Changes, wikiCreate("Acme", title, nil))
		}
		return p
	}
	updates := func(f *fakeAPI) *plan.Plan {
		p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: noOps(fakeAcme, fakeWiki)}
		for i, title := range pages {
			p.Changes = append(p.Changes, wikiUpdate("Acme", f.addPage(int64(101+i), title), "new"))
		}
		return p
	}
	deletes := func(f *fakeAPI) *plan.Plan {
		p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: noOps(fakeAcme, fakeWiki)}
		for i, title := range pages {
			p.Changes = append(p.Changes, wikiDelete("Acme", f.addPage(int64(101+i), title)))
		}
		return p
	}
	for _, tc := range []struct {
		name     string
		plan     func(*fakeAPI) *plan.Plan
		script   func(*fakeAPI)
		want     map[string]Status
		wantMsg  map[string]string // change id -> part of its message
		wantIDs  map[string]int64  // change id -> reported live id
		wantCall map[string]int    // write method -> calls
	}{
		{
			name: "ambiguous bulk create", plan: creates,
			script: func(f *fakeAPI) {
				f.createAssets = func([]client.FlexibleAssetWrite) ([]client.FlexibleAsset, error) { return nil, ambiguous("POST") }
			},
			want:     map[string]Status{"Page 1": Failed, "Page 2": Failed, "Page 3": Failed},
			wantMsg:  map[string]string{"Page 1": "outcome unknown", "Page 3": "outcome unknown"},
			wantCall: map[string]int{"CreateAssets": 1},
		},
		{
			name: "bulk create stopped part-way", plan: creates,
			script: func(f *fakeAPI) {
				f.createAssets = func(ws []client.FlexibleAssetWrite) ([]client.FlexibleAsset, error) {
					got := make([]client.FlexibleAsset, len(ws))
					got[0] = client.FlexibleAsset{ID: 11, Name: "Page 1"}
					return got, &client.PartialCreateError{Created: 1, Total: len(ws), Err: refused("title is too long")}
				}
			},
			want:     map[string]Status{"Page 1": Applied, "Page 2": Failed, "Page 3": Failed},
			wantMsg:  map[string]string{"Page 2": "not created", "Page 3": "title is too long"},
			wantIDs:  map[string]int64{"Page 1": 11},
			wantCall: map[string]int{"CreateAssets": 1},
		},
		{
			name: "bulk update refused for one item", plan: updates,
			script: func(f *fakeAPI) {
				f.updateAssets = func([]client.FlexibleAssetWrite) error { return refused("body is invalid") }
				f.updateAsset = func(id int64, _ client.FlexibleAssetWrite) (client.FlexibleAsset, error) {
					if id == 102 {
						return client.FlexibleAsset{}, refused("body is invalid")
					}
					return client.FlexibleAsset{ID: id}, nil
				}
			},
			want:     map[string]Status{"Page 1": Applied, "Page 2": Failed, "Page 3": Applied},
			wantMsg:  map[string]string{"Page 2": "body is invalid"},
			wantIDs:  map[string]int64{"Page 1": 101, "Page 3": 103},
			wantCall: map[string]int{"UpdateAssets": 1, "UpdateAsset": 3},
		},
		{
			name: "ambiguous bulk update", plan: updates,
			script: func(f *fakeAPI) {
				f.updateAssets = func([]client.FlexibleAssetWrite) error { return ambiguous("PATCH") }
				f.updateAsset = func(id int64, _ client.FlexibleAssetWrite) (client.FlexibleAsset, error) {
					return client.FlexibleAsset{ID: id}, nil
				}
			},
			want:     map[string]Status{"Page 1": Applied, "Page 2": Applied, "Page 3": Applied},
			wantCall: map[string]int{"UpdateAssets": 1, "UpdateAsset": 3},
		},
		{
			name: "bulk delete", plan: deletes,
			script: func(f *fakeAPI) {
				f.deleteAssets = func(ids []int64) error {
					if len(ids) != 3 {
						return fmt.Errorf("fake: %d ids in one bulk delete; want 3", len(ids))
					}
					return nil
				}
			},
			want:     map[string]Status{"Page 1": Applied, "Page 2": Applied, "Page 3": Applied},
			wantIDs:  map[string]int64{"Page 1": 101, "Page 3": 103},
			wantCall: map[string]int{"DeleteAssets": 1},
		},
		{
			name: "bulk delete refused for one item", plan: deletes,
			script: func(f *fakeAPI) {
				f.deleteAssets = func([]int64) error { return refused("asset 102 is locked") }
				f.deleteAsset = func(id int64) error {
					if id == 102 {
						return refused("asset 102 is locked")
					}
					return nil
				}
			},
			want:     map[string]Status{"Page 1": Applied, "Page 2": Failed, "Page 3": Applied},
			wantMsg:  map[string]string{"Page 2": "asset 102 is locked"},
			wantCall: map[string]int{"DeleteAssets": 1, "DeleteAsset": 3},
		},
		{
			name: "ambiguous bulk delete that deleted some", plan: deletes,
			script: func(f *fakeAPI) {
				f.deleteAssets = func([]int64) error { return ambiguous("DELETE") }
				f.deleteAsset = func(id int64) error {
					if id == 101 { // the lost bulk request deleted it
						return &client.APIError{Method: "DELETE", Path: "/flexible_assets/101", StatusCode: 404}
					}
					return nil
				}
			},
			want:     map[string]Status{"Page 1": Applied, "Page 2": Applied, "Page 3": Applied},
			wantCall: map[string]int{"DeleteAssets": 1, "DeleteAsset": 3},
		},
		{
			name: "bulk delete that keeps failing", plan: deletes,
			script: func(f *fakeAPI) {
				f.deleteAssets = func([]int64) error { return errors.New("503 Service Unavailable") }
				f.deleteAsset = func(int64) error { return errors.New("503 Service Unavailable") }
			},
			want:     map[string]Status{"Page 1": Failed, "Page 2": Failed, "Page 3": Failed},
			wantMsg:  map[string]string{"Page 1": "503", "Page 3": "503"},
			wantCall: map[string]int{"DeleteAssets": 1, "DeleteAsset": 3},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			p := tc.plan(f)
			tc.script(f)
			rep, err := Apply(context.Background(), f, p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]Status{}
			for _, r := range rep.Results {
				title := r.ID[strings.LastIndex(r.ID, "/")+1:]
				got[title] = r.Status
				if w, ok := tc.wantMsg[title]; ok && !strings.Contains(r.Message, w) {
					t.Errorf("%s: message %q; want it to say %q", title, r.Message, w)
				}
				if w, ok := tc.wantIDs[title]; ok && r.LiveID != w {
					t.Errorf("%s: reported id %d; want %d", title, r.LiveID, w)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
			writes := map[string]int{}
			for m, n := range f.calls {
				if strings.HasPrefix(m, "Create") || strings.HasPrefix(m, "Update") || strings.HasPrefix(m, "Delete") {
					writes[m] = n
				}
			}
			if diff := cmp.Diff(tc.wantCall, writes); diff != "" {
				t.Errorf("writes sent (-want +got):\n%s", diff)
			}
		})
	}
}
