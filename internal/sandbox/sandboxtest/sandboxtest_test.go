package sandboxtest_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/sandbox"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

func TestStart(t *testing.T) {
	sb := sandboxtest.Start(t)
	if !strings.HasPrefix(sb.Key, "ITG.test-") || !strings.HasPrefix(sb.URL, "http://127.0.0.1:") {
		t.Fatalf("Start gave key %q and URL %q", sb.Key, sb.URL)
	}
	sb.Seed(t, "organizations: [{name: Seeded}]\n")
	for i := 0; i < 3; i++ {
		if code := getOrganizations(t, sb); code != 200 {
			t.Fatalf("status %d", code)
		}
	}
	if sb.Server.RequestCount() != 3 {
		t.Errorf("RequestCount = %d; want 3", sb.Server.RequestCount())
	}
}

func TestStartOptions(t *testing.T) {
	sb := sandboxtest.Start(t, func(o *sandbox.Options) { o.APIKey = "ITG.fixed"; o.RateLimit = 1 })
	if sb.Key != "ITG.fixed" {
		t.Fatalf("key %q; want the option's", sb.Key)
	}
	codes := []int{}
	for i := 0; i < 2; i++ {
		codes = append(codes, getOrganizations(t, sb))
	}
	if codes[0] != 200 || codes[1] != 429 {
		t.Errorf("statuses %v; want 200 then 429 with a limit of 1", codes)
	}
}

// getOrganizations lists organizations with the sandbox's key and returns the status.
func getOrganizations(t *testing.T, sb *sandboxtest.Sandbox) int {
	t.Helper()
	req, _ := http.NewRequest("GET", sb.URL+"/organizations", nil)
	req.Header.Set("x-api-key", sb.Key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
