package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/version"
)

func TestMainUnknownCommand(t *testing.T) {
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
