package demo

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestCloseDoesNotWaitForConnections: Close ends a connection the client
// opened but never used and one stuck in the middle of a request without
// waiting for either. A graceful shutdown waited for both: 5 s, then it
// gave up with "context deadline exceeded" (the 1 in 10 "plan --sandbox"
// runs that took 5.1 s).
func TestCloseDoesNotWaitForConnections(t *testing.T) {
	sb, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(sb.URL, "http://")
	unused := dial(t, addr)

	// A connection that served one request, then sent the headers of a
	// second whose body never comes: the sandbox is busy reading it.
	busy := dial(t, addr)
	br := bufio.NewReader(busy)
	fmt.Fprintf(busy, "GET /organizations HTTP/1.1\r\nHost: demo\r\nx-api-key: %s\r\n\r\n", sb.Key)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	fmt.Fprintf(busy, "POST /organizations HTTP/1.1\r\nHost: demo\r\nx-api-key: %s\r\nContent-Type: application/vnd.api+json\r\nContent-Length: 1000\r\n\r\n{\"data\":", sb.Key)
	for sb.Server.RequestCount() < 2 { // the second request is being handled
		runtime.Gosched()
	}

	if err := sb.Close(); err != nil {
		t.Fatalf("Close: %v; want it to end the connections, not wait for them", err)
	}
	for name, c := range map[string]net.Conn{"the unused connection": unused, "the busy connection": busy} {
		// Close has returned: the server end is closed, so reading ends
		// at once. The deadline only bounds a failing run.
		_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
		if _, err := io.ReadAll(c); err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Errorf("%s is still open after Close", name)
			}
		}
	}
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}
