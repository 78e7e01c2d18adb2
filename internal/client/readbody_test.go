package client

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestReadResponseBody: the body is read whole whether the stated length is
// right, too short, too long or unknown (with a size hint too small, too
// large or none), and cut at limit+1 bytes.
func TestReadResponseBody(t *testing.T) {
	body := strings.Repeat("x", 5000)
	for _, tc := range []struct {
		name   string
		stated int64
		hint   int64
		limit  int64
		want   int
	}{
		{"stated", 5000, 0, 1 << 20, 5000},
		{"unknown", -1, 0, 1 << 20, 5000},
		{"unknown, hint too small", -1, 300, 1 << 20, 5000},
		{"unknown, hint too large", -1, 9000, 1 << 20, 5000},
		{"unknown, hint exact", -1, 5000, 1 << 20, 5000},
		{"stated too short", 100, 0, 1 << 20, 5000},
		{"stated too long", 9000, 0, 1 << 20, 5000},
		{"over the limit", 5000, 0, 4000, 4001},
		{"over the limit, unknown", -1, 0, 4000, 4001},
		{"over the limit, unknown, hint above it", -1, 8000, 4000, 4001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readResponseBody(strings.NewReader(body), tc.stated, tc.hint, tc.limit)
			if err != nil || len(got) != tc.want || !bytes.Equal(got, []byte(body[:tc.want])) {
				t.Errorf("read %d bytes, %v; want %d", len(got), err, tc.want)
			}
		})
	}
}

// TestReadResponseBodyGrowsByDoubling: a 4 MB body without a stated
// length or a hint is read in about log2(4 MB / 512) buffers, not the
// three dozen growing by a quarter takes (each a copy of all read so far).
func TestReadResponseBodyGrowsByDoubling(t *testing.T) {
	const size = 4 << 20
	// One counted run (after AllocsPerRun's warm-up): the count does not
	// vary from run to run, and each run copies 4 MB or more.
	allocs := testing.AllocsPerRun(1, func() {
		if got, err := readResponseBody(&zeros{n: size}, -1, 0, 10<<20); err != nil || len(got) != size {
			t.Fatalf("read %d bytes, %v", len(got), err)
		}
	})
	// 13 buffers; the race detector adds one allocation per growth.
	// Growing by a quarter takes 35.
	if allocs > 26 {
		t.Errorf("%v allocations to read 4 MB, want at most 26", allocs)
	}
}

// zeros is a body of n zero bytes that writes nothing: the buffers it is
// read into are zero already (a 4 MB source would be as much again to
// copy, under -race too).
type zeros struct{ n int }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), z.n)
	z.n -= k
	return k, nil
}

// BenchmarkReadResponseBody reads a 1 MB page with its length stated
// ("sized"), without it but with the last page's length as the hint
// ("hinted"), and as io.ReadAll does ("readall"), in the same run: B/op is
// the point.
func BenchmarkReadResponseBody(b *testing.B) {
	page := bytes.Repeat([]byte("x"), 1<<20)
	b.Run("sized", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := readResponseBody(bytes.NewReader(page), int64(len(page)), 0, 10<<20); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("hinted", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := readResponseBody(bytes.NewReader(page), -1, int64(len(page)), 10<<20); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("readall", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := io.ReadAll(io.LimitReader(bytes.NewReader(page), 10<<20+1)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
