// Command profplan plans as glue-sync plan does (load the repository, read
// the account, compute the plan) and, after each stage, collects garbage
// and prints the live heap and writes a heap profile, for the figures of
// BENCHMARKS.md (what the memory of a plan is made of):
//
//	go run ./.ci/profplan DIR URL KEY OUTDIR
//	go tool pprof -sample_index=inuse_space -top OUTDIR/heap-load.out
//
// URL and KEY name an account (a `glue-sync sandbox` seeded by
// `.ci/benchgen gen`); heap profiles sample every 64 bytes allocated. It
// lives under .ci so that `go test ./...` and `go vet ./...` leave it out.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/spec"
)

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: profplan DIR URL KEY OUTDIR")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2], os.Args[3], os.Args[4]); err != nil {
		fmt.Fprintln(os.Stderr, "profplan:", err)
		os.Exit(1)
	}
}

func run(dir, url, key, outDir string) error {
	runtime.MemProfileRate = 64
	ctx := context.Background()
	ds, diags := spec.LoadDir(ctx, dir)
	if diags.HasErrors() {
		return fmt.Errorf("the repository has errors:\n%s", diags)
	}
	if err := stage(outDir, "load"); err != nil {
		return err
	}
	c, err := client.New(client.Config{BaseURL: url, APIKey: key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		return err
	}
	live, err := reconcile.ReadLive(ctx, reconcile.ClientAPI(c), reconcile.ScopeOf(ds, nil))
	if err != nil {
		return err
	}
	if err := stage(outDir, "readlive"); err != nil {
		return err
	}
	p := reconcile.Compute(ds, live, reconcile.Options{SourceDir: dir})
	if err := stage(outDir, "compute"); err != nil {
		return err
	}
	runtime.KeepAlive(ds)
	runtime.KeepAlive(live)
	fmt.Printf("changes: %v\n", p.HasChanges())
	return nil
}

// stage prints the live heap after a collection and writes its profile.
func stage(outDir, name string) error {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("%-9s live heap %6.1f MB, from the OS %6.1f MB\n", name, float64(m.HeapAlloc)/1e6, float64(m.Sys)/1e6)
	f, err := os.Create(filepath.Join(outDir, "heap-"+name+".out"))
	if err != nil {
		return err
	}
	defer f.Close()
	return pprof.WriteHeapProfile(f)
}
