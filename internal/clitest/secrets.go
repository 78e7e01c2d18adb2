package clitest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
)

// Unique returns prefix followed by 20 random hex digits.
func Unique(t testing.TB, prefix string) string {
	t.Helper()
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return prefix + hex.EncodeToString(b)
}

// Canary returns a unique string holding characters that base64, URL and
// JSON encodings all change, so that every encoded form differs from it.
func Canary(t testing.TB, prefix string) string {
	t.Helper()
	return Unique(t, prefix+`+/&"<`)
}

// Secrets are values that must never be written anywhere, by label.
type Secrets map[string]string

// EnvSecrets returns the secrets of an environment: the API key and every
// variable whose name ends in PASSWORD, labelled by variable name.
func EnvSecrets(env map[string]string) Secrets {
	s := Secrets{}
	for k, v := range env {
		if k == client.EnvAPIKey || strings.HasSuffix(k, "PASSWORD") {
			s[k] = v
		}
	}
	return s
}

// Forms lists every secret with its encoded forms, as "label (form)" -> text.
func (s Secrets) Forms() map[string]string {
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

// Found lists, sorted, the secret forms text contains.
func (s Secrets) Found(text string) []string {
	var out []string
	for label, f := range s.Forms() {
		if f != "" && strings.Contains(text, f) {
			out = append(out, label)
		}
	}
	slices.Sort(out)
	return out
}

// Check reports every secret form text contains; where names the text.
func (s Secrets) Check(t testing.TB, where, text string) {
	t.Helper()
	for _, label := range s.Found(text) {
		t.Errorf("LEAK: %s contains the %s", where, label)
	}
}

// CheckResult checks a run's stdout, stderr and "--out" plan file.
func (s Secrets) CheckResult(t testing.TB, r Result) {
	t.Helper()
	s.Check(t, fmt.Sprintf("stdout of %q", r.Args), r.Stdout)
	s.Check(t, fmt.Sprintf("stderr of %q", r.Args), r.Stderr)
	if f := OutFile(r.Args); f != "" {
		if b, err := os.ReadFile(f); err == nil {
			s.Check(t, "plan file "+f, string(b))
		}
	}
}

// CheckFiles checks every file under dir and returns how many it read.
func (s Secrets) CheckFiles(t testing.TB, dir string) (files int) {
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
		s.Check(t, "file "+path, string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
