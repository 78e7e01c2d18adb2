package spec

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeBenchRepo writes a repository of assets spread over files (plus
// the base's organizations and types) and returns its size in bytes.
func writeBenchRepo(b testing.TB, dir string, assets, files int) int64 {
	b.Helper()
	base, err := os.ReadFile("testdata/base/base.yaml")
	if err != nil {
		b.Fatal(err)
	}
	total := int64(len(base))
	if err := os.WriteFile(filepath.Join(dir, "base.yaml"), base, 0o644); err != nil {
		b.Fatal(err)
	}
	per := assets / files
	for f := 0; f < files; f++ {
		var sb strings.Builder
		for i := 0; i < per; i++ {
			n := f*per + i
			org := []string{"Contoso", "Fabrikam"}[(n/2)%2]
			if i%2 == 0 {
				fmt.Fprintf(&sb, `---
kind: FlexibleAsset
organization: %s
type: Server
traits:
  Hostname: SRV-%05d
  Phone: "+1 555 %04d"
  Notes: |
    Rack %d, row %d.
  Installed: 2024-%02d-%02d
  Cores: %d
  Load: %d.5
  Virtual: %t
  Admin Password: {env: SRV_%05d_ADMIN}
`, org, n, n%10000, n%40, n%7, 1+n%12, 1+n%28, 2+n%62, n%100, n%3 == 0, n)
			} else {
				fmt.Fprintf(&sb, `---
kind: FlexibleAsset
organization: %s
type: App
traits:
  Name: App %05d
  Runs On: SRV-%05d
  Owner: [Contact %d, {name: Shared Contact, organization: Contoso}]
`, org, n, n-1, n%50)
			}
		}
		path := filepath.Join(dir, fmt.Sprintf("assets/%03d/assets.yaml", f))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
		total += int64(sb.Len())
	}
	return total
}

// BenchmarkLoad loads repositories of 5,000 and 20,000 assets (500 files);
// the target for 20,000 is under a second, and bytes allocated per input
// byte should stay flat between the two sizes.
func BenchmarkLoad(b *testing.B) {
	for _, size := range []int{5000, 20000} {
		b.Run(fmt.Sprintf("assets=%d/files=500", size), func(b *testing.B) {
			dir := b.TempDir()
			input := writeBenchRepo(b, dir, size, 500)
			b.ReportAllocs()
			b.SetBytes(input)
			ms0 := memStats()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				ds, diags := LoadDir(context.Background(), dir)
				if len(diags) != 0 {
					b.Fatalf("diagnostics:\n%s", diags[:min(len(diags), 5)])
				}
				if len(ds.Assets) != size+2 {
					b.Fatalf("loaded %d assets; want %d", len(ds.Assets), size+2)
				}
			}
			b.StopTimer()
			ms1 := memStats()
			b.ReportMetric(float64(ms1-ms0)/float64(b.N)/float64(input), "alloc-B/input-B")
		})
	}
}
