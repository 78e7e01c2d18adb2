package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestUnreachableBaseURLFailsFast(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more: connection refused
	c, err := New(Config{BaseURL: url, APIKey: testKey}, WithRateLimit(0, 0, 0), WithBackoff(time.Millisecond, 4*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Organizations.List(context.Background(), nil)
	var ue *UnreachableError
	if !errors.As(err, &ue) || ue.Attempts != unreachableRetries+1 {
		t.Fatalf("err = %v, want an *UnreachableError after %d attempts", err, unreachableRetries+1)
	}
	for _, want := range []string{"cannot reach the IT Glue API at " + url, "ITGLUE_BASE_URL", "connection refused"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	if n := c.Stats().Requests; n != unreachableRetries+1 {
		t.Errorf("%d requests, want %d", n, unreachableRetries+1)
	}
}

// dialFails is a transport whose calls listed in fail get a dial error.
type dialFails struct {
	n    atomic.Int64
	fail func(n int64) bool
}

func (d *dialFails) RoundTrip(r *http.Request) (*http.Response, error) {
	if d.fail(d.n.Add(1)) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	}
	return http.DefaultTransport.RoundTrip(r)
}

func TestConnectionFailuresAfterContactAreRetried(t *testing.T) {
	// The first request succeeds; the next five fail to connect (a network
	// blip mid-run) and are retried, even for a POST, which never left.
	tr := &dialFails{fail: func(n int64) bool { return n >= 2 && n <= 6 }}
	c, mux := setup(t, WithHTTPClient(&http.Client{Transport: tr}))
	mux.HandleFunc("GET /organizations/5", func(w http.ResponseWriter, r *http.Request) { reply(w, 200, orgBody) })
	mux.HandleFunc("POST /organizations", func(w http.ResponseWriter, r *http.Request) { reply(w, 201, orgBody) })
	ctx := context.Background()
	if _, err := c.Organizations.Get(ctx, 5); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Organizations.Create(ctx, OrganizationWrite{Name: ptr("Acme")}); err != nil {
		t.Fatalf("create after 5 connection failures: %v", err)
	}
	if s := c.Stats(); s.Requests != 7 || s.Retries != 5 || s.AmbiguousWrites != 0 {
		t.Errorf("stats %+v: want 7 requests, 5 retries, no ambiguous write", s)
	}
}
