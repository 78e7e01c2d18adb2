package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// pageCreate plans creating a Wiki page titled title in org.
func pageCreate(org client.Organization, wiki client.FlexibleAssetType, title string) plan.Change {
	return plan.Change{ID: "flexible-asset/" + org.Name + "/Wiki/" + title, Action: plan.Create, Kind: plan.KindAsset, Organization: org.Name,
		AssetType: "Wiki", Name: title, Write: &plan.Write{SendTraits: true,
			Refs:   map[string]plan.Ref{"organization-id": {ID: org.ID}, "flexible-asset-type-id": {ID: wiki.ID}},
			Traits: map[string]json.RawMessage{"title": raw(fmt.Sprintf("%q", title)), "body": raw(`"new"`)}}}
}

// titles counts the live Wiki pages by title.
func titles(t *testing.T, c *client.Client, wiki client.FlexibleAssetType) map[string]int {
	t.Helper()
	as, err := c.FlexibleAssets.List(context.Background(), wiki.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, a := range as {
		out[a.Name]++
	}
	return out
}

// TestCreateRecheckRefusesWhatAppeared: an asset created by someone else
// between the plan and the apply (another apply running at the same
// time) is not created again, alone or in a batch; an asset of the same
// name that the plan saw (and created beside, on purpose) does not count.
func TestCreateRecheckRefusesWhatAppeared(t *testing.T) {
	c, _ := start(t)
	ctx := context.Background()
	acme, wiki := liveOrg(t, c, "Acme"), liveType(t, c, "Wiki")
	known := wikiPages(t, c, acme, wiki, "Known", 1)[0] // in the account at plan time
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: noOps(acme, wiki),
		Unmanaged: []plan.Unmanaged{{Kind: plan.KindAsset, Address: "Acme/Wiki/Known 0", LiveID: known.ID}}}
	name := "Beta"
	beta, err := c.Organizations.Create(ctx, client.OrganizationWrite{Name: &name})
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Batch A", "Batch B", "Known 0"} {
		p.Changes = append(p.Changes, pageCreate(acme, wiki, title))
	}
	p.Changes = append(p.Changes, pageCreate(beta, wiki, "Alone")) // alone in its organization: sent on its own
	// After the plan, another apply creates two of them.
	for _, at := range []struct {
		org   client.Organization
		title string
	}{{beta, "Alone"}, {acme, "Batch A"}} {
		if _, err := c.FlexibleAssets.CreateInOrganization(ctx, at.org.ID, []client.FlexibleAssetWrite{{FlexibleAssetTypeID: wiki.ID,
			Traits: map[string]any{"title": at.title, "body": "theirs"}}}); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := Apply(ctx, ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := statuses(rep)
	want := map[string]Status{"flexible-asset/Beta/Wiki/Alone": Stale, "flexible-asset/Acme/Wiki/Batch A": Stale,
		"flexible-asset/Acme/Wiki/Batch B": Applied, "flexible-asset/Acme/Wiki/Known 0": Applied}
	for id, s := range want {
		if got[id] != s {
			t.Errorf("%s: %s; want %s", id, got[id], s)
		}
	}
	for _, res := range rep.Results {
		if res.Status == Stale && !strings.Contains(res.Message, "appeared since the plan") {
			t.Errorf("%s: message %q does not say it appeared since the plan", res.ID, res.Message)
		}
	}
	if n := titles(t, c, wiki); n["Alone"] != 1 || n["Batch A"] != 1 || n["Batch B"] != 1 || n["Known 0"] != 2 {
		t.Errorf("pages by title: %v; want one Alone, Batch A and Batch B, two Known 0", n)
	}
}

// TestLostCreateAnswerIsSettled: a create whose request is cut off by an
// interrupt after the API made the asset is re-listed and reported
// applied with the asset's id, not "failed (outcome unknown)"; one that
// never reached the API is reported not created.
func TestLostCreateAnswerIsSettled(t *testing.T) {
	for _, tc := range []struct {
		kind   plan.Kind
		landed bool
	}{{plan.KindAsset, true}, {plan.KindAsset, false}, {plan.KindOrganization, true}, {plan.KindOrganization, false}} {
		landed := tc.landed
		t.Run(fmt.Sprintf("%s landed=%v", tc.kind, landed), func(t *testing.T) {
			srv, err := sandbox.New(sandbox.Options{APIKey: "ITG.settle", RateLimit: -1})
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.LoadSeed(strings.NewReader(testSeed)); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var posts atomic.Int64
			hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPost && posts.Add(1) == 1 {
					if landed {
						srv.ServeHTTP(httptest.NewRecorder(), r) // the asset is made...
					} else {
						_, _ = io.Copy(io.Discard, r.Body) // (read, so the server sees the client hang up)
					}
					cancel() // ...and the user presses Ctrl-C before the answer comes
					<-r.Context().Done()
					return
				}
				srv.ServeHTTP(w, r)
			}))
			t.Cleanup(hs.Close)
			c, err := client.New(client.Config{BaseURL: hs.URL, APIKey: "ITG.settle"}, client.WithRateLimit(0, 0, 0))
			if err != nil {
				t.Fatal(err)
			}
			acme, wiki := liveOrg(t, c, "Acme"), liveType(t, c, "Wiki")
			ch := pageCreate(acme, wiki, "Cut Off")
			count := func() int { return titles(t, c, wiki)["Cut Off"] }
			if tc.kind == plan.KindOrganization {
				ch = plan.Change{ID: "organization/Cut Off", Action: plan.Create, Kind: plan.KindOrganization, Name: "Cut Off",
					Write: &plan.Write{Attributes: map[string]json.RawMessage{"name": raw(`"Cut Off"`)}}}
				count = func() int {
					orgs, err := c.Organizations.List(context.Background(), &client.OrganizationListOptions{Names: []string{"Cut Off"}})
					if err != nil {
						t.Fatal(err)
					}
					return len(orgs)
				}
			}
			p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: append(noOps(acme, wiki), ch)}
			rep, err := Apply(ctx, ClientAPI(c), p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			res := rep.Results[0]
			n := count()
			switch {
			case landed && (res.Status != Applied || res.LiveID == 0 || n != 1):
				t.Errorf("landed create: %s (id %d, %q), %d live; want applied with its id", res.Status, res.LiveID, res.Message, n)
			case !landed && (res.Status != Failed || !strings.Contains(res.Message, "not created") || n != 0):
				t.Errorf("lost create: %s (%q), %d live; want failed, not created", res.Status, res.Message, n)
			}
		})
	}
}
