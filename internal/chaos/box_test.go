package chaos

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/glue-sync/glue-sync/internal/clitest"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// box is a sandbox account (clitest.Start) behind a wrapper that counts
// writes and can play a careless gateway.
type box struct {
	*clitest.Account
	// profile is the sandbox profile the account is served in.
	profile sandbox.Profile
	// faults are the faults the sandbox injects.
	faults sandbox.Faults
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

// forProfiles runs f once per sandbox profile, as subtests named after it,
// the pessimistic profile (the least convenient reading of IT Glue's
// documentation) first.
func forProfiles(t *testing.T, f func(t *testing.T, p sandbox.Profile)) {
	for _, p := range []sandbox.Profile{sandbox.ProfilePessimistic, sandbox.ProfileDefault} {
		t.Run(p.String(), func(t *testing.T) { f(t, p) })
	}
}

// takes reports whether the i-th case of a list that alternates between
// the profiles runs in profile p: the pessimistic profile takes the even
// cases, the default one the odd. Cases that differ only in where or how
// the faults fall (an interrupted write, a fault seed) are shared out this
// way, so that every case still runs and each profile meets early and late
// ones, at half the cost of running every case in both.
func takes(p sandbox.Profile, i int) bool {
	return (i%2 == 0) == (p == sandbox.ProfilePessimistic)
}

// inProfile is a clitest option setting the sandbox profile.
func inProfile(p sandbox.Profile) func(*sandbox.Options) {
	return func(o *sandbox.Options) { o.Profile = p }
}

// startBox starts a sandbox in profile p with key and faults, loaded with seed.
func startBox(t *testing.T, p sandbox.Profile, key string, faults sandbox.Faults, seed string) *box {
	t.Helper()
	b := &box{profile: p, faults: faults}
	b.Account = clitest.Start(t, clitest.Options{Key: key, Faults: faults, Wrap: b.wrap, Sandbox: inProfile(p)})
	if seed != "" {
		if err := b.Server.ReadSnapshot(bytes.NewReader(seededSnapshot(t, p, seed))); err != nil {
			t.Fatal(err)
		}
	}
	return b
}

// seeded holds, per profile and seed, the snapshot of a sandbox account
// loaded with that seed: a read-only fixture built once per package run.
// Most boxes start from one of a few seeds, and restoring a snapshot costs
// a third of parsing the seed again.
var seeded sync.Map // seedKey -> *seedSnapshot

type seedKey struct {
	profile sandbox.Profile
	seed    string
}

type seedSnapshot struct {
	once sync.Once
	snap []byte
	err  error
}

// seededSnapshot returns the snapshot of an account of profile p loaded
// with seed.
func seededSnapshot(t *testing.T, p sandbox.Profile, seed string) []byte {
	t.Helper()
	v, _ := seeded.LoadOrStore(seedKey{p, seed}, &seedSnapshot{})
	s := v.(*seedSnapshot)
	s.once.Do(func() {
		srv, err := sandbox.New(sandbox.Options{APIKey: "ITG.seed", RateLimit: -1, Profile: p})
		if err == nil {
			err = srv.LoadSeed(strings.NewReader(seed))
		}
		var buf bytes.Buffer
		if err == nil {
			err = srv.WriteSnapshot(&buf)
		}
		s.snap, s.err = buf.Bytes(), err
	})
	if s.err != nil {
		t.Fatalf("seeding a sandbox: %v", s.err)
	}
	return s.snap
}

// wrap counts writes and passes the request to next, unless an echo is on.
func (b *box) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
		next.ServeHTTP(w, r)
	})
}

// calm returns a fault-free sandbox with the same key holding b's account:
// the faults "turned off". A box that injects no faults (nor echoes) is
// its own calm copy.
func (b *box) calm(t *testing.T) *box {
	t.Helper()
	if b.faults == (sandbox.Faults{}) && !b.echoKey.Load() && !b.echoBody.Load() {
		return b
	}
	c := &box{profile: b.profile}
	c.Account = b.Copy(t, clitest.Options{Key: b.Key, Wrap: c.wrap, Sandbox: inProfile(b.profile)})
	return c
}
