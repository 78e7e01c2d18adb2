package cli

import (
	"flag"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
	code, stdout, stderr := runMain(t, "validate")
	if code != 0 {
		t.Fatalf("validate from a subfolder: exit %d\n%s%s", code, stdout, stderr)
	}
	transcript(t, "validate-from-subfolder.txt", "$ glue-sync validate\n"+stdout+stderr, nil)

	code, stdout, stderr = runMain(t, "validate", ".")
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
	code, stdout, stderr := runMain(t, "validate")
	if code != 0 {
		t.Fatalf("validate: exit %d\n%s%s", code, stdout, stderr)
	}
	transcript(t, "validate-mkdocs.txt", "$ glue-sync validate\n"+stdout+stderr, nil)
}

// TestTranscriptBusyPort: a sandbox on a port in use says what to do
// (--listen 127.0.0.1:0) instead of a bare "address already in use".
func TestTranscriptBusyPort(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	addr := busy.Addr().String()
	code, stdout, stderr := runMain(t, "sandbox", "--listen", addr)
	if code != ExitError {
		t.Fatalf("sandbox on a busy port: exit %d; want %d", code, ExitError)
	}
	transcript(t, "sandbox-busy-port.txt", "$ glue-sync sandbox --listen "+addr+"\n"+stdout+stderr, map[string]string{addr: "127.0.0.1:<port>"})
}
