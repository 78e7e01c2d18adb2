//go:build unix

package apply

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestUploadSpecialFiles checks that an Upload naming a named pipe or a
// device fails that change at once, instead of blocking apply forever (a
// pipe) or reading without end (/dev/zero), and that an Upload over the
// API's limit is refused before it is read whole.
func TestUploadSpecialFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes or /dev/zero on Windows")
	}
	c, _ := start(t)
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.png"), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	// A repository file that leads to a device (an Upload path is always
	// inside the repository: apply refuses an absolute one).
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.bin")); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(dir, "big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(8 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	org, typ := liveOrg(t, c, "Acme"), liveType(t, c, "Wiki")
	tests := []struct{ file, want string }{
		{"pipe.png", "not a regular file but a named pipe"},
		{"zero.bin", "not a regular file but a device"},
		{"big.bin", "larger than 7.5 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p := &plan.Plan{FormatVersion: plan.FormatVersion, Source: plan.Source{Dir: dir}, Changes: []plan.Change{
				{ID: "flexible-asset/Acme/Wiki/X", Action: plan.Create, Kind: plan.KindAsset, Organization: "Acme", AssetType: "Wiki", Name: "X",
					Write: &plan.Write{SendTraits: true, Traits: map[string]json.RawMessage{"title": raw(`"X"`)},
						Refs:    map[string]plan.Ref{"organization-id": {ID: org.ID}, "flexible-asset-type-id": {ID: typ.ID}},
						Uploads: map[string]plan.UploadSource{"body": {File: tt.file}}}},
			}}
			var rep *Report
			done := make(chan error, 1)
			go func() {
				var err error
				rep, err = Apply(context.Background(), ClientAPI(c), p, Options{})
				done <- err
			}()
			select {
			case err := <-done:
				// Refused whole before the first write (apply's preflight).
				if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "nothing was applied") {
					t.Errorf("Apply = %+v, %v; want the plan refused with %q", rep, err, tt.want)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("apply blocked reading the Upload file")
			}
		})
	}
}
