package sandboxtest

import (
	"crypto/rand"
	"encoding/hex"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// Sandbox is a running sandbox.
type Sandbox struct {
	// URL is the base URL (no trailing slash) to send requests to.
	URL string
	// Key is the API key the sandbox accepts.
	Key string
	// Server is the sandbox itself, for seeding and inspection.
	Server *sandbox.Server
}

// Start runs a sandbox on a loopback httptest server, closed at test
// cleanup. By default the key is "ITG.test-" plus random hex and the rate
// limit is off; opts may change any option.
func Start(t testing.TB, opts ...func(*sandbox.Options)) *Sandbox {
	t.Helper()
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("sandboxtest: generating a key: %v", err)
	}
	o := sandbox.Options{APIKey: "ITG.test-" + hex.EncodeToString(b), RateLimit: -1}
	for _, f := range opts {
		f(&o)
	}
	srv, err := sandbox.New(o)
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &Sandbox{URL: hs.URL, Key: o.APIKey, Server: srv}
}

// WithProfile is a Start option that serves the account in profile p.
func WithProfile(p sandbox.Profile) func(*sandbox.Options) {
	return func(o *sandbox.Options) { o.Profile = p }
}

// Seed loads a YAML or JSON seed into the sandbox, failing the test on error.
func (s *Sandbox) Seed(t testing.TB, seed string) {
	t.Helper()
	if err := s.Server.LoadSeed(strings.NewReader(seed)); err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
}
