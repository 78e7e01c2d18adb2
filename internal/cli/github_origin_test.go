package cli

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
)

// hostRecorder is an IT Glue client's transport that records the host of
// every request and whether it carried the API key; it passes loopback
// requests on (the sandbox) and refuses the others.
type hostRecorder struct {
	mu      sync.Mutex
	hosts   []string
	keyed   []string // hosts sent the x-api-key header
	arrived chan string
}

func (h *hostRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	if !slices.Contains(h.hosts, r.URL.Host) {
		h.hosts = append(h.hosts, r.URL.Host)
	}
	if r.Header.Get("x-api-key") != "" && !slices.Contains(h.keyed, r.URL.Host) {
		h.keyed = append(h.keyed, r.URL.Host)
	}
	h.mu.Unlock()
	select {
	case h.arrived <- r.URL.Path:
	default:
	}
	if ip := net.ParseIP(r.URL.Hostname()); ip == nil || !ip.IsLoopback() {
		return nil, errors.New("no network in tests")
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (h *hostRecorder) seen() (hosts, keyed []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.hosts), slices.Clone(h.keyed)
}

// TestGitHubPlanKeepsTheKeyFromAPullRequestsOrigin: unless the environment
// pins the origin, github plan sends nothing (not even the early read) to
// an IT Glue origin the pull request's glue-sync.yaml names and the base
// branch's does not: the plan fails, on the comment, naming both origins.
// Pinned by ITGLUE_BASE_URL, the same pull request plans against the
// pinned account; a pull request that leaves glue-sync.yaml alone plans as
// before, reading while the repository loads.
func TestGitHubPlanKeepsTheKeyFromAPullRequestsOrigin(t *testing.T) {
	const evil = "glue-sync-pr.test"
	for _, tc := range []struct {
		name string
		// base and head are glue-sync.yaml's origin line at the base
		// commit and in the pull request ({sb}: the sandbox's URL).
		base, head string
		pin        bool // ITGLUE_BASE_URL names the sandbox
		shallow    bool // the base commit is not in the clone
		newDir     bool // the folder is new in the pull request
		wantFail   string
	}{
		{name: "baseURL changed", base: "baseURL: {sb}", head: "baseURL: https://" + evil, wantFail: "{sb} -&gt; https&#58;//" + evil},
		{name: "region changed", base: "baseURL: {sb}", head: "region: eu", wantFail: "{sb} -&gt; https&#58;//api.eu.itglue.com"},
		{name: "baseURL changed, pinned by ITGLUE_BASE_URL", base: "baseURL: {sb}", head: "baseURL: https://" + evil, pin: true},
		{name: "glue-sync.yaml unchanged", base: "baseURL: {sb}", head: "baseURL: {sb}"},
		{name: "base commit not fetched", base: "baseURL: {sb}", head: "baseURL: {sb}", shallow: true,
			wantFail: "https&#58;//api.itglue.com -&gt; {sb}"},
		{name: "folder new in the pull request", head: "baseURL: {sb}", newDir: true,
			wantFail: "https&#58;//api.itglue.com -&gt; {sb}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newGHHarness(t)
			sbURL := h.sb.URL
			esc := strings.ReplaceAll(sbURL, ":", "&#58;")
			if !tc.pin {
				delete(h.env, client.EnvBaseURL)
			}
			conf := func(origin string) string {
				return "version: 1\n" + strings.ReplaceAll(origin, "{sb}", sbURL) + "\nmanage:\n  organizations: [Contoso Ltd]\n"
			}
			if !tc.newDir {
				h.writeOneOrgRepo("small/repo")
				h.git.Write(map[string]string{"small/repo/glue-sync.yaml": conf(tc.base)})
			}
			base := h.git.Commit("base")
			if tc.newDir {
				h.writeOneOrgRepo("small/repo")
			}
			h.git.Write(map[string]string{"small/repo/glue-sync.yaml": conf(tc.head)})
			h.git.Edit("small/repo/orgs.yaml", contosoDesc, "description: Manufacturing client, 130 seats across two sites.")
			head := h.git.Commit("pr")
			if tc.shallow {
				if err := os.WriteFile(filepath.Join(h.git.Dir, ".git", "shallow"), []byte(head+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				base = strings.Repeat("ab", 20)
			}
			h.event(7, base, head)

			rec := &hostRecorder{arrived: make(chan string, 256)}
			t.Chdir(h.git.Dir)
			ios, _, _, errOut := TestStreams()
			var missing []string
			d := &deps{ctx: context.Background(), getenv: envOf(h.env), io: ios,
				clientOpts: []client.Option{client.WithHTTPClient(&http.Client{Transport: rec}), client.WithRateLimit(0, 0, 0),
					client.WithBackoff(time.Millisecond, time.Millisecond), client.WithMaxRetries(0)}}
			if tc.wantFail == "" {
				d.loading = func() { missing = awaitPaths(rec.arrived, accountWide...) }
			}
			code := run(d, []string{"github", "plan", "small/repo"})
			hosts, keyed := rec.seen()
			cs := h.gh.Comments(7)
			if len(cs) != 1 {
				t.Fatalf("%d comments; want 1\n%s", len(cs), errOut)
			}
			sbHost := strings.TrimPrefix(sbURL, "http://")
			if tc.wantFail != "" {
				want := strings.ReplaceAll(tc.wantFail, "{sb}", esc)
				if code != ExitError || !strings.Contains(cs[0].Body, "plan failed") || !strings.Contains(cs[0].Body, want) ||
					!strings.Contains(cs[0].Body, "does not send the API key to an origin the base branch does not name") {
					t.Errorf("exit %d; want 1 and the failed plan naming the origins (%s)\ncomment:\n%s\nstderr:\n%s", code, want, cs[0].Body, errOut)
				}
				if len(hosts) > 0 || len(keyed) > 0 {
					t.Errorf("requests went to %v (with the key: %v); want none", hosts, keyed)
				}
				if got := h.outputs()["exit-code"]; got != "1" {
					t.Errorf("exit-code output = %q; want 1", got)
				}
				return
			}
			if code != ExitOK || strings.Contains(cs[0].Body, "plan failed") || !strings.Contains(cs[0].Body, "Organization <code>Contoso Ltd</code>") {
				t.Errorf("exit %d; want 0 and the plan of Contoso Ltd\ncomment:\n%s\nstderr:\n%s", code, cs[0].Body, errOut)
			}
			if !slices.Equal(hosts, []string{sbHost}) || !slices.Equal(keyed, []string{sbHost}) {
				t.Errorf("requests went to %v (with the key: %v); want only the sandbox %s", hosts, keyed, sbHost)
			}
			if len(missing) > 0 {
				t.Errorf("%v were not read while the repository loaded", missing)
			}
		})
	}
}
