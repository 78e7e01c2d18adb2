package client

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestConfigFromEnv(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	if err := os.WriteFile(keyFile, []byte("  ITG.from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, []byte(" \n"), 0o600)
	twoLines := filepath.Join(dir, "two")
	os.WriteFile(twoLines, []byte("ITG.first-secret\nITG.second-secret\n"), 0o600)
	tests := []struct {
		name    string
		env     map[string]string
		want    Config
		wantErr string
	}{
		{"default region", map[string]string{"ITGLUE_API_KEY": "ITG.k"}, Config{BaseURL: "https://api.itglue.com", APIKey: "ITG.k"}, ""},
		{"eu", map[string]string{"ITGLUE_REGION": "eu", "ITGLUE_API_KEY": " ITG.k "}, Config{BaseURL: "https://api.eu.itglue.com", APIKey: "ITG.k"}, ""},
		{"au upper case", map[string]string{"ITGLUE_REGION": "AU", "ITGLUE_API_KEY": "ITG.k"}, Config{BaseURL: "https://api.au.itglue.com", APIKey: "ITG.k"}, ""},
		{"base URL wins", map[string]string{"ITGLUE_REGION": "eu", "ITGLUE_BASE_URL": "http://127.0.0.1:8080/", "ITGLUE_API_KEY": "ITG.k"}, Config{BaseURL: "http://127.0.0.1:8080", APIKey: "ITG.k"}, ""},
		{"key file trimmed", map[string]string{"ITGLUE_API_KEY_FILE": keyFile}, Config{BaseURL: "https://api.itglue.com", APIKey: "ITG.from-file"}, ""},
		{"unknown region", map[string]string{"ITGLUE_REGION": "mars", "ITGLUE_API_KEY": "ITG.k"}, Config{}, `unknown IT Glue region "mars": use one of us, eu, au`},
		{"no key", map[string]string{}, Config{}, "no IT Glue API key: set ITGLUE_API_KEY"},
		{"both keys", map[string]string{"ITGLUE_API_KEY": "a", "ITGLUE_API_KEY_FILE": keyFile}, Config{}, "set only one"},
		{"missing key file", map[string]string{"ITGLUE_API_KEY_FILE": filepath.Join(dir, "nope")}, Config{}, "reading the API key from"},
		{"empty key file", map[string]string{"ITGLUE_API_KEY_FILE": empty}, Config{}, "is empty"},
		{"plain http remote", map[string]string{"ITGLUE_BASE_URL": "http://api.example.com", "ITGLUE_API_KEY": "k"}, Config{}, "refusing plain http for api.example.com"},
		{"two lines in the key file", map[string]string{"ITGLUE_API_KEY_FILE": twoLines}, Config{}, "holds only the key"},
		{"space in the key", map[string]string{"ITGLUE_API_KEY": "ITG.abc def"}, Config{}, "contains a space, line break"},
		{"not a URL", map[string]string{"ITGLUE_BASE_URL": "api.itglue.com", "ITGLUE_API_KEY": "k"}, Config{}, "want an absolute http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ConfigFromEnv(func(k string) string { return tt.env[k] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "secret") || strings.Contains(err.Error(), "abc") {
					t.Errorf("err = %v shows the key", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestNewRequiresHTTPSExceptLoopback(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"https://api.itglue.com", true},
		{"http://127.0.0.1:9", true},
		{"http://127.4.5.6", true},
		{"http://[::1]:8080/base", true},
		{"http://localhost:1234", true},
		{"http://10.0.0.1", false},
		{"http://api.itglue.com", false},
		{"ftp://api.itglue.com", false},
		{"https://user:pw@api.itglue.com", false},
		{"https://api.itglue.com?x=1", false},
	}
	for _, tt := range tests {
		_, err := New(Config{BaseURL: tt.url, APIKey: "ITG.k"})
		if (err == nil) != tt.ok {
			t.Errorf("New(%q) err = %v, want ok=%v", tt.url, err, tt.ok)
		}
	}
	if _, err := New(Config{BaseURL: "https://api.itglue.com"}); err == nil || !strings.Contains(err.Error(), "ITGLUE_API_KEY") {
		t.Errorf("New without key: err = %v, want a hint at ITGLUE_API_KEY", err)
	}
}

func TestConfigNeverPrintsKey(t *testing.T) {
	cfg := Config{BaseURL: "https://api.itglue.com", APIKey: testKey}
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%v %+v %#v %s", cfg, cfg, cfg, cfg)} {
		if strings.Contains(s, testKey) {
			t.Errorf("formatted config leaks the key: %s", s)
		}
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	for i, o := range []Option{WithHTTPClient(nil), WithPageSize(0), WithPageSize(1001), WithConcurrency(0), WithMaxRetries(-1), WithBackoff(0, 1), WithBulkSize(1001), WithMaxBodyBytes(10), WithRateLimit(10, 0, 1)} {
		if _, err := New(Config{BaseURL: "https://api.itglue.com", APIKey: "k"}, o); err == nil {
			t.Errorf("option %d: New accepted an invalid option", i)
		}
	}
}

// TestDefaultSizes: the sizes the README documents are the defaults a
// client gets without options. The tests of paging, bulk splitting and the
// body and response caps run with small sizes set by options; this checks
// the production values once, without moving megabytes.
func TestDefaultSizes(t *testing.T) {
	c, err := New(Config{BaseURL: "https://api.itglue.com", APIKey: "ITG.k"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name      string
		got, want int64
	}{
		{"page size (README: 1000 objects a page)", int64(c.PageSize("flexible_assets")), 1000},
		{"bulk size (README: default 500)", int64(c.bulkSize), 500},
		{"request body limit (README: 10 MB)", int64(c.maxBody), 10 << 20},
		{"response cap (README: 64 MiB)", c.maxResponse, 64 << 20},
		{"smallest adaptive page size (docs: never below 50)", minPageSize, 50},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %d, want %d", tt.name, tt.got, tt.want)
		}
	}
}
