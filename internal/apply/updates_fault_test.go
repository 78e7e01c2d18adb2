package apply

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

// pagesSeed is testSeed plus n Wiki pages "Page 0".. in Acme.
func pagesSeed(n int) string {
	var b strings.Builder
	b.WriteString(testSeed)
	for i := range n {
		fmt.Fprintf(&b, "  - {organization: Acme, type: Wiki, traits: {Title: Page %d, Body: old}}\n", i)
	}
	return b.String()
}

// pagesPlan plans setting the body of every page to "new".
func pagesPlan(t *testing.T, c *client.Client) *plan.Plan {
	t.Helper()
	acme, wiki := liveOrg(t, c, "Acme"), liveType(t, c, "Wiki")
	as, err := c.FlexibleAssets.List(context.Background(), wiki.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := &plan.Plan{FormatVersion: plan.FormatVersion, Changes: noOps(acme, wiki)}
	for _, a := range as {
		if strings.HasPrefix(string(a.Traits.Value("title")), `"Page`) {
			p.Changes = append(p.Changes, wikiUpdate("Acme", a, "new"))
		}
	}
	return p
}

// TestApplyBulkUpdatesUnderFaults: with 5xx answers and dropped
// connections (half of them after the write was made), every update
// reported applied holds its new value, and retries get them all through.
func TestApplyBulkUpdatesUnderFaults(t *testing.T) {
	sb := sandboxtest.Start(t, func(o *sandbox.Options) {
		o.Faults = sandbox.Faults{Seed: 1, ServerErrorRate: 0.3, DropRate: 0.1}
	})
	sb.Seed(t, pagesSeed(30))
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0),
		client.WithBackoff(time.Millisecond, 5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	p := pagesPlan(t, c)
	rep, err := Apply(context.Background(), ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	live := bodies(t, c, liveType(t, c, "Wiki").ID)
	for _, r := range rep.Results {
		name := r.ID[strings.LastIndex(r.ID, "/")+1:]
		if r.Status == Applied && live[name] != "new" {
			t.Errorf("%s reported applied, but its body is %q", name, live[name])
		}
	}
	if c := rep.Counts(); c.Applied != 30 {
		t.Errorf("%s; want all 30 applied through the retries", c)
	}
	if s := c.Stats(); s.Retries == 0 {
		t.Errorf("no request was retried: the test proves nothing (raise the fault rates or change Seed)")
	}
}

// TestApplyBulkUpdatesStopRetryingASickAPI: when every PATCH fails with
// 503, the failed bulk request is retried alone for a few updates only;
// the rest are reported failed with the reason, nothing is applied.
func TestApplyBulkUpdatesStopRetryingASickAPI(t *testing.T) {
	sb := sandboxtest.Start(t)
	sb.Seed(t, pagesSeed(10))
	sick := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPatch {
			w.Header().Set("Content-Type", "application/vnd.api+json")
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprint(w, `{"errors":[{"status":"503","title":"Service Unavailable"}]}`)
			return
		}
		sb.Server.ServeHTTP(w, r)
	}))
	t.Cleanup(sick.Close)
	c, err := client.New(client.Config{BaseURL: sick.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0), client.WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	p := pagesPlan(t, c)
	c.ResetStats()
	rep, err := Apply(context.Background(), ClientAPI(c), p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Counts(); got != (Counts{Failed: 10}) {
		t.Errorf("counts = %s; want 10 failed", got)
	}
	notRetried := 0
	for _, r := range rep.Results {
		if !strings.Contains(r.Message, "503") {
			t.Errorf("%s: message %q does not give the API's answer", r.ID, r.Message)
		}
		if strings.Contains(r.Message, "not retried alone") {
			notRetried++
		}
	}
	if want := 10 - maxSickSingles; notRetried != want {
		t.Errorf("%d updates not retried alone; want %d", notRetried, want)
	}
	if got := requests(c, "PATCH"); got != 1+maxSickSingles {
		t.Errorf("%d PATCH requests; want %d (the bulk one, then %d alone)", got, 1+maxSickSingles, maxSickSingles)
	}
}
