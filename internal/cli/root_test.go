package cli

import (
	"context"
	"strings"
	"testing"
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
	ios, _, out, _ := TestStreams()
	if code := Main(context.Background(), []string{"version"}, func(string) string { return "" }, ios); code != ExitOK {
		t.Fatalf("Main(version) = %d; want 0", code)
	}
	if !strings.HasPrefix(out.String(), "glue-sync ") {
		t.Errorf("stdout = %q; want it to start with %q", out.String(), "glue-sync ")
	}
}
