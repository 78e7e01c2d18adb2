package action

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeGo stands in for `go build` in .ci/release: it logs how it was
// called and writes, at -o, a script that prints the version the -ldflags
// stamped in, as the real binary would.
const fakeGo = `#!/bin/bash
out= ldflags= trimpath=no
while [ $# -gt 0 ]; do
  case "$1" in
  -o) out=$2; shift ;;
  -ldflags) ldflags=$2; shift ;;
  -trimpath) trimpath=yes ;;
  esac
  shift
done
printf '%s %s cgo=%s trimpath=%s ldflags=%s\n' "$GOOS" "$GOARCH" "$CGO_ENABLED" "$trimpath" "$ldflags" >> "$FAKE_LOG/go"
v=${ldflags##*Version=}
printf '#!/bin/sh\necho "glue-sync %s (fake %s/%s)"\n' "$v" "$GOOS" "$GOARCH" > "$out"
chmod +x "$out"
`

// TestReleaseArchives runs .ci/release with a fake go and checks the
// archives it makes: names, contents, checksums.txt, build settings; then
// serves them to action/install.sh, which must install the right one.
func TestReleaseArchives(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("zip"); err != nil {
		t.Skip("zip is not installed")
	}
	e := newEnv(t, false)
	goStub := filepath.Join(e.bin, "fake-go")
	if err := os.WriteFile(goStub, []byte(fakeGo), 0o755); err != nil {
		t.Fatal(err)
	}
	dist := filepath.Join(e.workspace, "dist")
	r := e.run(t, ".ci/release", map[string]string{"GO": goStub, "DIST": dist}, "v1.2.3")
	if r.code != 0 {
		t.Fatalf(".ci/release exited %d: %s", r.code, r.stderr)
	}

	targets := []string{"darwin_amd64", "darwin_arm64", "linux_amd64", "linux_arm64", "windows_amd64", "windows_arm64"}
	var want []string
	for _, tg := range targets {
		ext := ".tar.gz"
		if strings.HasPrefix(tg, "windows") {
			ext = ".zip"
		}
		want = append(want, "glue-sync_v1.2.3_"+tg+ext)
	}
	entries, err := os.ReadDir(dist)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, en := range entries {
		got = append(got, en.Name())
	}
	if diff := cmp.Diff(sortedCopy(append(append([]string{}, want...), "checksums.txt")), sortedCopy(got)); diff != "" {
		t.Errorf("dist/ (-want +got):\n%s", diff)
	}

	// checksums.txt names every archive with its SHA-256.
	sums := map[string]string{}
	f, err := os.Open(filepath.Join(dist, "checksums.txt"))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 2 {
			sums[fields[1]] = fields[0]
		}
	}
	f.Close()
	for _, name := range want {
		b, err := os.ReadFile(filepath.Join(dist, name))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(b)
		if sums[name] != hex.EncodeToString(h[:]) {
			t.Errorf("checksums.txt has %q for %s; want %x", sums[name], name, h)
		}
		exe := "glue-sync"
		if strings.Contains(name, "windows") {
			exe = "glue-sync.exe"
		}
		if diff := cmp.Diff([]string{"README.md", exe}, archiveNames(t, filepath.Join(dist, name))); diff != "" {
			t.Errorf("%s contents (-want +got):\n%s", name, diff)
		}
	}

	// Every build was static, trimmed and stamped with the tag.
	log := readString(t, filepath.Join(e.log, "go"))
	for _, tg := range targets {
		os, arch, _ := strings.Cut(tg, "_")
		want := os + " " + arch + " cgo=0 trimpath=yes ldflags=-s -w -X github.com/glue-sync/glue-sync/internal/version.Version=v1.2.3\n"
		if !strings.Contains(log, want) {
			t.Errorf("no build %q in the fake go's log:\n%s", want, log)
		}
	}

	// action/install.sh installs from exactly these files.
	files := map[string][]byte{}
	for _, name := range append(want, "checksums.txt") {
		b, err := os.ReadFile(filepath.Join(dist, name))
		if err != nil {
			t.Fatal(err)
		}
		files["/v1.2.3/"+name] = b
	}
	srv := newReleaseServer(t, files)
	inst := e.run(t, "action/install.sh", map[string]string{
		"INPUT_VERSION": "v1.2.3", "RUNNER_OS": "Linux", "RUNNER_ARCH": "ARM64", "GLUE_SYNC_DOWNLOAD_URL": srv.URL,
	}, "install")
	if inst.code != 0 {
		t.Fatalf("install.sh exited %d: %s", inst.code, inst.stderr)
	}
	if !strings.Contains(inst.stdout, "glue-sync v1.2.3 (fake linux/arm64)") {
		t.Errorf("install.sh stdout = %q; want the linux/arm64 binary's version line", inst.stdout)
	}
}

func TestReleaseRefusesBadTags(t *testing.T) {
	t.Parallel()
	for _, tag := range []string{"", "1.2.3", "v1.2", "v1.2.3 ; id", "main"} {
		e := newEnv(t, false)
		r := e.run(t, ".ci/release", map[string]string{"GO": "/bin/false", "DIST": filepath.Join(e.workspace, "dist")}, tag)
		if r.code != 1 || !strings.Contains(r.stderr, "usage: .ci/release vX.Y.Z") {
			t.Errorf(".ci/release %q: exit %d, stderr %q; want 1 and the usage", tag, r.code, r.stderr)
		}
	}
}

func sortedCopy(s []string) []string {
	c := append([]string{}, s...)
	sort.Strings(c)
	return c
}

// archiveNames lists the files in a .tar.gz or .zip, sorted.
func archiveNames(t *testing.T, path string) []string {
	t.Helper()
	var names []string
	if strings.HasSuffix(path, ".zip") {
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		for _, f := range zr.File {
			names = append(names, f.Name)
		}
	} else {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		gz, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		tr := tar.NewReader(gz)
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			names = append(names, h.Name)
		}
	}
	sort.Strings(names)
	return names
}
