package apply

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestApplyUpdatesAssetsInBulk: ready asset updates share a bulk PATCH;
// when the API refuses it, every update is retried alone so the bad one
// fails and the others are applied; an update that depends on a create
// waits for it, and is skipped when the create fails.
func TestApplyUpdatesAssetsInBulk(t *testing.T) {
	const bulk, single = "PATCH /flexible_assets", "PATCH /flexible_assets/:id"
	for _, tc := range []struct {
		name       string
		bad        int  // update refused by the API (-1: none)
		withCreate bool // page 1 depends on a create placed before it
		badCreate  bool // that create is refused
		want       map[string]int64
		wantStatus map[string]Status
	}{
		{name: "all valid", bad: -1, want: map[string]int64{bulk: 1},
			wantStatus: map[string]Status{"Page 0": Applied, "Page 1": Applied, "Page 2": Applied, "Page 3": Applied}},
		{name: "one refused", bad: 2, want: map[string]int64{bulk: 1, single: 4},
			wantStatus: map[string]Status{"Page 0": Applied, "Page 1": Applied, "Page 2": Failed, "Page 3": Applied}},
		{name: "one waits for a create", bad: -1, withCreate: true, want: map[string]int64{bulk: 1, single: 1},
			wantStatus: map[string]Status{"Page 0": Applied, "New": Applied, "Page 1": Applied, "Page 2": Applied, "Page 3": Applied}},
		{name: "its create fails", bad: -1, withCreate: true, badCreate: true, want: map[string]int64{bulk: 1},
			wantStatus: map[string]Status{"Page 0": Applied, "New": Failed, "Page 1": Skipped, "Page 2": Applied, "Page 3": Applied}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			c, _ := start(t)
			acme, wiki := liveOrg(t, c, "Acme"), liveType(t, c, "Wiki")
			pages := wikiPages(t, c, acme, wiki, "Page", 4)
			p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: noOps(acme, wiki)}
			for i, a := range pages {
				ch := wikiUpdate("Acme", a, "new")
				if i == tc.bad {
					ch.Write.Traits["no-such-field"] = raw(`"x"`)
				}
				if tc.withCreate && i == 1 {
					var extra map[string]json.RawMessage
					if tc.badCreate {
						extra = map[string]json.RawMessage{"no-such-field": raw(`"x"`)}
					}
					create := wikiCreate("Acme", "New", extra)
					p.Changes = append(p.Changes, create)
					ch.DependsOn = []string{create.ID}
				}
				p.Changes = append(p.Changes, ch)
			}
			c.ResetStats()
			rep, err := Apply(ctx, ClientAPI(c), p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]Status{}
			var order []string
			for _, r := range rep.Results {
				name := r.ID[strings.LastIndex(r.ID, "/")+1:]
				got[name] = r.Status
				order = append(order, r.ID)
				if r.Status == Failed && !strings.Contains(r.Message, "no-such-field") {
					t.Errorf("%s failed with %q; want the API's reason", r.ID, r.Message)
				}
			}
			if diff := cmp.Diff(tc.wantStatus, got); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
			var planned []string
			for _, ch := range p.Changes {
				if ch.Action != plan.NoOp {
					planned = append(planned, ch.ID)
				}
			}
			if diff := cmp.Diff(planned, order); diff != "" {
				t.Errorf("report order (-plan +report):\n%s", diff)
			}
			patches := map[string]int64{}
			for ep, s := range c.Stats().Endpoints {
				if strings.HasPrefix(ep, "PATCH ") {
					patches[ep] = s.Requests
				}
			}
			if diff := cmp.Diff(tc.want, patches); diff != "" {
				t.Errorf("PATCH requests (-want +got):\n%s", diff)
			}
			live := bodies(t, c, wiki.ID)
			for name, s := range got {
				if !strings.HasPrefix(name, "Page") {
					continue
				}
				if want := map[bool]string{true: "new", false: "old"}[s == Applied]; live[name] != want {
					t.Errorf("%s (%s): body %q; want %q", name, s, live[name], want)
				}
			}
		})
	}
}

// TestUpdatesInProductionChunks applies 1,001 asset updates through a
// hand-written API with Apply's own chunk size: they go out in
// ceil(1001/500) = 3 bulk PATCHes of at most updateChunk (500) writes,
// each update in exactly one of them with its id, and all are applied.
func TestUpdatesInProductionChunks(t *testing.T) {
	const n = 1001
	f := newFake()
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: noOps(fakeAcme, fakeWiki)}
	for i := range n {
		p.Changes = append(p.Changes, wikiUpdate("Acme", f.addPage(int64(1000+i), fmt.Sprintf("Page %d", i)), "new"))
	}
	var mu sync.Mutex
	var sizes []int
	sent := map[int64]int{}
	f.updateAssets = func(ws []client.FlexibleAssetWrite) error {
		mu.Lock()
		defer mu.Unlock()
		sizes = append(sizes, len(ws))
		for _, w := range ws {
			sent[w.ID]++
		}
		return nil
	}
	rep, err := Apply(context.Background(), f, p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(sizes)
	if want := []int{1, 500, 500}; !cmp.Equal(sizes, want) {
		t.Errorf("bulk PATCHes of %v writes; want %v (%d each)", sizes, want, updateChunk)
	}
	for id := range f.assets {
		if sent[id] != 1 {
			t.Errorf("asset %d sent in %d bulk PATCHes; want 1", id, sent[id])
		}
	}
	if c := rep.Counts(); c.Applied != n {
		t.Errorf("report %s; want %d applied", c, n)
	}
}
