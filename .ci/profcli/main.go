// Command profcli runs glue-sync's command line (the same cli.Main as
// cmd/glue-sync) under a CPU profile, for the figures of BENCHMARKS.md:
//
//	PROF_OUT=cpu.out go run ./.ci/profcli plan DIR
//	go tool pprof -top -cum cpu.out
//
// PROF_TRACE=trace.out also writes an execution trace (go tool trace).
// With PROF_CLASSES=1 it also prints, at exit, where the process's wall
// time went as the Go runtime counts it (runtime/metrics /cpu/classes):
// GOMAXPROCS x wall split into user code, garbage collection, scavenging
// and idle (nothing runnable: waiting on the network, a file, a timer),
// next to the CPU the kernel gave the process (getrusage). User code and
// GC the runtime counted but the kernel did not run are time the process
// was runnable and waited for a CPU (a loaded machine).
//
// It lives under .ci so that `go test ./...` and `go vet ./...` leave it out.
package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"runtime/trace"
	"syscall"
	"time"

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
	if tr := os.Getenv("PROF_TRACE"); tr != "" {
		tf, err := os.Create(tr)
		if err == nil {
			err = trace.Start(tf)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "profcli:", err)
			os.Exit(2)
		}
		defer tf.Close()
	}
	start := time.Now()
	code := cli.Main(context.Background(), os.Args[1:], os.Getenv, cli.System())
	pprof.StopCPUProfile()
	f.Close()
	trace.Stop()
	if os.Getenv("PROF_CLASSES") != "" {
		classes(time.Since(start))
	}
	os.Exit(code)
}

// classes prints the runtime's CPU classes next to the kernel's count.
func classes(wall time.Duration) {
	names := []string{"/cpu/classes/user:cpu-seconds", "/cpu/classes/gc/total:cpu-seconds",
		"/cpu/classes/scavenge/total:cpu-seconds", "/cpu/classes/idle:cpu-seconds", "/cpu/classes/total:cpu-seconds",
		"/gc/cycles/total:gc-cycles"}
	s := make([]metrics.Sample, len(names))
	for i, n := range names {
		s[i].Name = n
	}
	metrics.Read(s)
	v := func(i int) float64 {
		if s[i].Value.Kind() == metrics.KindFloat64 {
			return s[i].Value.Float64()
		}
		return 0
	}
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	kernel := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	fmt.Fprintf(os.Stderr, "profcli: wall %.2f s, GOMAXPROCS %d; runtime classes (cpu-seconds): user %.2f, gc %.2f, scavenge %.2f, idle %.2f, total %.2f; gc cycles %d; kernel CPU %.2f s (user+sys)\n",
		wall.Seconds(), runtime.GOMAXPROCS(0), v(0), v(1), v(2), v(3), v(4), s[5].Value.Uint64(), kernel.Seconds())
}
