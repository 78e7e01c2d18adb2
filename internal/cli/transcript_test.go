package cli_test

import (
	"context"
	"flag"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/demo"
)

var update = flag.Bool("update", false, "rewrite the golden transcripts under testdata/transcripts")

// transcript checks what a run printed against testdata/transcripts/NAME,
// after replacing what changes from run to run (temporary folders, ports,
// durations) with placeholders.
func transcript(t *testing.T, name, got string, replace map[string]string) {
	t.Helper()
	for from, to := range replace {
		if from != "" {
			got = strings.ReplaceAll(got, from, to)
		}
	}
	got = durations.ReplaceAllString(got, "<duration>")
	path := filepath.Join(transcriptDir, name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -run %s -update to create it)", err, t.Name())
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("transcript %s differs (-want +got):\n%s", name, diff)
	}
}

// transcriptDir is absolute: tests change directory.
var transcriptDir, _ = filepath.Abs(filepath.Join("testdata", "transcripts"))

var durations = regexp.MustCompile(`\b\d+(\.\d+)?(ms|µs|s)\b`)

// TestTranscriptFromSubfolder: run from a folder inside the repository,
// glue-sync finds glue-sync.yaml above and says which folder it uses,
// instead of 42 "unknown organization" errors.
func TestTranscriptFromSubfolder(t *testing.T) {
	repo, err := filepath.Abs("../../examples/repo")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(repo, "assets", "contoso"))
	code, stdout, stderr := clitest.Run(t, nil, "validate").Outputs()
	if code != 0 {
		t.Fatalf("validate from a subfolder: exit %d\n%s%s", code, stdout, stderr)
	}
	transcript(t, "validate-from-subfolder.txt", "$ glue-sync validate\n"+stdout+stderr, nil)

	code, stdout, stderr = clitest.Run(t, nil, "validate", ".").Outputs()
	if code != 0 || !strings.Contains(stderr, "Using the repository at ../..") {
		t.Errorf("validate . from a subfolder: exit %d, stderr %q; want the repository two levels up", code, stderr)
	}
}

// TestTranscriptMkdocs: a repository that also holds mkdocs.yml validates,
// with one warning that the file was skipped (it used to fail with
// `missing required key "kind"`).
func TestTranscriptMkdocs(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"glue-sync.yaml": "version: 1\n",
		"orgs.yaml":      "kind: Organization\nname: Contoso\n",
		"mkdocs.yml":     "site_name: Contoso runbooks\nnav:\n  - Home: index.md\ntheme: material\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	code, stdout, stderr := clitest.Run(t, nil, "validate").Outputs()
	if code != 0 {
		t.Fatalf("validate: exit %d\n%s%s", code, stdout, stderr)
	}
	transcript(t, "validate-mkdocs.txt", "$ glue-sync validate\n"+stdout+stderr, nil)
}

// TestTranscriptBusyPort: a sandbox on a port in use says what to do
// (--listen 127.0.0.1:0) instead of a bare "address already in use".
func TestTranscriptBusyPort(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	addr := busy.Addr().String()
	code, stdout, stderr := clitest.Run(t, nil, "sandbox", "--listen", addr).Outputs()
	if code != cli.ExitError {
		t.Fatalf("sandbox on a busy port: exit %d; want %d", code, cli.ExitError)
	}
	transcript(t, "sandbox-busy-port.txt", "$ glue-sync sandbox --listen "+addr+"\n"+stdout+stderr, map[string]string{addr: "127.0.0.1:<port>"})
}

// cancelAfter stands in front of a sandbox and cancels the run when the
// n-th request matching write arrives (before it is served): Ctrl-C at a
// known point.
type cancelAfter struct {
	next   http.Handler
	n      int32
	seen   atomic.Int32
	write  bool
	cancel context.CancelFunc
}

func (c *cancelAfter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if (r.Method != http.MethodGet) == c.write && c.seen.Add(1) == c.n {
		// The request that meets Ctrl-C is never served, so that what
		// the run reports does not depend on a race.
		c.cancel()
		// Read the body first: only then does the server notice that the
		// client closed the connection.
		_, _ = io.Copy(io.Discard, r.Body)
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second): // a safety net, never reached when the client cancels
		}
		return
	}
	c.next.ServeHTTP(w, r)
}

// interruptedRun runs glue-sync against the demo account behind a
// cancelAfter and returns the exit code and the transcript.
func interruptedRun(t *testing.T, n int32, write bool, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sb := clitest.Start(t, clitest.Options{Seed: string(demo.Seed()), Wrap: func(h http.Handler) http.Handler {
		return &cancelAfter{next: h, n: n, write: write, cancel: cancel}
	}})
	env := sb.Env(map[string]string{
		"CONTOSO_ERP_SVC_PASSWORD": "pw-1-long-enough", "CONTOSO_HQ_ROUTER_PASSWORD": "pw-2-long-enough", "FABRIKAM_WMS_SVC_PASSWORD": "pw-3-long-enough"})
	r := clitest.RunContext(ctx, t, env, args...)
	summary := ""
	if i := strings.LastIndex(r.Stdout, "Apply "); i >= 0 {
		summary = "(stdout ends) " + r.Stdout[i:]
	}
	return r.Code, "$ glue-sync " + strings.Join(args, " ") + "\n(stderr)\n" + r.Stderr + summary
}

// TestTranscriptInterrupted: Ctrl-C stops plan and apply at a safe point,
// says what was done and what was not, and exits 130.
func TestTranscriptInterrupted(t *testing.T) {
	t.Parallel()
	repo := "../../examples/repo"
	code, text := interruptedRun(t, 2, false, "plan", repo)
	if code != cli.ExitCancel {
		t.Errorf("plan interrupted: exit %d; want %d\n%s", code, cli.ExitCancel, text)
	}
	transcript(t, "plan-interrupted.txt", text, nil)

	code, text = interruptedRun(t, 3, true, "apply", "--auto-approve", repo)
	if code != cli.ExitCancel {
		t.Errorf("apply interrupted: exit %d; want %d\n%s", code, cli.ExitCancel, text)
	}
	if !strings.Contains(text, "Apply interrupted: ") || strings.Contains(text, "Apply complete") {
		t.Errorf("apply interrupted: the summary does not say so:\n%s", text)
	}
	transcript(t, "apply-interrupted.txt", text, nil)
}
