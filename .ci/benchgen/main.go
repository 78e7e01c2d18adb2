// Command benchgen is the helper of .ci/bench (see BENCHMARKS.md): it
// writes the benchmark account (a sandbox seed and the repository that
// describes it) and measures the bare-parse baseline. It lives under .ci
// so that `go test ./...` and `go vet ./...` leave it out.
//
//	benchgen gen N DIR             write DIR/seed.json and DIR/repo for N assets
//	benchgen baseline DIR URL KEY  time a yaml.v3 decode of DIR/repo into
//	                               yaml.Node plus an encoding/json decode of
//	                               the account's API pages into typed structs
//	                               (in this process, pages already fetched,
//	                               the least of three runs)
//	benchgen baseline-process DIR URL KEY
//	                               do the same work once, as a process
//	                               would: read the files, fetch each page
//	                               over HTTP and decode it once into its
//	                               typed struct, decode the files, exit
//	                               (.ci/bench times it under /usr/bin/time
//	                               as it times glue-sync plan)
package main

import (
	"encoding/json"
	"fmt"
	"github.com/glue-sync/glue-sync/internal/baseline"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The account: orgs organizations and types types for n assets, as in
// internal/apply's scale tests (50 organizations and 10 types, the shape
// issue 10 measured).
const orgs, types = 50, 10

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchgen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	switch {
	case len(args) == 3 && args[0] == "gen":
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 1 {
			return fmt.Errorf("gen: %q is not a number of assets", args[1])
		}
		return gen(n, args[2])
	case len(args) == 4 && args[0] == "baseline":
		return runBaseline(args[1], args[2], args[3])
	case len(args) == 4 && args[0] == "baseline-process":
		return baselineProcess(args[1], args[2], args[3])
	}
	return fmt.Errorf("usage: benchgen gen N DIR | benchgen baseline DIR URL KEY | benchgen baseline-process DIR URL KEY")
}

func orgName(o int) string  { return fmt.Sprintf("Org %03d", o) }
func typeName(k int) string { return fmt.Sprintf("Type %02d", k) }

func gen(n int, dir string) error {
	type m = map[string]any
	var os_, ts, as []m
	for o := range orgs {
		os_ = append(os_, m{"name": orgName(o), "type": "Customer", "status": "Active"})
	}
	fields := []m{
		{"name": "Title", "kind": "Text", "required": true, "use_for_title": true, "show_in_list": true},
		{"name": "Notes", "kind": "Textbox"},
		{"name": "Count", "kind": "Number", "decimals": 0},
		{"name": "Tier", "kind": "Select", "options": []string{"Gold", "Silver"}},
	}
	for k := range types {
		ts = append(ts, m{"name": typeName(k), "icon": "book", "fields": fields})
	}
	files := map[string]*strings.Builder{}
	put := func(path, doc string) {
		b := files[path]
		if b == nil {
			b = &strings.Builder{}
			files[path] = b
		} else {
			b.WriteString("---\n")
		}
		b.WriteString(doc)
	}
	for k := range types {
		put(fmt.Sprintf("types/type-%02d.yaml", k), "kind: FlexibleAssetType\nname: "+typeName(k)+`
icon: book
fields:
  - {name: Title, kind: Text, required: true, useForTitle: true, showInList: true}
  - {name: Notes, kind: Textbox}
  - {name: Count, kind: Number, decimals: 0}
  - {name: Tier, kind: Select, options: [Gold, Silver]}
`)
	}
	for o := range orgs {
		put("organizations/all.yaml", "kind: Organization\nname: "+orgName(o)+"\ntype: Customer\nstatus: Active\n")
	}
	for i := range n {
		typ, org := i%types, (i/types)%orgs
		title, tier := fmt.Sprintf("asset %06d", i), []string{"Gold", "Silver"}[i%2]
		as = append(as, m{"organization": orgName(org), "type": typeName(typ),
			"traits": m{"Title": title, "Notes": "kept as is", "Count": i, "Tier": tier}})
		put(fmt.Sprintf("assets/org-%03d.yaml", org), fmt.Sprintf(
			"kind: FlexibleAsset\norganization: %s\ntype: %s\ntraits:\n  Title: %s\n  Notes: kept as is\n  Count: %d\n  Tier: %s\n",
			orgName(org), typeName(typ), title, i, tier))
	}
	seed, err := json.Marshal(m{"organization_types": []string{"Customer"}, "organization_statuses": []string{"Active"},
		"organizations": os_, "flexible_asset_types": ts, "flexible_assets": as})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "seed.json"), seed, 0o644); err != nil {
		return err
	}
	for path, b := range files {
		p := filepath.Join(dir, "repo", filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// fetch reads every page from path on, following links.next.
func fetch(base, key, path string) ([][]byte, error) {
	var out [][]byte
	err := fetchEach(base, key, path, func(b []byte) (string, error) {
		out = append(out, b)
		var p baseline.Page[json.RawMessage]
		if err := json.Unmarshal(b, &p); err != nil {
			return "", err
		}
		return p.Links.Next, nil
	})
	return out, err
}

// fetchEach reads every page from path on, handing each body to next,
// which returns the next page's URL (links.next, "" for the last).
func fetchEach(base, key, path string, next func([]byte) (string, error)) error {
	u := strings.TrimRight(base, "/") + path
	for u != "" {
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			return err
		}
		req.Header.Set("x-api-key", key)
		req.Header.Set("Content-Type", "application/vnd.api+json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s", path, resp.Status)
		}
		if u, err = next(b); err != nil {
			return err
		}
	}
	return nil
}

// decodePage decodes b into a page of A and returns its links.next.
func decodePage[A any](b []byte, keep *baseline.Page[A]) (string, error) {
	var p baseline.Page[A]
	if err := json.Unmarshal(b, &p); err != nil {
		return "", err
	}
	if keep != nil {
		keep.Data = append(keep.Data, p.Data...)
	}
	return p.Links.Next, nil
}

// readFiles reads every file under dir/repo.
func readFiles(dir string) ([][]byte, error) {
	var files [][]byte
	err := filepath.WalkDir(filepath.Join(dir, "repo"), func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		files = append(files, b)
		return err
	})
	return files, err
}

// baselineProcess is the bare work of a plan done once, as a process
// does it: it reads the repository's files, fetches the same pages as
// baseline from the API (each decoded once, into its typed struct, as it
// arrives), decodes the files into yaml.Node trees and exits. Timed as a
// whole process (startup, reading, HTTP, GC, exit), like glue-sync plan.
func baselineProcess(dir, base, key string) error {
	files, err := readFiles(dir)
	if err != nil {
		return err
	}
	q := "page[size]=1000&sort=id"
	if err := fetchEach(base, key, "/organizations?"+q, func(b []byte) (string, error) { return decodePage[baseline.Org](b, nil) }); err != nil {
		return err
	}
	var types baseline.Page[baseline.Type]
	if err := fetchEach(base, key, "/flexible_asset_types?include=flexible_asset_fields&"+q, func(b []byte) (string, error) { return decodePage(b, &types) }); err != nil {
		return err
	}
	assets := 0
	for _, d := range types.Data {
		err := fetchEach(base, key, "/flexible_assets?filter[flexible_asset_type_id]="+url.QueryEscape(d.ID)+"&"+q, func(b []byte) (string, error) {
			var p baseline.Page[baseline.Asset]
			if err := json.Unmarshal(b, &p); err != nil {
				return "", err
			}
			assets += len(p.Data)
			return p.Links.Next, nil
		})
		if err != nil {
			return err
		}
	}
	nodes, err := baseline.DecodeFiles(files)
	if err != nil {
		return err
	}
	fmt.Printf("baseline_process files=%d nodes=%d assets=%d\n", len(files), nodes, assets)
	return nil
}

func cpu() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runBaseline fetches the account's pages once, then times the baseline
// (package baseline) on them and the repository's files: the least CPU of
// three runs in this process.
func runBaseline(dir, base, key string) error {
	q := "page[size]=1000&sort=id"
	orgPages, err := fetch(base, key, "/organizations?"+q)
	if err != nil {
		return err
	}
	typePages, err := fetch(base, key, "/flexible_asset_types?include=flexible_asset_fields&"+q)
	if err != nil {
		return err
	}
	var tp baseline.Page[baseline.Type]
	for _, b := range typePages {
		if err := json.Unmarshal(b, &tp); err != nil {
			return err
		}
	}
	var assetPages [][]byte
	for _, d := range tp.Data {
		ps, err := fetch(base, key, "/flexible_assets?filter[flexible_asset_type_id]="+url.QueryEscape(d.ID)+"&"+q)
		if err != nil {
			return err
		}
		assetPages = append(assetPages, ps...)
	}
	files, err := readFiles(dir)
	if err != nil {
		return err
	}
	best, bestWall := time.Duration(1<<62), time.Duration(0)
	var runs []string
	for range 3 { // the least of three: the machine is shared
		c0, w0 := cpu(), time.Now()
		nodes, err := baseline.DecodeFiles(files)
		if err != nil {
			return err
		}
		assets := 0
		for _, b := range orgPages {
			var p baseline.Page[baseline.Org]
			if err := json.Unmarshal(b, &p); err != nil {
				return err
			}
		}
		for _, b := range typePages {
			var p baseline.Page[baseline.Type]
			if err := json.Unmarshal(b, &p); err != nil {
				return err
			}
		}
		for _, b := range assetPages {
			var p baseline.Page[baseline.Asset]
			if err := json.Unmarshal(b, &p); err != nil {
				return err
			}
			assets += len(p.Data)
		}
		c := cpu() - c0
		if c < best {
			best, bestWall = c, time.Since(w0)
		}
		runs = append(runs, fmt.Sprintf("%.3f", c.Seconds()))
		_ = nodes
		_ = assets
	}
	fmt.Printf("baseline_cpu_s=%.3f baseline_wall_s=%.3f pages=%d runs_cpu_s=%s\n", best.Seconds(), bestWall.Seconds(), len(orgPages)+len(typePages)+len(assetPages), strings.Join(runs, ","))
	return nil
}
