// Command slowproxy is the helper of .ci/bench-slow (see BENCHMARKS.md,
// "Plan against a slow API"): a reverse proxy on a loopback address that
// holds every request for a fixed delay before passing it to an upstream
// on a loopback address, as a distant or busy API would. It lives under
// .ci so that `go test ./...` and `go vet ./...` leave it out.
//
//	slowproxy LISTEN UPSTREAM DELAY   e.g. slowproxy 127.0.0.1:18481 http://127.0.0.1:18480 500ms
package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"time"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "slowproxy:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 3 {
		return fmt.Errorf("usage: slowproxy LISTEN UPSTREAM DELAY")
	}
	up, err := url.Parse(args[1])
	if err != nil || up.Scheme != "http" || !loopback(up.Hostname()) {
		return fmt.Errorf("upstream %q: want http:// on a loopback address", args[1])
	}
	delay, err := time.ParseDuration(args[2])
	if err != nil || delay < 0 {
		return fmt.Errorf("delay %q: want a duration such as 500ms", args[2])
	}
	host, _, err := net.SplitHostPort(args[0])
	if err != nil || !loopback(host) {
		return fmt.Errorf("listen %q: want a loopback address such as 127.0.0.1:18481", args[0])
	}
	proxy := httputil.NewSingleHostReverseProxy(up)
	srv := &http.Server{Addr: args[0], ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		proxy.ServeHTTP(w, r)
	})}
	return srv.ListenAndServe()
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
