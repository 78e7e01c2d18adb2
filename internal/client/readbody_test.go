package client

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestReadResponseBody: the body is read whole whether the stated length is
// right, too short, too long or unknown, and cut at limit+1 bytes.
func TestReadResponseBody(t *testing.T) {
	body := strings.Repeat("x", 5000)
	for _, tc := range []struct {
		name   string
		stated int64
		limit  int64
		want   int
	}{
		{"stated", 5000, 1 << 20, 5000},
		{"unknown", -1, 1 << 20, 5000},
		{"stated too short", 100, 1 << 20, 5000},
		{"stated too long", 9000, 1 << 20, 5000},
		{"over the limit", 5000, 4000, 4001},
		{"over the limit, unknown", -1, 4000, 4001},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readResponseBody(strings.NewReader(body), tc.stated, tc.limit)
			if err != nil || len(got) != tc.want || !bytes.Equal(got, []byte(body[:tc.want])) {
				t.Errorf("read %d bytes, %v; want %d", len(got), err, tc.want)
			}
		})
	}
}

// BenchmarkReadResponseBody reads a 1 MB page with its length stated ("sized")
// and as io.ReadAll does ("readall"), in the same run: B/op is the point.
func BenchmarkReadResponseBody(b *testing.B) {
	page := bytes.Repeat([]byte("x"), 1<<20)
	b.Run("sized", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := readResponseBody(bytes.NewReader(page), int64(len(page)), 10<<20); err != nil {
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
