package cli

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// TestREADMECommandsTable checks that the README's Commands table has a
// row per command naming each of its flags, so that a new flag is
// documented where users look first. The connection flags, which the
// paragraph under the table covers once for all, are checked there.
func TestREADMECommandsTable(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	rows := map[string]string{}
	for _, line := range strings.Split(readme, "\n") {
		if rest, ok := strings.CutPrefix(line, "| `glue-sync "); ok {
			name, _, _ := strings.Cut(rest, " ")
			name, _, _ = strings.Cut(name, "`")
			rows[name] = line
		}
	}
	shared := map[string]bool{"sandbox": true, "region": true, "base-url": true, "debug": true, "help": true, "request-timeout": true, "timeout": true, "page-size": true, "bulk-size": true, "shared-budget": true}
	var connection string
	for _, para := range strings.Split(readme, "\n\n") {
		if strings.Contains(para, "talk to IT Glue as described in") {
			connection = para
		}
	}

	ios, _, _, _ := TestStreams()
	root := newRootCmd(&deps{ctx: context.Background(), getenv: func(string) string { return "" }, io: ios})
	for _, c := range root.Commands() {
		if c.Hidden || c.Name() == "help" {
			continue
		}
		row, ok := rows[c.Name()]
		if !ok {
			t.Errorf("README's Commands table has no row for %s", c.Name())
			continue
		}
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if shared[f.Name] {
				if f.Name != "help" && !strings.Contains(connection, "--"+f.Name) {
					t.Errorf("README: the paragraph under the Commands table does not mention --%s", f.Name)
				}
				if f.Name == "sandbox" && !strings.Contains(connection, "`"+c.Name()+"`") {
					t.Errorf("README: the paragraph under the Commands table does not say %s takes --sandbox", c.Name())
				}
				return
			}
			if !strings.Contains(row, "--"+f.Name) {
				t.Errorf("README: the %s row does not mention --%s", c.Name(), f.Name)
			}
		})
	}
}
