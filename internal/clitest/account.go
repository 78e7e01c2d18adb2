package clitest

import (
	"bytes"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// Options say what account Start serves. The zero value is an empty
// account with a random key, no rate limit and no faults.
type Options struct {
	// Key is the API key; "" means "ITG.test-" and random hex.
	Key string
	// Seed is a YAML or JSON seed loaded at start; "" loads nothing.
	Seed string
	// Faults are injected by the sandbox (see sandbox.Faults).
	Faults sandbox.Faults
	// Sandbox, when set, changes any other sandbox option (a profile, a
	// rate limit, a clock) after the ones above are set.
	Sandbox func(*sandbox.Options)
	// Wrap, when set, wraps the sandbox's handler: to count requests or
	// to answer some of them itself, as a gateway in front of IT Glue
	// might.
	Wrap func(http.Handler) http.Handler
}

// Account is a sandbox account served on loopback until the test ends.
type Account struct {
	// URL is the base URL of the account (http://127.0.0.1:PORT).
	URL string
	// Key is the API key the account accepts.
	Key string
	// Server is the sandbox, for seeding and inspection.
	Server *sandbox.Server
}

// Start serves an account as o says, closed at test cleanup.
func Start(t testing.TB, o Options) *Account {
	t.Helper()
	if o.Key == "" {
		o.Key = Unique(t, "ITG.test-")
	}
	so := sandbox.Options{APIKey: o.Key, RateLimit: -1, Faults: o.Faults}
	if o.Sandbox != nil {
		o.Sandbox(&so)
	}
	srv, err := sandbox.New(so)
	if err != nil {
		t.Fatalf("clitest: starting a sandbox: %v", err)
	}
	if o.Seed != "" {
		if err := srv.LoadSeed(strings.NewReader(o.Seed)); err != nil {
			t.Fatalf("clitest: seeding the sandbox: %v", err)
		}
	}
	var h http.Handler = srv
	if o.Wrap != nil {
		h = o.Wrap(srv)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return &Account{URL: hs.URL, Key: so.APIKey, Server: srv}
}

// Env returns the environment that points glue-sync at the account
// (ITGLUE_BASE_URL and ITGLUE_API_KEY) with the variables of extra added.
func (a *Account) Env(extra map[string]string) map[string]string {
	e := map[string]string{client.EnvBaseURL: a.URL, client.EnvAPIKey: a.Key}
	maps.Copy(e, extra)
	return e
}

// Client returns an API client for the account, with no rate limit.
func (a *Account) Client(t testing.TB) *client.Client {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: a.URL, APIKey: a.Key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Snapshot returns the whole account as the sandbox stores it.
func (a *Account) Snapshot(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := a.Server.WriteSnapshot(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Copy serves a new account with o's key, faults and wrapping, holding
// what a's holds now (o.Seed is ignored): for instance the account of a
// faulty sandbox with the faults "turned off".
func (a *Account) Copy(t testing.TB, o Options) *Account {
	t.Helper()
	o.Seed = ""
	c := Start(t, o)
	if err := c.Server.ReadSnapshot(bytes.NewReader(a.Snapshot(t))); err != nil {
		t.Fatal(err)
	}
	return c
}
