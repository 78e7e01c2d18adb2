package chaos

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// box is a sandbox served on loopback behind a wrapper that counts writes
// and shortens Retry-After.
type box struct {
	srv      *sandbox.Server
	URL, Key string
	// writes counts the requests that may change the account.
	writes atomic.Int64
	// onWrite, when set, is called with the count after each write arrives.
	onWrite atomic.Pointer[func(n int64)]
	// echoKey makes every answer a 401 whose JSON:API error repeats the
	// key it was sent, JSON-escaped, as a careless gateway might.
	echoKey atomic.Bool
	// echoBody makes every asset write a 422 whose error repeats the
	// request body, as an API validation message quoting a value might.
	echoBody atomic.Bool
}

// startBox starts a sandbox with key and faults, loaded with seed.
func startBox(t *testing.T, key string, faults sandbox.Faults, seed string) *box {
	t.Helper()
	srv, err := sandbox.New(sandbox.Options{APIKey: key, RateLimit: -1, Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	if seed != "" {
		if err := srv.LoadSeed(strings.NewReader(seed)); err != nil {
			t.Fatalf("seeding the sandbox: %v", err)
		}
	}
	b := &box{srv: srv, Key: key}
	hs := httptest.NewServer(b)
	t.Cleanup(hs.Close)
	b.URL = hs.URL
	return b
}

// ServeHTTP counts writes and passes the request to the sandbox.
func (b *box) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if b.echoKey.Load() {
		detail, _ := json.Marshal("unknown API key " + r.Header.Get("x-api-key") + " for " + r.URL.String())
		w.Header().Set("Content-Type", "application/vnd.api+json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"errors":[{"status":"401","title":"Unauthorized","detail":%s}]}`, detail)
		return
	}
	if b.echoBody.Load() && r.Method != http.MethodGet && strings.Contains(r.URL.Path, "flexible_assets") {
		body, _ := io.ReadAll(r.Body)
		detail, _ := json.Marshal("cannot save " + string(body))
		w.Header().Set("Content-Type", "application/vnd.api+json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprintf(w, `{"errors":[{"status":"422","title":"Unprocessable Entity","detail":%s}]}`, detail)
		return
	}
	if r.Method != http.MethodGet {
		n := b.writes.Add(1)
		if f := b.onWrite.Load(); f != nil {
			(*f)(n)
		}
	}
	b.srv.ServeHTTP(&quickRetry{ResponseWriter: w}, r)
}

// snapshot returns the whole account as the sandbox stores it.
func (b *box) snapshot(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := b.srv.WriteSnapshot(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// calm returns a fault-free sandbox with the same key holding b's account:
// the faults "turned off".
func (b *box) calm(t *testing.T) *box {
	t.Helper()
	c := startBox(t, b.Key, sandbox.Faults{}, "")
	if err := c.srv.ReadSnapshot(bytes.NewReader(b.snapshot(t))); err != nil {
		t.Fatal(err)
	}
	return c
}

// quickRetry rewrites the sandbox's Retry-After: 1 on a 429 to 10 ms, and
// keeps the connection hijackable so that dropped connections still drop.
type quickRetry struct{ http.ResponseWriter }

func (q *quickRetry) WriteHeader(code int) {
	if code == http.StatusTooManyRequests && q.Header().Get("Retry-After") != "" {
		q.Header().Set("Retry-After", "0.01")
	}
	q.ResponseWriter.WriteHeader(code)
}

func (q *quickRetry) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if hj, ok := q.ResponseWriter.(http.Hijacker); ok {
		return hj.Hijack()
	}
	return nil, nil, errors.New("not hijackable")
}
