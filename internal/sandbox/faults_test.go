package sandbox_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/sandbox"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

// outcomes sends n requests one after the other and records each status,
// or -1 for a dropped connection.
func outcomes(t *testing.T, sb *sandboxtest.Sandbox, n int, method, path, body string) []int {
	t.Helper()
	// A fresh connection per request: the transport then never replays a
	// request on its own, which would draw an extra fault decision.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	var out []int
	for i := 0; i < n; i++ {
		req, _ := http.NewRequest(method, sb.URL+path, strings.NewReader(body))
		req.Header.Set("x-api-key", sb.Key)
		if body != "" {
			req.Header.Set("Content-Type", "application/vnd.api+json")
		}
		resp, err := client.Do(req)
		if err != nil {
			out = append(out, -1)
			continue
		}
		if resp.StatusCode == 429 && resp.Header.Get("Retry-After") == "" {
			t.Errorf("injected 429 without Retry-After")
		}
		resp.Body.Close()
		out = append(out, resp.StatusCode)
	}
	return out
}

func faulty(seed int64) func(*sandbox.Options) {
	return func(o *sandbox.Options) {
		o.Faults = sandbox.Faults{Seed: seed, RateLimitRate: 0.1, ServerErrorRate: 0.15, DropRate: 0.1}
	}
}

func TestFaultsAreDeterministic(t *testing.T) {
	run := func(seed int64, n int) []int {
		return outcomes(t, sandboxtest.Start(t, faulty(seed)), n, "GET", "/organizations", "")
	}
	// Another seed needs fewer requests to differ: the outcomes are drawn
	// in request order, so its first 100 are those of a longer run.
	first, second, other := run(7, 300), run(7, 300), run(8, 100)
	if jsonText(first) != jsonText(second) {
		t.Fatalf("the same seed gave different outcomes:\n%v\n%v", first, second)
	}
	if jsonText(first[:len(other)]) == jsonText(other) {
		t.Errorf("seeds 7 and 8 gave the same first %d outcomes", len(other))
	}
	counts := map[int]int{}
	for _, c := range first {
		switch {
		case c >= 500:
			counts[500]++
		default:
			counts[c]++
		}
	}
	// Expected shares: 429 10%, 5xx 13.5%, drops 7.65%, OK about 69%.
	for code, lo := range map[int]int{200: 150, 429: 10, 500: 15, -1: 8} {
		if counts[code] < lo {
			t.Errorf("%d answers %d in 300 requests; want at least %d (counts %v)", counts[code], code, lo, counts)
		}
	}
}

// TestLostAnswersStillWrite shows why a blind POST retry duplicates: with
// every answer lost, about half the creates were applied anyway.
func TestLostAnswersStillWrite(t *testing.T) {
	for _, tc := range []struct {
		name   string
		faults sandbox.Faults
	}{
		{"server errors", sandbox.Faults{Seed: 1, ServerErrorRate: 1}},
		{"dropped connections", sandbox.Faults{Seed: 1, DropRate: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sb := sandboxtest.Start(t, func(o *sandbox.Options) { o.Faults = tc.faults })
			got := outcomes(t, sb, 40, "POST", "/organizations", `{"data":{"type":"organizations","attributes":{"name":"dup"}}}`)
			for _, c := range got {
				if c >= 200 && c < 300 {
					t.Fatalf("a request succeeded with a fault rate of 1: %v", got)
				}
			}
			var buf strings.Builder
			if err := sb.Server.WriteSnapshot(&buf); err != nil {
				t.Fatal(err)
			}
			n := strings.Count(buf.String(), `"name":"dup"`)
			if n < 10 || n > 30 {
				t.Errorf("%d of 40 failed creates were applied; want about half, duplicates included", n)
			}
		})
	}
}

func TestFaultLatency(t *testing.T) {
	sb := sandboxtest.Start(t, func(o *sandbox.Options) { o.Faults.Latency = 30 * time.Millisecond })
	start := time.Now()
	outcomes(t, sb, 2, "GET", "/organizations", "")
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Errorf("2 requests took %v; each must wait at least 30ms", d)
	}
}

func TestRequestCount(t *testing.T) {
	sb := sandboxtest.Start(t, faulty(3))
	outcomes(t, sb, 25, "GET", "/organizations", "")
	outcomes(t, sb, 5, "GET", "/no-route", "")
	if got := sb.Server.RequestCount(); got != 30 {
		t.Errorf("RequestCount = %d; want 30, faulted requests included", got)
	}
}

// TestFaultsFollowTheRequest: a request's fault depends on the request
// (method, path, query, and how many times it came before), not on when it
// arrived among others, so a concurrent client that reorders its requests
// meets the same faults under the same seed.
func TestFaultsFollowTheRequest(t *testing.T) {
	const keys, attempts = 40, 3
	path := func(k int) string { return "/organizations?page%5Bnumber%5D=" + itoa(k+1) }
	type try struct{ key, attempt int }
	collect := func(order []int) map[try]int {
		sb := sandboxtest.Start(t, faulty(11))
		seen := map[int]int{}
		got := map[try]int{}
		for _, k := range order {
			got[try{k, seen[k]}] = outcomes(t, sb, 1, "GET", path(k), "")[0]
			seen[k]++
		}
		return got
	}
	var inOrder, interleaved []int
	for k := 0; k < keys; k++ {
		for a := 0; a < attempts; a++ {
			inOrder = append(inOrder, k) // each request and its retries in a row
		}
	}
	for a := 0; a < attempts; a++ {
		for k := keys - 1; k >= 0; k-- {
			interleaved = append(interleaved, k) // backwards, retries last
		}
	}
	first, second := collect(inOrder), collect(interleaved)
	faults := 0
	for tr, code := range first {
		if code != 200 {
			faults++
		}
		if second[tr] != code {
			t.Errorf("%s, attempt %d: %d in one order, %d in another", path(tr.key), tr.attempt+1, code, second[tr])
		}
	}
	if faults == 0 {
		t.Fatalf("no faults in %d requests: the test proves nothing", len(first))
	}
}
