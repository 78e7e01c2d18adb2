//go:build unix

package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOpenTargetKeyFile checks that ITGLUE_API_KEY_FILE is read only when
// it is a regular file of sensible size: a named pipe would block the run
// (and Ctrl-C) forever, /dev/zero would never end.
func TestOpenTargetKeyFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "key")
	if err := os.WriteFile(good, []byte("ITG.abc123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big")
	if err := os.WriteFile(big, bytes.Repeat([]byte("k"), maxKeyFile+1), 0o600); err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(dir, "pipe")
	hasFIFO := syscall.Mkfifo(pipe, 0o600) == nil
	tests := []struct {
		name, file, wantErr string
		skip                bool
	}{
		{"regular file", good, "", false},
		{"named pipe", pipe, "not a regular file but a named pipe", !hasFIFO},
		{"device", "/dev/zero", "not a regular file but a device", false},
		{"folder", dir, "not a regular file but a folder", false},
		{"too large", big, "larger than 64 KiB", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.skip {
				t.Skip("not available here")
			}
			ios, _, _, _ := TestStreams()
			d := &deps{ctx: context.Background(), getenv: envOf(map[string]string{"ITGLUE_API_KEY_FILE": tt.file}), io: ios}
			done := make(chan error, 1)
			go func() {
				tg, err := openTarget(d, &targetOptions{}, nil)
				if err == nil {
					tg.Close()
				}
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("openTarget blocked reading the key file")
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("openTarget = %v; want success", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Errorf("openTarget error = %v; want it to contain %q", err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "kkkk") {
				t.Errorf("error shows the file's content: %v", err)
			}
		})
	}
}
