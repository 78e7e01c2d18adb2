package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// lockedBuffer is a bytes.Buffer safe to read while a command writes to it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var listenLine = regexp.MustCompile(`sandbox listening on (http://\S+)\nAPI key: (\S+)\n`)

// startSandboxCmd runs "glue-sync sandbox args..." until the returned stop is called.
func startSandboxCmd(t *testing.T, args ...string) (url, key string, stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, errOut := &lockedBuffer{}, &lockedBuffer{}
	ios := &IOStreams{In: strings.NewReader(""), Out: out, ErrOut: errOut}
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, append([]string{"sandbox", "--listen", "127.0.0.1:0"}, args...), func(string) string { return "" }, ios)
	}()
	deadline := time.After(10 * time.Second)
	for {
		if m := listenLine.FindStringSubmatch(out.String()); m != nil {
			url, key = m[1], m[2]
			break
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("sandbox exited with %d before listening: %s", code, errOut.String())
		case <-deadline:
			cancel()
			t.Fatalf("sandbox did not start; output so far: %q", out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	stopped := false
	stop = func() (int, string) {
		if stopped {
			return 0, ""
		}
		stopped = true
		cancel()
		return <-done, errOut.String()
	}
	t.Cleanup(func() { stop() })
	return url, key, stop
}

func request(t *testing.T, method, url, key, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("x-api-key", key)
	if body != "" {
		req.Header.Set("Content-Type", "application/vnd.api+json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestSandboxCmdServesAndPersists(t *testing.T) {
	t.Parallel()
	data := filepath.Join(t.TempDir(), "account.json")
	url, key, stop := startSandboxCmd(t, "--data", data, "--key", "ITG.cli-test")
	if key != "ITG.cli-test" {
		t.Fatalf("printed key = %q; want the --key value", key)
	}
	if code, body := request(t, "GET", url+"/organizations", "ITG.wrong", ""); code != 401 {
		t.Fatalf("wrong key: status %d; want 401 (%s)", code, body)
	}
	code, body := request(t, "POST", url+"/organizations", key, `{"data":{"type":"organizations","attributes":{"name":"Persisted Org"}}}`)
	if code != 201 {
		t.Fatalf("POST: %d %s", code, body)
	}
	// The change is saved shortly after the write, before any shutdown.
	deadline := time.Now().Add(5 * time.Second)
	for {
		b, _ := os.ReadFile(data)
		if strings.Contains(string(b), "Persisted Org") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("--data not written within 5 s of a change")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, errText := stop(); code != ExitOK {
		t.Fatalf("exit code %d; want 0 (%s)", code, errText)
	}
	saved, err := os.ReadFile(data)
	if err != nil {
		t.Fatalf("--data file not written: %v", err)
	}
	if !strings.Contains(string(saved), "Persisted Org") || strings.Contains(string(saved), "ITG.cli-test") {
		t.Fatalf("--data file should hold the account and never the key:\n%s", saved)
	}
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(data), ".*tmp*"))
	if len(matches) != 0 {
		t.Errorf("temporary files left behind: %v", matches)
	}

	// A restart with the same --data has the organization; the seed is not applied.
	seed := filepath.Join(t.TempDir(), "seed.yaml")
	os.WriteFile(seed, []byte("organizations:\n  - name: From Seed\n"), 0o600)
	url, key, _ = startSandboxCmd(t, "--data", data, "--seed", seed)
	if !strings.HasPrefix(key, "ITG.") || len(key) < 20 {
		t.Errorf("generated key %q; want a long ITG. key", key)
	}
	_, body = request(t, "GET", url+"/organizations", key, "")
	if !strings.Contains(body, "Persisted Org") || strings.Contains(body, "From Seed") {
		t.Errorf("after restart: %s; want the saved organization only", body)
	}
}

func TestSandboxCmdSeed(t *testing.T) {
	t.Parallel()
	seed := filepath.Join(t.TempDir(), "seed.yaml")
	os.WriteFile(seed, []byte("organizations:\n  - name: Seeded Org\n"), 0o600)
	url, key, _ := startSandboxCmd(t, "--seed", seed, "--rate-limit", "2")
	if _, body := request(t, "GET", url+"/organizations", key, ""); !strings.Contains(body, "Seeded Org") {
		t.Errorf("GET /organizations = %s; want the seeded organization", body)
	}
	request(t, "GET", url+"/organizations", key, "")
	if code, _ := request(t, "GET", url+"/organizations", key, ""); code != 429 {
		t.Errorf("third request with --rate-limit 2: status %d; want 429", code)
	}
}

func TestSandboxCmdProfile(t *testing.T) {
	t.Parallel()
	url, _, _ := startSandboxCmd(t, "--profile", "pessimistic")
	// The pessimistic profile answers a bad key as IT Glue's gateway does.
	if code, body := request(t, "GET", url+"/organizations", "ITG.wrong", ""); code != 403 || !strings.Contains(body, `"message":"Forbidden"`) {
		t.Errorf("bad key: %d %s; want the pessimistic 403", code, body)
	}
}

func TestSandboxCmdErrors(t *testing.T) {
	t.Parallel()
	badSeed := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(badSeed, []byte("organizations:\n  - nmae: Typo\n"), 0o600)
	corrupt := filepath.Join(t.TempDir(), "account.json")
	os.WriteFile(corrupt, []byte(`{"format":1,"account":{`), 0o600)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"remote listen refused", []string{"--listen", "0.0.0.0:8080"}, "--allow-remote"},
		{"all interfaces refused", []string{"--listen", ":8080"}, "reachable from other machines"},
		{"malformed listen", []string{"--listen", "nonsense"}, "use host:port"},
		{"missing seed", []string{"--listen", "127.0.0.1:0", "--seed", "/nonexistent/seed.yaml"}, "--seed"},
		{"bad seed", []string{"--listen", "127.0.0.1:0", "--seed", badSeed}, "nmae"},
		{"unwritable data", []string{"--listen", "127.0.0.1:0", "--data", filepath.Join(t.TempDir(), "missing", "account.json")}, "writable directory"},
		{"corrupt data", []string{"--listen", "127.0.0.1:0", "--data", corrupt}, "is it a file written by the sandbox"},
		{"unknown profile", []string{"--listen", "127.0.0.1:0", "--profile", "optimistic"}, "default or pessimistic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, out, errOut := TestStreams()
			// A sandbox that wrongly starts stops after the timeout with code 0.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			code := Main(ctx, append([]string{"sandbox"}, tt.args...), func(string) string { return "" }, ios)
			if code != ExitError {
				t.Errorf("exit code %d; want %d", code, ExitError)
			}
			if !strings.Contains(errOut.String(), tt.want) {
				t.Errorf("stderr %q; want it to mention %q", errOut.String(), tt.want)
			}
			if strings.Contains(out.String(), "API key") {
				t.Errorf("printed a key although it did not start: %q", out.String())
			}
		})
	}
	if b, _ := os.ReadFile(corrupt); string(b) != `{"format":1,"account":{` {
		t.Errorf("a --data file that failed to load was overwritten: %q", b)
	}

	// A sandbox that cannot listen writes no --data file.
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	data := filepath.Join(t.TempDir(), "account.json")
	ios, _, _, errOut := TestStreams()
	if code := Main(context.Background(), []string{"sandbox", "--listen", busy.Addr().String(), "--data", data}, func(string) string { return "" }, ios); code != ExitError {
		t.Errorf("listening on a busy port: exit code %d; want %d (%s)", code, ExitError, errOut)
	}
	if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a sandbox that did not start wrote --data (%v)", err)
	}
}

// TestSandboxCmdDataWrittenAtStart checks that a fresh --data file holds the
// seeded account as soon as the sandbox listens, before any write.
func TestSandboxCmdDataWrittenAtStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	seed, data := filepath.Join(dir, "seed.yaml"), filepath.Join(dir, "account.json")
	os.WriteFile(seed, []byte("organizations:\n  - name: Seeded Early\n"), 0o600)
	startSandboxCmd(t, "--seed", seed, "--data", data)
	b, err := os.ReadFile(data)
	if err != nil || !strings.Contains(string(b), "Seeded Early") {
		t.Fatalf("--data right after start: %q, %v; want the seeded account", b, err)
	}
}

// TestDataSaverLeavesNoTempFiles: a sandbox killed mid-save (kill -9)
// leaves at most one temporary file, which the next save takes over:
// they used to pile up, one per kill.
func TestDataSaverLeavesNoTempFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	data := filepath.Join(dir, "account.json")
	// What a kill -9 during a save leaves behind.
	if err := os.WriteFile(filepath.Join(dir, ".account.json.tmp"), []byte(`{"half":`), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := sandbox.New(sandbox.Options{APIKey: "ITG.x", RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	s := newDataSaver(srv, data, io.Discard)
	for range 3 {
		if err := s.save(); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 1 || names[0] != "account.json" {
		t.Errorf("the data folder holds %q; want only account.json", names)
	}
}
