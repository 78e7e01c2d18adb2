//go:build unix

package cli

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSandboxCmdSpecialFiles checks that a named pipe or a device given as
// --seed or --data is refused at once: opening a pipe used to block the
// sandbox (and Ctrl-C) forever, and /dev/zero was read without end.
func TestSandboxCmdSpecialFiles(t *testing.T) {
	t.Parallel()
	pipe := filepath.Join(t.TempDir(), "seed.yaml")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"pipe as seed", []string{"--seed", pipe}, "--seed " + pipe + ": not a regular file but a named pipe"},
		{"device as seed", []string{"--seed", "/dev/zero"}, "--seed /dev/zero: not a regular file but a device"},
		{"pipe as data", []string{"--data", pipe}, "not a regular file but a named pipe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, _, errOut := TestStreams()
			// A sandbox that wrongly starts stops after the timeout with code 0.
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			done := make(chan int, 1)
			go func() {
				done <- Main(ctx, append([]string{"sandbox", "--listen", "127.0.0.1:0"}, tt.args...), func(string) string { return "" }, ios)
			}()
			var code int
			select {
			case code = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("the sandbox blocked reading the file")
			}
			if code != ExitError || !strings.Contains(errOut.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, errOut.String(), tt.want)
			}
		})
	}
}
