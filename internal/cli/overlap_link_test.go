package cli

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/client"
)

// TestALinkedConfigIsNotReadEarly: a glue-sync.yaml that is a symbolic
// link (to a file in a dot folder of the repository, which loading
// follows) names the account by its baseURL. The early read, which reads
// glue-sync.yaml alone and cannot follow the link, must not meanwhile
// send the key to an account of its own choosing (the default region's):
// every request goes to the URL the repository names.
func TestALinkedConfigIsNotReadEarly(t *testing.T) {
	const want = "glue-sync-linked.test"
	linkConfig := func(t *testing.T, repo string) {
		b, err := os.ReadFile(filepath.Join(repo, "glue-sync.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		conf := strings.Replace(string(b), "region: us\n", "baseURL: https://"+want+"\n", 1)
		if err := os.MkdirAll(filepath.Join(repo, ".config"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repo, ".config", "glue-sync.yaml"), []byte(conf), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(repo, "glue-sync.yaml")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(".config", "glue-sync.yaml"), filepath.Join(repo, "glue-sync.yaml")); err != nil {
			t.Fatal(err)
		}
	}
	for _, cmd := range earlyCommandsNamed("plan", "plan --ref") {
		t.Run(cmd.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			var hosts []string
			hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
				mu.Lock()
				defer mu.Unlock()
				if !slices.Contains(hosts, r.URL.Host) {
					hosts = append(hosts, r.URL.Host)
				}
				return nil, errors.New("no network in tests")
			})}
			_, argv := earlyRepo(t, cmd.args, cmd.ref, linkConfig)
			env := demoEnv(t, "", "ITG.linked")
			delete(env, client.EnvBaseURL)
			ios, _, _, errOut := TestStreams()
			d := &deps{ctx: context.Background(), getenv: envOf(env), io: ios,
				clientOpts: []client.Option{client.WithHTTPClient(hc), client.WithBackoff(time.Millisecond, time.Millisecond), client.WithMaxRetries(0)}}
			if code := run(d, argv); code != ExitError {
				t.Fatalf("exit %d; want 1 (the API cannot be reached)\n%s", code, errOut)
			}
			mu.Lock()
			defer mu.Unlock()
			if !slices.Contains(hosts, want) {
				t.Fatalf("the repository's account was never read (hosts %v): the link was not followed\n%s", hosts, errOut)
			}
			for _, h := range hosts {
				if h != want {
					t.Errorf("%s sent requests to %s, not to the account glue-sync.yaml names\n%s", cmd.name, h, errOut)
				}
			}
		})
	}
}
