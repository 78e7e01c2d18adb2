package chaos

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// TestSecretFormsAreCaught guards the leak checks: each encoded form of a
// canary is found in text that holds only that form, and nothing in clean text.
func TestSecretFormsAreCaught(t *testing.T) {
	pw := canary(t, "pw-")
	s := secrets{"PW": pw}
	js, _ := json.Marshal(pw)
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"clean", "nothing to see here: " + strings.Repeat("*", 40), nil},
		{"base64", "x " + base64.StdEncoding.EncodeToString([]byte(pw)) + " y", []string{"PW (base64)", "PW (raw base64)"}},
		{"query", "?v=" + url.QueryEscape(pw), []string{"PW (its random part)", "PW (query-escaped)"}},
		{"json", `{"v":` + string(js) + `}`, []string{"PW (JSON-escaped)", "PW (its random part)"}},
		{"truncated", "value ..." + pw[len(pw)-20:], []string{"PW (its random part)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := s.found(tc.text)
			if tc.want == nil && got != nil {
				t.Errorf("found %q in clean text", got)
			}
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("the %s is not found; found %q", w, got)
				}
			}
		})
	}
}
