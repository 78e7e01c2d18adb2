package apply

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/glue-sync/glue-sync/internal/baseline"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/render"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// baselineAssets is the account size of BenchmarkPlanVsBaseline.
var baselineAssets = flag.Int("baseline.assets", 2000, "assets in BenchmarkPlanVsBaseline's account (50 organizations, 10 types)")

// BenchmarkPlanVsBaseline measures, on the same generated account and
// repository in one run, issue 10's bare baseline and a whole plan, and
// reports plan's cost over the baseline's (BENCHMARKS.md):
//
//   - baseline: a yaml.v3 decode of the repository's files (already in
//     memory) into yaml.Node, plus an encoding/json decode of the API pages
//     plan reads into typed structs;
//   - plan: load the repository from disk (spec.LoadDir), read the account
//     through the real client, compute the plan and render it as text to
//     io.Discard, as glue-sync plan does.
//
// The API pages are recorded once from the in-process sandbox and then
// served from memory by an http.RoundTripper, so neither side counts the
// sandbox's CPU. plan's sub-benchmark reports x-baseline (its ns/op over
// the baseline's) and, where the process's CPU time is known, cpu-ns/op
// and cpu-x-baseline (user + system CPU of the whole process, the garbage
// collector's workers included). interleaved runs the two in turn in each
// op, each after a collection, and reports both CPU times and their
// ratio: on a shared machine, whose load changes between the two runs
// before it, its ratio is the one to quote. The default of 2,000 assets
// is for CI; issue 10's size is 20,000:
//
//	go test ./internal/apply -run '^$' -bench PlanVsBaseline -benchtime 5x -args -baseline.assets 20000
func BenchmarkPlanVsBaseline(b *testing.B) {
	n := *baselineAssets
	r := scale{orgs: 50, types: 10, assets: n}.start(b)
	rec := &recorder{base: http.DefaultTransport, pages: map[string]recorded{}}
	c := replayClient(b, r, rec)
	ctx := context.Background()
	ds, diags := spec.LoadDir(ctx, r.dir)
	if diags.HasErrors() {
		b.Fatal(diags)
	}
	if _, err := reconcile.ReadLive(ctx, reconcile.ClientAPI(c), reconcile.ScopeOf(ds, nil)); err != nil {
		b.Fatal(err)
	}
	rec.probeArchived(b)
	files := readTree(b, r.dir)
	replay := &replayer{pages: rec.pages}

	var base, whole cost
	b.Run(fmt.Sprintf("baseline/assets=%d", n), func(b *testing.B) {
		b.ReportAllocs()
		c0 := processCPU()
		for b.Loop() {
			if err := bareBaseline(files, rec.pages); err != nil {
				b.Fatal(err)
			}
		}
		base = reportCost(b, c0)
	})
	b.Run(fmt.Sprintf("plan/assets=%d", n), func(b *testing.B) {
		b.ReportAllocs()
		c0 := processCPU()
		for b.Loop() {
			planToDiscard(b, r.dir, replayClient(b, r, replay))
		}
		whole = reportCost(b, c0)
		if base.ns > 0 {
			b.ReportMetric(whole.ns/base.ns, "x-baseline")
		}
		if base.cpu > 0 && whole.cpu > 0 {
			b.ReportMetric(whole.cpu/base.cpu, "cpu-x-baseline")
		}
	})
	if processCPU() < 0 {
		return
	}
	// On a shared machine the load changes between the two runs above:
	// here each op is one baseline then one plan, each after a collection
	// of the garbage before it, so that both see the same load.
	b.Run(fmt.Sprintf("interleaved/assets=%d", n), func(b *testing.B) {
		var inBase, inPlan time.Duration
		for b.Loop() {
			runtime.GC()
			c0 := processCPU()
			if err := bareBaseline(files, rec.pages); err != nil {
				b.Fatal(err)
			}
			c1 := processCPU()
			runtime.GC()
			c2 := processCPU()
			planToDiscard(b, r.dir, replayClient(b, r, replay))
			inBase, inPlan = inBase+c1-c0, inPlan+processCPU()-c2
		}
		b.ReportMetric(float64(inBase.Nanoseconds())/float64(b.N), "baseline-cpu-ns/op")
		b.ReportMetric(float64(inPlan.Nanoseconds())/float64(b.N), "plan-cpu-ns/op")
		if inBase > 0 {
			b.ReportMetric(float64(inPlan)/float64(inBase), "cpu-x-baseline")
		}
	})
}

// cost is one sub-benchmark's wall and CPU nanoseconds per operation.
type cost struct{ ns, cpu float64 }

// reportCost reports cpu-ns/op since c0 (when the platform gives the
// process's CPU time) and returns the costs per operation.
func reportCost(b *testing.B, c0 time.Duration) cost {
	c := cost{ns: float64(b.Elapsed().Nanoseconds()) / float64(b.N)}
	if c1 := processCPU(); c0 >= 0 && c1 >= 0 {
		c.cpu = float64((c1 - c0).Nanoseconds()) / float64(b.N)
		b.ReportMetric(c.cpu, "cpu-ns/op")
	}
	return c
}

// planToDiscard plans dir against the account c reads, as glue-sync plan
// does, and renders the plan as text to io.Discard.
func planToDiscard(tb testing.TB, dir string, c *client.Client) {
	ctx := context.Background()
	ds, diags := spec.LoadDir(ctx, dir)
	if diags.HasErrors() {
		tb.Fatal(diags)
	}
	live, err := reconcile.ReadLive(ctx, reconcile.ClientAPI(c), reconcile.ScopeOf(ds, nil))
	if err != nil {
		tb.Fatal(err)
	}
	p := reconcile.Compute(ds, live, reconcile.Options{SourceDir: dir})
	if p.HasChanges() || p.HasErrors() {
		tb.Fatalf("plan of an equal account: %+v", p.Count())
	}
	if err := render.Text(io.Discard, p, render.TextOptions{}); err != nil {
		tb.Fatal(err)
	}
}

// replayClient is the client plan uses, over transport t.
func replayClient(tb testing.TB, r *scaleRun, t http.RoundTripper) *client.Client {
	c, err := client.New(client.Config{BaseURL: r.sb.URL, APIKey: r.sb.Key}, client.WithHTTPClient(&http.Client{Transport: t}),
		client.WithRateLimit(0, 0, 0), client.WithMaxRetries(0))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// readTree reads every file under dir, as the baseline decodes them.
func readTree(tb testing.TB, dir string) [][]byte {
	var files [][]byte
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files = append(files, b)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// recorded is one response: its status, headers and body.
type recorded struct {
	status int
	header http.Header
	body   []byte
}

// recorder is an http.RoundTripper that keeps every GET's response by URL.
type recorder struct {
	base   http.RoundTripper
	mu     sync.Mutex
	pages  map[string]recorded
	header http.Header // a GET's request headers (the API key)
}

// probeArchived records, for every type's asset list, the list with
// filter[archived]=true too. The client asks the first type it lists
// for archived assets once (the sandbox refuses the filter, and the
// client asks no more), and which type comes first varies between reads
// of the types in parallel: with all of them recorded, any read replays.
func (t *recorder) probeArchived(tb testing.TB) {
	var probes []string
	for u := range t.pages {
		pu, err := url.Parse(u)
		if err != nil {
			tb.Fatal(err)
		}
		if q := pu.Query(); strings.HasSuffix(pu.Path, "/flexible_assets") && !q.Has("filter[archived]") && q.Get("page[number]") == "1" {
			q.Set("filter[archived]", "true")
			pu.RawQuery = q.Encode()
			probes = append(probes, pu.String())
		}
	}
	for _, u := range probes {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			tb.Fatal(err)
		}
		req.Header = t.header.Clone()
		resp, err := t.RoundTrip(req)
		if err != nil {
			tb.Fatal(err)
		}
		resp.Body.Close()
	}
}

func (t *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil || req.Method != http.MethodGet {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.pages[req.URL.String()] = recorded{status: resp.StatusCode, header: resp.Header.Clone(), body: body}
	t.header = req.Header.Clone()
	t.mu.Unlock()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// replayer serves the pages a recorder kept, from memory.
type replayer struct{ pages map[string]recorded }

func (t *replayer) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	p, ok := t.pages[req.URL.String()]
	if !ok || req.Method != http.MethodGet {
		return nil, fmt.Errorf("replay: %s %s was not recorded", req.Method, req.URL)
	}
	return &http.Response{StatusCode: p.status, Status: http.StatusText(p.status), Header: p.header.Clone(),
		Body: io.NopCloser(bytes.NewReader(p.body)), ContentLength: int64(len(p.body)), Request: req,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}, nil
}

// bareBaseline is issue 10's bare baseline: every repository file decoded
// by yaml.v3 into yaml.Node documents, every API page decoded by
// encoding/json into the typed struct for what it lists.
func bareBaseline(files [][]byte, pages map[string]recorded) error {
	if _, err := baseline.DecodeFiles(files); err != nil {
		return err
	}
	for u, p := range pages {
		var err error
		switch path := u[:strings.IndexByte(u+"?", '?')]; {
		case strings.HasSuffix(path, "/flexible_assets"):
			err = json.Unmarshal(p.body, new(baseline.Page[baseline.Asset]))
		case strings.HasSuffix(path, "/flexible_asset_types"):
			err = json.Unmarshal(p.body, new(baseline.Page[baseline.Type]))
		case strings.HasSuffix(path, "/organizations"):
			err = json.Unmarshal(p.body, new(baseline.Page[baseline.Org]))
		default: // organization types and statuses
			err = json.Unmarshal(p.body, new(baseline.Page[baseline.Named]))
		}
		if err != nil {
			return fmt.Errorf("%s: %w", u, err)
		}
	}
	return nil
}
