// Command profcli runs glue-sync's command line (the same cli.Main as
// cmd/glue-sync) under a CPU profile, for the figures of BENCHMARKS.md:
//
//	PROF_OUT=cpu.out go run ./.ci/profcli plan DIR
//	go tool pprof -top -cum cpu.out
//
// It lives under .ci so that `go test ./...` and `go vet ./...` leave it out.
package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"

	"github.com/glue-sync/glue-sync/internal/cli"
)

func main() {
	out := os.Getenv("PROF_OUT")
	if out == "" {
		fmt.Fprintln(os.Stderr, "profcli: set PROF_OUT to the CPU profile's file")
		os.Exit(2)
	}
	f, err := os.Create(out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "profcli:", err)
		os.Exit(2)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "profcli:", err)
		os.Exit(2)
	}
	code := cli.Main(context.Background(), os.Args[1:], os.Getenv, cli.System())
	pprof.StopCPUProfile()
	f.Close()
	os.Exit(code)
}
