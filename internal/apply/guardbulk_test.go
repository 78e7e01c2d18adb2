package apply

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestApplyChecksGuardsInBulk: the objects to update are re-read with one
// list, not one GET each; one edited and one deleted after the plan are
// still refused as stale, and the others applied.
func TestApplyChecksGuardsInBulk(t *testing.T) {
	for _, tc := range []struct {
		name             string
		edit, remove     int // page edited / deleted by hand after the plan (-1: none)
		wantGets         int64
		wantStale        map[string]string
		wantAppliedCount int
	}{
		{"as planned", -1, -1, 1, map[string]string{}, 20},
		{"one edited, one deleted", 3, 7, 1 + 1, map[string]string{
			"flexible-asset/Acme/Wiki/Page 3": "changed since the plan was made",
			"flexible-asset/Acme/Wiki/Page 7": "no longer exists",
		}, 18},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			c, _ := start(t)
			acme, wiki := liveOrg(t, c, "Acme"), liveType(t, c, "Wiki")
			pages := wikiPages(t, c, acme, wiki, "Page", 20)
			p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: noOps(acme, wiki)}
			for _, a := range pages {
				p.Changes = append(p.Changes, wikiUpdate("Acme", a, "new"))
			}
			time.Sleep(10 * time.Millisecond)
			if tc.edit >= 0 {
				w := wikiUpdate("Acme", pages[tc.edit], "by hand")
				if _, err := c.FlexibleAssets.Update(ctx, pages[tc.edit].ID, writeOf(t, c, &w)); err != nil {
					t.Fatal(err)
				}
			}
			if tc.remove >= 0 {
				if err := c.FlexibleAssets.Delete(ctx, pages[tc.remove].ID); err != nil {
					t.Fatal(err)
				}
			}
			c.ResetStats()
			rep, err := Apply(ctx, ClientAPI(c), p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			stale := map[string]string{}
			for _, r := range rep.Results {
				if r.Status == Stale {
					stale[r.ID] = r.Message
				}
			}
			for id, msg := range stale {
				if w, ok := tc.wantStale[id]; ok && strings.Contains(msg, w) {
					stale[id] = w
				}
			}
			if diff := cmp.Diff(tc.wantStale, stale); diff != "" {
				t.Errorf("stale changes (-want +got):\n%s", diff)
			}
			if got := rep.Counts().Applied; got != tc.wantAppliedCount {
				t.Errorf("%d applied; want %d (%s)", got, tc.wantAppliedCount, rep.Counts())
			}
			// +1: the client's one read of archived assets (refused by the sandbox).
			if got := requests(c, "GET"); got != tc.wantGets+1 {
				t.Errorf("%d GET requests to check guards; want %d (one list, plus one GET per object missing from it, plus the archived probe)", got, tc.wantGets+1)
			}
			if tc.edit >= 0 {
				if got := bodies(t, c, wiki.ID)[fmt.Sprintf("Page %d", tc.edit)]; got != "by hand" {
					t.Errorf("the edited page's body = %q; want the hand edit kept", got)
				}
			}
		})
	}
}
