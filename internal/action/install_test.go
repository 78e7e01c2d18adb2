package action

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/glue-sync/glue-sync/internal/testexit"
)

// fakeBinary is the "glue-sync" inside the fake release archives.
const fakeBinary = "#!/bin/sh\necho \"glue-sync v1.2.3 (fake release binary)\"\n"

func targz(t *testing.T, name, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	for _, f := range []struct{ name, body string }{{"README.md", "readme\n"}, {name, content}} {
		if err := tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o755, Size: int64(len(f.body)), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(f.body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipped(t *testing.T, name, content string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write([]byte(content)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// releaseServer serves files under /v1.2.3/ and records the paths asked for.
type releaseServer struct {
	*httptest.Server
	mu        sync.Mutex
	files     map[string][]byte
	requested []string
}

func newReleaseServer(t *testing.T, files map[string][]byte) *releaseServer {
	s := &releaseServer{files: files}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requested = append(s.requested, r.URL.Path)
		s.mu.Unlock()
		b, ok := s.files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(b)
	}))
	t.Cleanup(s.Close)
	return s
}

func checksums(files map[string][]byte) []byte {
	var b strings.Builder
	for name, body := range files {
		sum := sha256.Sum256(body)
		fmt.Fprintf(&b, "%s  %s\n", hex.EncodeToString(sum[:]), name)
	}
	return []byte(b.String())
}

func TestInstallRelease(t *testing.T) {
	t.Parallel()
	linux := targz(t, "glue-sync", fakeBinary)
	darwinArm := targz(t, "glue-sync", fakeBinary)
	windows := zipped(t, "glue-sync.exe", fakeBinary)
	good := map[string][]byte{
		"glue-sync_v1.2.3_linux_amd64.tar.gz":  linux,
		"glue-sync_v1.2.3_darwin_arm64.tar.gz": darwinArm,
		"glue-sync_v1.2.3_windows_amd64.zip":   windows,
	}
	tests := []struct {
		name       string
		os, arch   string
		sums       []byte            // checksums.txt; nil: the good one
		serve      map[string][]byte // archives served; nil: the good ones
		wantExe    string
		wantAsset  string
		wantErr    string
		needsUnzip bool
	}{
		{name: "linux amd64", os: "Linux", arch: "X64", wantExe: "glue-sync", wantAsset: "glue-sync_v1.2.3_linux_amd64.tar.gz"},
		{name: "macOS arm64", os: "macOS", arch: "ARM64", wantExe: "glue-sync", wantAsset: "glue-sync_v1.2.3_darwin_arm64.tar.gz"},
		{name: "windows amd64", os: "Windows", arch: "X64", wantExe: "glue-sync.exe", wantAsset: "glue-sync_v1.2.3_windows_amd64.zip", needsUnzip: true},
		{name: "an archive that does not match checksums.txt", os: "Linux", arch: "X64",
			serve:   map[string][]byte{"glue-sync_v1.2.3_linux_amd64.tar.gz": targz(t, "glue-sync", "#!/bin/sh\necho tampered\n")},
			wantErr: "glue-sync_v1.2.3_linux_amd64.tar.gz does not match the release's checksums.txt"},
		{name: "an archive missing from checksums.txt", os: "Linux", arch: "X64",
			sums:    checksums(map[string][]byte{"glue-sync_v1.2.3_darwin_arm64.tar.gz": darwinArm}),
			wantErr: "has no line for glue-sync_v1.2.3_linux_amd64.tar.gz; refusing to install an unchecked binary"},
		{name: "no asset for this platform", os: "Linux", arch: "ARM64",
			wantErr: "could not download " + "{url}/v1.2.3/glue-sync_v1.2.3_linux_arm64.tar.gz: check that release v1.2.3 exists and has an asset for linux/arm64, or use version: source"},
		{name: "an unknown runner OS", os: "Plan9", arch: "X64", wantErr: `no glue-sync release for the runner OS "Plan9": use version: source`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.needsUnzip {
				if _, err := exec.LookPath("unzip"); err != nil {
					t.Skip("unzip is not installed")
				}
			}
			serve := tt.serve
			if serve == nil {
				serve = good
			}
			sums := tt.sums
			if sums == nil {
				sums = checksums(good)
			}
			files := map[string][]byte{"/v1.2.3/checksums.txt": sums}
			for name, body := range serve {
				files["/v1.2.3/"+name] = body
			}
			srv := newReleaseServer(t, files)
			e := newEnv(t, false)
			r := e.run(t, "action/install.sh", map[string]string{
				"INPUT_VERSION": "v1.2.3", "RUNNER_OS": tt.os, "RUNNER_ARCH": tt.arch,
				"GLUE_SYNC_DOWNLOAD_URL": srv.URL + "/",
			}, "install")
			installed := filepath.Join(e.temp, "glue-sync-bin", tt.wantExe)
			if tt.wantErr != "" {
				want := strings.ReplaceAll(tt.wantErr, "{url}", srv.URL)
				if r.code != 1 || !strings.Contains(r.stderr, "::error title=glue-sync action::") || !strings.Contains(r.stderr, want) {
					t.Errorf("exit %d, stderr %q; want 1 and %q", r.code, r.stderr, want)
				}
				if _, err := os.Stat(filepath.Join(e.temp, "glue-sync-bin", "glue-sync")); err == nil {
					t.Error("a binary was installed after a refusal")
				}
				if b, _ := os.ReadFile(e.vars["GITHUB_PATH"]); len(b) > 0 {
					t.Errorf("GITHUB_PATH was written after a refusal: %q", b)
				}
				return
			}
			if r.code != 0 {
				t.Fatalf("exit %d: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, "glue-sync v1.2.3 (fake release binary)") {
				t.Errorf("stdout = %q; want the installed binary's version line", r.stdout)
			}
			if fi, err := os.Stat(installed); err != nil || fi.Mode()&0o111 == 0 {
				t.Errorf("%s not installed as an executable: %v", installed, err)
			}
			if got := readString(t, e.vars["GITHUB_PATH"]); got != filepath.Join(e.temp, "glue-sync-bin")+"\n" {
				t.Errorf("GITHUB_PATH = %q; want the install folder", got)
			}
			if want := "/v1.2.3/" + tt.wantAsset; !contains(srv.requested, want) {
				t.Errorf("requested %q; want %q among them", srv.requested, want)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestInstallRefusesBadVersionsAndURLs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		vars map[string]string
		want string
	}{
		{"latest is not a version", map[string]string{"INPUT_VERSION": "latest"}, `input version must be a release tag like v1.2.3 or "source" (build the action's own checkout), got "latest"`},
		{"a version without v", map[string]string{"INPUT_VERSION": "1.2.3"}, `got "1.2.3"`},
		{"a short tag", map[string]string{"INPUT_VERSION": "v1.2"}, `input version must be a release tag like v1.2.3 or "source", got "v1.2"`},
		{"shell in the tag", map[string]string{"INPUT_VERSION": "v1.2.3;id"}, `got "v1.2.3;id"`},
		{"a path in the tag", map[string]string{"INPUT_VERSION": "v1.2.3/../../x"}, `got "v1.2.3/../../x"`},
		{"plain http to a remote host", map[string]string{"INPUT_VERSION": "v1.2.3", "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64", "GLUE_SYNC_DOWNLOAD_URL": "http://mirror.example.com/releases"}, "GLUE_SYNC_DOWNLOAD_URL must be an https URL (plain http only on loopback)"},
		{"no mode", map[string]string{"INPUT_VERSION": "source"}, "usage: install.sh cache-key|install"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, false)
			args := []string{"install"}
			if tt.name == "no mode" {
				args = nil
			}
			r := e.run(t, "action/install.sh", tt.vars, args...)
			if r.code != 1 || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", r.code, r.stderr, tt.want)
			}
		})
	}
}

// build is glue-sync built once per test run by action/install.sh with
// version: source, as the action does, for the tests that need the real
// binary.
var build struct {
	once   sync.Once
	dir    string // holds runner-temp/glue-sync-bin/glue-sync
	result result
	skip   string
}

// builtGlueSync returns the folder holding the glue-sync that install.sh
// built from this checkout, and install.sh's result.
func builtGlueSync(t *testing.T) (string, result) {
	t.Helper()
	if dir := os.Getenv("GLUE_SYNC_ACTION_TEST_BINDIR"); dir != "" {
		return dir, result{stdout: "\nglue-sync (given by GLUE_SYNC_ACTION_TEST_BINDIR)"}
	}
	if testing.Short() {
		t.Skip("builds glue-sync")
	}
	build.once.Do(func() {
		gobin, err := exec.LookPath("go")
		if err != nil {
			build.skip = "go is not on PATH"
			return
		}
		actionPath, err := filepath.Abs(root)
		if err != nil {
			build.skip = err.Error()
			return
		}
		dir, err := os.MkdirTemp("", "glue-sync-action-test-")
		if err != nil {
			build.skip = err.Error()
			return
		}
		build.dir = dir
		e := &env{workspace: dir, temp: filepath.Join(dir, "runner-temp"), log: dir, vars: map[string]string{
			"PATH":               filepath.Dir(gobin) + ":/usr/bin:/bin",
			"HOME":               dir,
			"RUNNER_TEMP":        filepath.Join(dir, "runner-temp"),
			"GITHUB_PATH":        filepath.Join(dir, "github-path"),
			"INPUT_VERSION":      "source",
			"GITHUB_ACTION_PATH": actionPath,
		}}
		for k, v := range goEnvs(gobin) {
			e.vars[k] = v
		}
		build.result = e.run(t, "action/install.sh", nil, "install")
	})
	if build.skip != "" {
		t.Skip(build.skip)
	}
	if build.result.code != 0 {
		t.Fatalf("install.sh install (version source) exited %d:\n%s", build.result.code, build.result.stderr)
	}
	return filepath.Join(build.dir, "runner-temp", "glue-sync-bin"), build.result
}

func TestMain(m *testing.M) {
	testexit.Main(m, func() {
		if build.dir != "" {
			_ = os.RemoveAll(build.dir)
		}
	})
}

// goEnvs are the go command's settings from this environment, which a
// script's go needs too (caches, proxy, flags).
func goEnvs(gobin string) map[string]string {
	vars := map[string]string{}
	keys := []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOPROXY", "GOFLAGS", "GOTOOLCHAIN"}
	out, err := exec.Command(gobin, append([]string{"env"}, keys...)...).Output() // one line per key, in order
	if err != nil {
		return vars
	}
	for i, v := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		if i < len(keys) && strings.TrimSpace(v) != "" {
			vars[keys[i]] = strings.TrimSpace(v)
		}
	}
	return vars
}

// TestInstallSource checks the action's version: source path: the cache key
// step, and the build (which also installs on GITHUB_PATH and prints the
// version).
func TestInstallSource(t *testing.T) {
	t.Parallel()
	t.Run("cache-key", func(t *testing.T) {
		gobin, err := exec.LookPath("go")
		if err != nil {
			t.Skip("go is not on PATH")
		}
		actionPath, err := filepath.Abs(root)
		if err != nil {
			t.Fatal(err)
		}
		e := newEnv(t, false)
		vars := goEnvs(gobin)
		vars["INPUT_VERSION"] = "source"
		vars["GITHUB_ACTION_PATH"] = actionPath
		vars["PATH"] = filepath.Dir(gobin) + ":" + e.vars["PATH"]
		r := e.run(t, "action/install.sh", vars, "cache-key")
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.Sum256(sum)
		key, _ := output(r.outputs, "key")
		if !strings.HasPrefix(key, "glue-sync-build-") || !strings.Contains(key, goEnv(t, gobin, "GOVERSION")) || !strings.HasSuffix(key, hex.EncodeToString(h[:])[:16]) {
			t.Errorf("key = %q; want it to name the Go version and go.sum's hash", key)
		}
		if got, _ := output(r.outputs, "gomodcache"); got != vars["GOMODCACHE"] {
			t.Errorf("gomodcache = %q; want %q", got, vars["GOMODCACHE"])
		}
		if got, _ := output(r.outputs, "gocache"); got != vars["GOCACHE"] {
			t.Errorf("gocache = %q; want %q", got, vars["GOCACHE"])
		}
	})
	t.Run("install", func(t *testing.T) {
		if os.Getenv("GLUE_SYNC_ACTION_TEST_BINDIR") != "" {
			t.Skip("GLUE_SYNC_ACTION_TEST_BINDIR gives the binary; nothing is built")
		}
		bin, r := builtGlueSync(t)
		if !strings.Contains(r.stdout, "\nglue-sync ") {
			t.Errorf("stdout = %q; want the built binary's version line", r.stdout)
		}
		if got := readString(t, filepath.Join(build.dir, "github-path")); got != bin+"\n" {
			t.Errorf("GITHUB_PATH = %q; want %q", got, bin+"\n")
		}
		out, err := exec.Command(filepath.Join(bin, "glue-sync"), "--help").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "glue-sync keeps IT Glue documentation in git") {
			t.Errorf("the built binary's --help: %v\n%s", err, out)
		}
	})
}

// TestRunValidateWithGlueSync runs action/run.sh with the real binary for
// validate: a good repository passes, a broken one fails with a file/line
// annotation.
func TestRunValidateWithGlueSync(t *testing.T) {
	t.Parallel()
	bin, _ := builtGlueSync(t)
	e := newEnv(t, false)
	path := map[string]string{"PATH": bin + ":/usr/bin:/bin"}
	example, err := filepath.Abs(filepath.Join(root, "examples", "repo"))
	if err != nil {
		t.Fatal(err)
	}
	r := e.run(t, "action/run.sh", merge(path, map[string]string{"INPUT_COMMAND": "validate", "INPUT_DIRECTORY": example}))
	if code, _ := output(r.outputs, "exit-code"); r.code != 0 || code != "0" {
		t.Errorf("validate examples/repo: exit %d, exit-code output %q; want 0\n%s%s", r.code, code, r.stdout, r.stderr)
	}

	bad := filepath.Join(e.workspace, "bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	doc := "kind: FlexibleAsset\norganization: Nowhere Ltd\ntype: No Such Type\ntraits: {}\n"
	if err := os.WriteFile(filepath.Join(bad, "asset.yaml"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	_ = os.Remove(e.vars["GITHUB_OUTPUT"])
	r = e.run(t, "action/run.sh", merge(path, map[string]string{"INPUT_COMMAND": "validate", "INPUT_DIRECTORY": "bad"}))
	if code, _ := output(r.outputs, "exit-code"); r.code != 1 || code != "1" {
		t.Errorf("validate bad/: exit %d, exit-code output %q; want 1", r.code, code)
	}
	if !strings.Contains(r.stdout+r.stderr, "::error file=bad/asset.yaml,line=") {
		t.Errorf("validate bad/ printed no annotation for bad/asset.yaml:\n%s%s", r.stdout, r.stderr)
	}
}

func merge(a, b map[string]string) map[string]string {
	m := map[string]string{}
	for k, v := range a {
		m[k] = v
	}
	for k, v := range b {
		m[k] = v
	}
	return m
}

func goEnv(t *testing.T, gobin, name string) string {
	t.Helper()
	out, err := exec.Command(gobin, "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}
