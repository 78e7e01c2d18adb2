package export_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/export"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/sandbox/sandboxtest"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// buildFrom exports the account seeded with seed, in memory.
func buildFrom(t *testing.T, seed string, opts export.Options) *export.Result {
	t.Helper()
	sb := sandboxtest.Start(t)
	sb.Seed(t, seed)
	c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, client.WithRateLimit(0, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	live, err := export.Read(context.Background(), reconcile.ClientAPI(c), opts)
	if err != nil {
		t.Fatal(err)
	}
	res, err := export.Build(live, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestGolden compares every exported file of the all-kinds account, and
// the notes and secrets, with testdata/golden, and those of the rich-text
// account (runbooks as Markdown files, HTML Markdown cannot express kept
// in them as HTML) with testdata/golden-richtext (go test -update
// rewrites them).
func TestGolden(t *testing.T) {
	for _, tc := range []struct{ seed, dir string }{
		{"allkinds.seed.yaml", "golden"},
		{"richtext.seed.yaml", "golden-richtext"},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			golden(t, buildFrom(t, readSeed(t, tc.seed), export.Options{}), filepath.Join("testdata", tc.dir))
		})
	}
}

// golden compares res with the files under root.
func golden(t *testing.T, res *export.Result, root string) {
	t.Helper()
	var report strings.Builder
	for _, n := range res.Notes {
		report.WriteString("note: " + n + "\n")
	}
	for _, s := range res.Secrets {
		report.WriteString("secret: " + s.Env + " = " + s.Organization + " / " + s.Type + " / " + s.Asset + " / " + s.Field + "\n")
	}
	got := map[string]string{"REPORT.txt": report.String()}
	for _, f := range res.Files {
		got[f.Path] = string(f.Data)
	}
	if *update {
		os.RemoveAll(root)
		for p, data := range got {
			path := filepath.Join(root, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	want := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		want[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatalf("reading the golden files (run go test -update to create them): %v", err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("exported files differ from %s (-want +got); run go test -update if the change is intended:\n%s", root, diff)
	}
}

// TestDeterministic exports the same account twice and gets the same bytes.
func TestDeterministic(t *testing.T) {
	seed := readSeed(t, "allkinds.seed.yaml")
	a, b := buildFrom(t, seed, export.Options{}), buildFrom(t, seed, export.Options{})
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two exports differ (-first +second):\n%s", diff)
	}
}
