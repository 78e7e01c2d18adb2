package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/reposeed"
	"github.com/glue-sync/glue-sync/internal/runlock"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// concurrentSandbox is a sandbox holding concurrentSeed's account, under
// key, with no rate limit.
func concurrentSandbox(t *testing.T, key string) *sandbox.Server {
	t.Helper()
	srv, err := sandbox.New(sandbox.Options{APIKey: key, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.LoadSeed(strings.NewReader(concurrentSeed(t))); err != nil {
		t.Fatal(err)
	}
	return srv
}

// concurrentSeed is an account that already has the organization and the
// types of concurrentRepo (derived from its files): applying the
// repository only creates assets.
func concurrentSeed(t *testing.T) string {
	t.Helper()
	seed, err := reposeed.FromFiles(context.Background(), concurrentFiles(0), reposeed.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return seed
}

// concurrentRepo writes concurrentFiles(n) to a new directory.
func concurrentRepo(t *testing.T, n int) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "repo")
	for name, content := range concurrentFiles(n) {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), content)
	}
	return dir
}

// concurrentFiles is a repository of n servers and n services, each
// service tagging its server (so creates go in two waves).
func concurrentFiles(n int) map[string]string {
	files := map[string]string{
		"glue-sync.yaml":          "version: 1\nmanage:\n  organizations: [Acme]\n  flexibleAssetTypes: [Server, Service]\n",
		"organizations/acme.yaml": "kind: Organization\nname: Acme\ntype: Customer\nstatus: Active\n",
		"types/types.yaml": `kind: FlexibleAssetType
name: Server
fields:
  - {name: Hostname, kind: Text, required: true, useForTitle: true, showInList: true}
  - {name: Role, kind: Text}
---
kind: FlexibleAssetType
name: Service
fields:
  - {name: Service, kind: Text, required: true, useForTitle: true, showInList: true}
  - {name: Runs On, kind: Tag, tagType: {flexibleAssetType: Server}}
`,
	}
	var srv, svc []string
	for i := range n {
		srv = append(srv, fmt.Sprintf("kind: FlexibleAsset\norganization: Acme\ntype: Server\ntraits:\n  Hostname: srv-%02d\n  Role: web\n", i))
		svc = append(svc, fmt.Sprintf("kind: FlexibleAsset\norganization: Acme\ntype: Service\ntraits:\n  Service: svc-%02d\n  Runs On: srv-%02d\n", i, i))
	}
	files["assets/servers.yaml"] = strings.Join(srv, "---\n")
	files["assets/services.yaml"] = strings.Join(svc, "---\n")
	return files
}

// raceGate holds the first asset POST until a second one arrives (or a
// few seconds pass), then lets them through one after the other, in an
// order the seed picks: both applies have re-checked and found nothing,
// so both create the same assets, exactly the race the sweep must repair.
type raceGate struct {
	h     http.Handler
	first bool // release the first arrival first
	mu    sync.Mutex
	held  []chan struct{}
	shut  bool
}

func (g *raceGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || !strings.Contains(r.URL.Path, "flexible_assets") {
		g.h.ServeHTTP(w, r)
		return
	}
	g.mu.Lock()
	if g.shut {
		g.mu.Unlock()
		g.h.ServeHTTP(w, r)
		return
	}
	me := make(chan struct{})
	g.held = append(g.held, me)
	n := len(g.held)
	if n == 2 {
		g.shut = true
		lead := g.held[1]
		if g.first {
			lead = g.held[0]
		}
		close(lead)
	}
	g.mu.Unlock()
	select {
	case <-me:
	case <-time.After(5 * time.Second): // the other apply never got this far
		g.mu.Lock()
		if !g.shut {
			g.shut = true
		}
		g.mu.Unlock()
	}
	g.h.ServeHTTP(w, r)
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, c := range g.held { // let the other one go once this one is done
		select {
		case <-c:
		default:
			if c != me {
				close(c)
			}
		}
	}
}

// TestConcurrentAppliesLeaveNoDuplicates: two apply DIR started together
// against one account, from two "machines" (no shared lock), both pass
// their re-checks before either creates: the sweep leaves one of each
// asset, the tags point at the survivors, and the next plan is empty.
func TestConcurrentAppliesLeaveNoDuplicates(t *testing.T) {
	t.Parallel()
	for seed := range 4 {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			const key = "ITG.concurrent-test"
			srv := concurrentSandbox(t, key)
			gate := &raceGate{h: srv, first: seed%2 == 0}
			hs := httptest.NewServer(gate)
			t.Cleanup(hs.Close)
			repo := concurrentRepo(t, 3+seed)
			var wg sync.WaitGroup
			codes := make([]int, 2)
			errs := make([]string, 2)
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					env := map[string]string{"ITGLUE_API_KEY": key, "ITGLUE_BASE_URL": hs.URL, "XDG_CACHE_HOME": t.TempDir()}
					ios, _, out, errOut := TestStreams()
					codes[i] = Main(context.Background(), []string{"apply", "--auto-approve", repo}, envOf(env), ios)
					errs[i] = out.String() + errOut.String()
				}()
			}
			wg.Wait()
			for i, c := range codes {
				if c != ExitOK && c != ExitStale {
					t.Errorf("apply %d: exit %d; want 0 or 3\n%s", i, c, errs[i])
				}
			}
			if !strings.Contains(errs[0]+errs[1], "another apply created it first") {
				t.Errorf("neither apply's sweep removed a twin: the race was not exercised\n%s\n---\n%s", errs[0], errs[1])
			}
			if dups := assetDuplicates(t, hs.URL, key); len(dups) > 0 {
				t.Errorf("duplicates after two concurrent applies:\n%s", strings.Join(dups, "\n"))
			}
			ios, _, _, errOut := TestStreams()
			env := map[string]string{"ITGLUE_API_KEY": key, "ITGLUE_BASE_URL": hs.URL}
			if code := Main(context.Background(), []string{"plan", "--detailed-exitcode", repo}, envOf(env), ios); code != ExitOK {
				t.Errorf("the next plan: exit %d; want 0 (no changes)\n%s", code, errOut)
			}
		})
	}
}

// assetDuplicates lists, per type, asset names the account holds twice.
func assetDuplicates(t *testing.T, url, key string) []string {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: url, APIKey: key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	types, err := c.FlexibleAssetTypes.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var dups []string
	for _, ty := range types {
		as, err := c.FlexibleAssets.List(ctx, ty.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int64{}
		for _, a := range as {
			k := fmt.Sprintf("%d/%s", a.OrganizationID, a.Name)
			if first, ok := seen[k]; ok {
				dups = append(dups, fmt.Sprintf("%s %q: ids %d and %d", ty.Name, a.Name, first, a.ID))
			}
			seen[k] = a.ID
		}
	}
	return dups
}

// TestApplyLockBusy: a second apply to the same account from the same
// repository on this machine stops at once, naming the holder, and with
// --wait-lock takes over when the first is done.
func TestApplyLockBusy(t *testing.T) {
	t.Parallel()
	const key = "ITG.lock-test"
	srv := concurrentSandbox(t, key)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	repo := concurrentRepo(t, 2)
	cache := t.TempDir()
	env := map[string]string{"ITGLUE_API_KEY": key, "ITGLUE_BASE_URL": hs.URL, "XDG_CACHE_HOME": cache}
	real, err := filepath.EvalSymlinks(repo)
	if err != nil {
		t.Fatal(err)
	}
	held, err := runlock.Acquire(context.Background(), filepath.Join(cache, "glue-sync", "locks"), hs.URL+"\n"+real, "applying by hand", 0)
	if err != nil {
		t.Fatal(err)
	}
	before := srv.RequestCount()
	ios, _, _, errOut := TestStreams()
	code := Main(context.Background(), []string{"apply", "--auto-approve", repo}, envOf(env), ios)
	if code != ExitError || !strings.Contains(errOut.String(), fmt.Sprintf("another glue-sync apply (PID %d on", os.Getpid())) ||
		!strings.Contains(errOut.String(), "--wait-lock") {
		t.Fatalf("apply while locked: exit %d; want 1 naming the holder and --wait-lock\n%s", code, errOut)
	}
	if n := srv.RequestCount() - before; n != 0 {
		t.Errorf("the refused apply made %d requests", n)
	}
	done := make(chan int, 1)
	ios, _, _, errOut = TestStreams()
	go func() {
		done <- Main(context.Background(), []string{"apply", "--auto-approve", "--wait-lock", "1m", repo}, envOf(env), ios)
	}()
	held.Release()
	if code := <-done; code != ExitOK {
		t.Fatalf("apply --wait-lock: exit %d\n%s", code, errOut)
	}
}
