package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// ourInitBudget is what glue-sync's own packages may allocate while the
// program starts, summed: every command, `glue-sync version` included,
// pays it. Regexps, sanitiser policies, Markdown readers and compiled
// schemas are built on first use (sync.OnceValue) instead: 52 KB when
// written (internal/spec 46 KB of it), 148 KB when richtext, markdown,
// plan and sandbox compiled their regexps at init.
const ourInitBudget = 96 << 10

// TestOwnPackagesInitLightly runs this test binary again with
// GODEBUG=inittrace=1 (it links the same packages as glue-sync, so the
// same package initialisers run) and sums the bytes the runtime reports
// for glue-sync's own packages.
func TestOwnPackagesInitLightly(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("running %s: %v\n%s", os.Args[0], err, stderr.String())
	}
	total, pkgs := 0, 0
	var heavy []string
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		// init github.com/glue-sync/glue-sync/internal/spec @116 ms, 0.74 ms clock, 46048 bytes, 549 allocs
		f := strings.Fields(sc.Text())
		if len(f) < 11 || f[0] != "init" || !strings.HasPrefix(f[1], "github.com/glue-sync/glue-sync/") || f[8] != "bytes," {
			continue
		}
		n, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("inittrace line %q: %v", sc.Text(), err)
		}
		total += n
		pkgs++
		if n >= 8<<10 {
			heavy = append(heavy, strings.TrimPrefix(f[1], "github.com/glue-sync/glue-sync/")+" "+f[7])
		}
	}
	if pkgs == 0 {
		t.Fatalf("no inittrace line for glue-sync's packages in:\n%s", stderr.String())
	}
	t.Logf("%d packages with an initialiser allocate %d bytes at start; 8 KB or more: %v", pkgs, total, heavy)
	if total > ourInitBudget {
		t.Errorf("glue-sync's packages allocate %d bytes at start (budget %d); the heaviest: %v: build such state on first use (sync.OnceValue)", total, ourInitBudget, heavy)
	}
}
