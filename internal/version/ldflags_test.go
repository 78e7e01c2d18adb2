package version

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestLdflags builds a small program with the -X flag .ci/release passes
// and checks that the version comes through: the linker silently ignores
// -X for a variable path that does not exist, so a renamed package or
// variable would ship releases reporting "(devel)". (The version command
// and --version print version.String(), as internal/cli's tests check.)
func TestLdflags(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	script, err := os.ReadFile(filepath.Join("..", "..", ".ci", "release"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`-X ([\w./-]+)=\$tag`).FindSubmatch(script)
	if m == nil {
		t.Fatal(".ci/release passes no -X VARIABLE=$tag")
	}
	bin := filepath.Join(t.TempDir(), "printversion")
	build := exec.Command(gobin, "build", "-ldflags", "-X "+string(m[1])+"=v9.8.7-rc.1", "-o", bin, "./testdata/printversion")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(out), "v9.8.7-rc.1") {
		t.Errorf("built with .ci/release's -X flag, the version is %q; want v9.8.7-rc.1", out)
	}
}
