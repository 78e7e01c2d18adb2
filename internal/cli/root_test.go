package cli

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/version"
)

func TestMainUnknownCommand(t *testing.T) {
	t.Parallel()
	ios, _, _, errOut := TestStreams()
	code := Main(context.Background(), []string{"no-such-command"}, func(string) string { return "" }, ios)
	if code != ExitError {
		t.Errorf("Main(no-such-command) = %d; want %d", code, ExitError)
	}
	if !strings.Contains(errOut.String(), `unknown command "no-such-command"`) {
		t.Errorf("stderr = %q; want it to name the unknown command", errOut.String())
	}
}

func TestMainVersion(t *testing.T) {
	t.Parallel()
	want := "glue-sync " + version.String() + "\n"
	for _, args := range [][]string{{"version"}, {"--version"}} {
		ios, _, out, errOut := TestStreams()
		if code := Main(context.Background(), args, func(string) string { return "" }, ios); code != ExitOK {
			t.Fatalf("Main(%q) = %d; want 0 (stderr %q)", args, code, errOut.String())
		}
		if out.String() != want {
			t.Errorf("Main(%q) printed %q; want %q", args, out.String(), want)
		}
	}
}

// TestInterruptedExits130 checks that plan, validate and export stopped by
// Ctrl-C (a cancelled context) exit 130 with a short message, as apply
// does, instead of 1 with "context canceled".
func TestInterruptedExits130(t *testing.T) {
	t.Parallel()
	tests := [][]string{
		{"validate", "../../examples/repo"},
		{"plan", "--sandbox", "../../examples/repo"},
		{"export", "--sandbox", "OUT"},
	}
	for _, args := range tests {
		t.Run(args[0], func(t *testing.T) {
			args := slices.Clone(args)
			if args[len(args)-1] == "OUT" {
				args[len(args)-1] = filepath.Join(t.TempDir(), "out")
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			ios, _, out, errOut := TestStreams()
			code := Main(ctx, args, func(string) string { return "" }, ios)
			if code != ExitCancel {
				t.Errorf("exit %d; want %d\nstdout:\n%s\nstderr:\n%s", code, ExitCancel, out, errOut)
			}
			if !strings.HasSuffix(errOut.String(), "error: interrupted\n") || strings.Contains(errOut.String(), "context canceled") {
				t.Errorf("stderr = %q; want it to end with \"error: interrupted\" and not say \"context canceled\"", errOut)
			}
		})
	}
}
