package client_test

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/ratebudget"
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

// simClock is one simulated clock for a sandbox and its clients: a sleep
// moves it on and returns at once.
type simClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *simClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *simClock) after(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.t
	return ch
}

// TestTwoClientsShareTheAccountBudget: two clients of one account (as two
// glue-sync processes would be) against an API limited to 20 requests per
// 10 s, each with a budget of 18 per 10 s after a burst of 2. Sharing one
// budget folder, they send 60 requests between them without a 429; with a
// folder each, the same requests overrun the limit.
func TestTwoClientsShareTheAccountBudget(t *testing.T) {
	if !ratebudget.Supported {
		t.Skip("no file locks on this system: each process keeps its own budget")
	}
	for _, tt := range []struct {
		name   string
		shared bool
	}{{"one budget folder", true}, {"a folder each", false}} {
		t.Run(tt.name, func(t *testing.T) {
			clock := &simClock{t: time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)}
			sb := sandboxtest.Start(t, func(o *sandbox.Options) {
				o.RateLimit, o.RateWindow, o.Now = 20, 10*time.Second, clock.now
			})
			dirA := t.TempDir()
			dirB := dirA
			if !tt.shared {
				dirB = t.TempDir()
			}
			var clients []*client.Client
			for _, dir := range []string{dirA, dirB} {
				c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key},
					client.WithRateLimit(18, 10*time.Second, 2), client.WithClock(clock.now, clock.after),
					client.WithSharedBudget(dir))
				if err != nil {
					t.Fatal(err)
				}
				clients = append(clients, c)
			}
			ctx := context.Background()
			for i := range 60 {
				if _, err := clients[i%2].OrganizationTypes.List(ctx); err != nil {
					t.Fatal(err)
				}
			}
			limited := clients[0].Stats().RateLimited + clients[1].Stats().RateLimited
			switch {
			case tt.shared && limited != 0:
				t.Errorf("sharing one budget, the clients met %d 429s; want none", limited)
			case !tt.shared && limited == 0:
				t.Error("with a budget each, the clients met no 429; want them to overrun the account's limit (else this test shows nothing)")
			}
			if tt.shared && sb.Server.RequestCount() != 60 {
				t.Errorf("the API saw %d requests, want 60", sb.Server.RequestCount())
			}
		})
	}
}

// TestSharedBudgetFallsBackToItsOwn: a budget folder that cannot be made
// leaves the client its own budget, said once.
func TestSharedBudgetFallsBackToItsOwn(t *testing.T) {
	if !ratebudget.Supported {
		t.Skip("no file locks on this system")
	}
	sb := sandboxtest.Start(t)
	file := t.TempDir() + "/a-file"
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var notes strings.Builder
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithSharedBudget(file+"/budget"), client.WithNotices(&notes))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.OrganizationTypes.List(context.Background()); err != nil {
		t.Fatalf("a request without the shared budget: %v", err)
	}
	if got := notes.String(); !strings.Contains(got, "not shared with other glue-sync processes") || !strings.Contains(got, "keeps its own") {
		t.Errorf("notice %q does not say the budget is not shared", got)
	}
}
