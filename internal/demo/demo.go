package demo

import (
	"bytes"
	"crypto/rand"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/glue-sync/glue-sync/internal/sandbox"
)

//go:embed seed.yaml
var seed []byte

// Seed returns a copy of the embedded demo seed (the sandbox seed format).
func Seed() []byte { return bytes.Clone(seed) }

// Sandbox is a running demo sandbox.
type Sandbox struct {
	// URL is the base URL to point a client at (http://127.0.0.1:PORT).
	URL string
	// Key is the random API key the sandbox accepts. Never print it.
	Key string
	// Server is the sandbox itself (request counts, snapshots).
	Server *sandbox.Server

	srv  *http.Server
	done chan error
}

// SeededAt is the created-at and updated-at of every object of the demo
// account as loaded. It is fixed, so that every run's demo account is the
// same: a plan saved with "plan --sandbox --out FILE" applies with
// "apply --sandbox FILE" in a later run instead of being refused as stale.
func SeededAt() time.Time { return time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC) }

// NewServer returns a sandbox server preloaded with the demo account and
// accepting key. Its rate limit is off: the demo must never wait. Objects
// of the seed carry SeededAt; later writes carry the time they happen.
func NewServer(key string) (*sandbox.Server, error) {
	var loaded atomic.Bool
	clock := func() time.Time {
		if loaded.Load() {
			return time.Now()
		}
		return SeededAt()
	}
	s, err := sandbox.New(sandbox.Options{APIKey: key, RateLimit: -1, Now: clock})
	if err != nil {
		return nil, fmt.Errorf("starting the demo sandbox: %w", err)
	}
	if err := s.LoadSeed(bytes.NewReader(seed)); err != nil {
		return nil, fmt.Errorf("loading the demo account: %w", err)
	}
	loaded.Store(true)
	return s, nil
}

// Start runs the demo sandbox on 127.0.0.1 on a free port, with a fresh
// random key. Call Close when done.
func Start() (*Sandbox, error) {
	key, err := randomKey()
	if err != nil {
		return nil, err
	}
	s, err := NewServer(key)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("starting the demo sandbox: listening on 127.0.0.1: %w", err)
	}
	sb := &Sandbox{
		URL:    "http://" + ln.Addr().String(),
		Key:    key,
		Server: s,
		srv:    &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second},
		done:   make(chan error, 1),
	}
	go func() { sb.done <- sb.srv.Serve(ln) }()
	return sb, nil
}

// Close stops the sandbox; the demo account is gone afterwards. It closes
// every connection at once instead of waiting for them to go idle: the
// sandbox lives in this process and its only client is done when Close is
// called. (A graceful http.Server.Shutdown would wait up to 5 s for a
// connection the client opened but never used, which net/http counts as
// idle only once it is 5 s old: about 1 in 10 "plan --sandbox" runs then
// took 5.1 s instead of 0.1 s.)
func (sb *Sandbox) Close() error {
	err := sb.srv.Close()
	if serr := <-sb.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	if err != nil {
		return fmt.Errorf("stopping the demo sandbox: %w", err)
	}
	return nil
}

// randomKey returns a throwaway key in IT Glue's "ITG." shape.
func randomKey() (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("starting the demo sandbox: generating a key: %w", err)
	}
	return "ITG.sandbox-" + hex.EncodeToString(b), nil
}
