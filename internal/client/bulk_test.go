package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
)

func TestBulkWritesAreSplit(t *testing.T) {
	big := strings.Repeat("x", 3000)
	tests := []struct {
		name      string
		n         int
		value     string
		opts      []Option
		wantReqs  int64
		maxBodyOK int
	}{
		{"by count", 1201, "v", []Option{WithBulkSize(500)}, 3, 0},
		{"default count", 1000, "v", nil, 2, 0},
		{"by bytes", 40, big, []Option{WithMaxBodyBytes(32 << 10)}, 4, 32 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, mux := setup(t, tt.opts...)
			var reqs, items atomic.Int64
			mux.HandleFunc("PATCH /flexible_assets", func(w http.ResponseWriter, r *http.Request) {
				reqs.Add(1)
				b, _ := io.ReadAll(r.Body)
				if tt.maxBodyOK > 0 && len(b) > tt.maxBodyOK {
					t.Errorf("body of %d bytes, limit %d", len(b), tt.maxBodyOK)
				}
				n := strings.Count(string(b), `"type":"flexible-assets"`)
				if n > 1000 {
					t.Errorf("%d items in one request", n)
				}
				items.Add(int64(n))
				reply(w, 200, `{"data":[]}`)
			})
			ws := make([]FlexibleAssetWrite, tt.n)
			for i := range ws {
				ws[i] = FlexibleAssetWrite{ID: int64(i + 1), Traits: map[string]any{"notes": tt.value}}
			}
			if err := c.FlexibleAssets.UpdateBulk(context.Background(), ws); err != nil {
				t.Fatal(err)
			}
			if reqs.Load() != tt.wantReqs || items.Load() != int64(tt.n) {
				t.Errorf("%d requests carrying %d items, want %d carrying %d", reqs.Load(), items.Load(), tt.wantReqs, tt.n)
			}
		})
	}
}

// TestOversizedBodyIsRefusedLocally: a body over the limit (here 4 KiB;
// TestDefaultSizes checks the default 10 MiB) is refused before any
// request, alone or as one item of a bulk write.
func TestOversizedBodyIsRefusedLocally(t *testing.T) {
	const limit = 4 << 10
	c, mux := setup(t, WithMaxBodyBytes(limit))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { t.Errorf("request sent: %s %s", r.Method, r.URL) })
	huge := strings.Repeat("A", limit)
	_, err := c.FlexibleAssets.Create(context.Background(), FlexibleAssetWrite{OrganizationID: 1, FlexibleAssetTypeID: 2, Traits: map[string]any{"file": map[string]string{"content": huge, "file_name": "big.bin"}}})
	var tl *RequestTooLargeError
	if !errors.As(err, &tl) || !errors.Is(err, ErrRequestTooLarge) || tl.Limit != limit {
		t.Fatalf("err = %v, want a *RequestTooLargeError", err)
	}
	if !strings.Contains(err.Error(), fmt.Sprintf("exceeds the API's limit of %d bytes", limit)) {
		t.Errorf("message %q does not say what the limit is", err)
	}
	err = c.FlexibleAssets.UpdateBulk(context.Background(), []FlexibleAssetWrite{{ID: 1, Traits: map[string]any{"notes": "ok"}}, {ID: 2, Traits: map[string]any{"notes": huge}}})
	if !errors.Is(err, ErrRequestTooLarge) {
		t.Errorf("bulk with one oversized item: %v, want ErrRequestTooLarge before any request", err)
	}
}

func TestServer413IsTyped(t *testing.T) {
	c, mux := setup(t)
	mux.HandleFunc("POST /flexible_assets", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 413, `{"errors":[{"status":413,"title":"Payload Too Large"}]}`)
	})
	_, err := c.FlexibleAssets.Create(context.Background(), FlexibleAssetWrite{OrganizationID: 1, FlexibleAssetTypeID: 2, Traits: map[string]any{}})
	if !errors.Is(err, ErrRequestTooLarge) || IsAmbiguous(err) {
		t.Errorf("err = %v, want ErrRequestTooLarge (and not ambiguous)", err)
	}
}
