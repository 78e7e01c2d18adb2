package chaos

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// exampleRepo is examples/repo, from this package's directory.
const exampleRepo = "../../examples/repo"

// canary returns a unique string holding characters that base64, URL and
// JSON encodings all change, so that every encoded form differs from it.
func canary(t *testing.T, prefix string) string {
	t.Helper()
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return prefix + `+/&"<` + hex.EncodeToString(b)
}

// secrets are the values that must never be written anywhere, by label.
type secrets map[string]string

// forms lists every secret with its encoded forms, as "label (form)" -> text.
func (s secrets) forms() map[string]string {
	out := map[string]string{}
	for label, v := range s {
		if v == "" {
			continue
		}
		js, _ := json.Marshal(v)
		quoted := strings.Trim(string(js), `"`)
		out[label] = v
		out[label+" (base64)"] = base64.StdEncoding.EncodeToString([]byte(v))
		out[label+" (base64url)"] = base64.URLEncoding.EncodeToString([]byte(v))
		out[label+" (raw base64)"] = base64.RawStdEncoding.EncodeToString([]byte(v))
		out[label+" (query-escaped)"] = url.QueryEscape(v)
		out[label+" (path-escaped)"] = url.PathEscape(v)
		out[label+" (JSON-escaped)"] = quoted
		out[label+" (JSON-escaped, no HTML escapes)"] = strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(quoted)
		if i := strings.LastIndexAny(v, `<`); i >= 0 && len(v)-i > 8 {
			out[label+" (its random part)"] = v[i+1:]
		}
	}
	return out
}

// found lists the secret forms text contains.
func (s secrets) found(text string) []string {
	var out []string
	for label, f := range s.forms() {
		if f != "" && strings.Contains(text, f) {
			out = append(out, label)
		}
	}
	slices.Sort(out)
	return out
}

// check reports every secret form text contains.
func (s secrets) check(t *testing.T, where, text string) {
	t.Helper()
	for _, label := range s.found(text) {
		t.Errorf("LEAK: %s contains the %s", where, label)
	}
}

// checkFiles reports every secret form in any file under dir.
func (s secrets) checkFiles(t *testing.T, dir string) (files int) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		s.check(t, "file "+path, string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// passwordEnvs lists the environment variables the Password traits of the
// repository in dir name.
func passwordEnvs(t *testing.T, dir string) []string {
	t.Helper()
	ds, diags := spec.LoadDir(context.Background(), dir)
	if diags.HasErrors() {
		t.Fatalf("%s:\n%s", dir, diags)
	}
	set := map[string]bool{}
	for _, a := range ds.Assets {
		for _, tv := range a.Traits {
			if tv.Secret != nil {
				set[tv.Secret.Env] = true
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// env is what glue-sync reads from the environment: the box's URL and
// key, and one canary password per variable in pwEnvs.
func env(t *testing.T, b *box, pwEnvs []string) map[string]string {
	t.Helper()
	e := map[string]string{client.EnvBaseURL: b.URL, client.EnvAPIKey: b.Key}
	for _, v := range pwEnvs {
		e[v] = canary(t, "pw-"+strings.ToLower(v)+"-")
	}
	return e
}

// secretsOf returns the key and the password values of e.
func secretsOf(e map[string]string) secrets {
	s := secrets{}
	for k, v := range e {
		if k == client.EnvAPIKey || strings.HasSuffix(k, "PASSWORD") {
			s[k] = v
		}
	}
	return s
}

// result is one glue-sync run.
type result struct {
	args           []string
	code           int
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("glue-sync %q: exit %d\n--- stdout:\n%s\n--- stderr:\n%s", r.args, r.code, r.stdout, r.stderr)
}

// run runs glue-sync with args and the environment e under ctx, fails the
// test on a panic, and checks stdout, stderr and any --out file for the
// secrets of e.
func run(ctx context.Context, t *testing.T, e map[string]string, args ...string) result {
	t.Helper()
	ios, _, out, errOut := cli.TestStreams()
	r := result{args: args}
	func() {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("glue-sync %q panicked: %v\n%s", args, p, debug.Stack())
			}
		}()
		r.code = cli.Main(ctx, args, func(k string) string { return e[k] }, ios,
			cli.WithClientOptions(client.WithBackoff(time.Millisecond, 10*time.Millisecond), client.WithMaxRetryAfter(10*time.Millisecond)))
	}()
	r.stdout, r.stderr = out.String(), errOut.String()
	s := secretsOf(e)
	s.check(t, fmt.Sprintf("stdout of %q", args), r.stdout)
	s.check(t, fmt.Sprintf("stderr of %q", args), r.stderr)
	for i, a := range args {
		if a == "--out" && i+1 < len(args) {
			if b, err := os.ReadFile(args[i+1]); err == nil {
				s.check(t, "plan file "+args[i+1], string(b))
			}
		}
	}
	return r
}

// writeFiles writes files (path -> content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for path, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
