package apply

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// TestCleanRedactsQuotedSecrets: an API error quoting the JSON body it
// refused holds a Password value JSON-escaped; the report must not show it
// in any form.
func TestCleanRedactsQuotedSecrets(t *testing.T) {
	const pw = `p"w<&>\s3cr3t-8e1f`
	body, _ := json.Marshal(map[string]any{"traits": map[string]string{"password": pw}})
	for _, tc := range []struct{ name, msg string }{
		{"as is", "POST /flexible_assets: 422: bad value " + pw},
		{"body quoted", "POST /flexible_assets: 422: cannot save " + string(body)},
		{"escaped without HTML escapes", `POST /flexible_assets: 422: {"password":"p\"w<&>\\s3cr3t-8e1f"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &writer{secrets: []string{pw}}
			got := r.clean(nil, errors.New(tc.msg))
			if strings.Contains(got, "s3cr3t-8e1f") || !strings.Contains(got, "(secret)") {
				t.Errorf("clean(%q) = %q; want the password replaced by (secret)", tc.msg, got)
			}
		})
	}
}

// TestCleanShortSecretOnlyWhole: a one-character test password is masked
// where it is a value, never inside the words of the message (which once
// read "upd(secret)ting flexible (secret)sset 60").
func TestCleanShortSecretOnlyWhole(t *testing.T) {
	for _, tc := range []struct{ name, msg, want string }{
		{"json body", `updating flexible asset 60: 422: {"admin-password":"a","name":"web"}`,
			`updating flexible asset 60: 422: {"admin-password":"(secret)","name":"web"}`},
		{"json inside a quoted detail", `updating flexible asset 60: 422: "{\"admin-password\":\"a\"}"`,
			`updating flexible asset 60: 422: "{\"admin-password\":\"(secret)\"}"`},
		{"no quoted value", "updating flexible asset 60: a timeout", "updating flexible asset 60: a timeout"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &writer{secrets: []string{"a"}}
			if got := r.clean(nil, errors.New(tc.msg)); got != tc.want {
				t.Errorf("clean(%q)\n = %q\nwant %q", tc.msg, got, tc.want)
			}
		})
	}
}
