package plan

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	p := &Plan{
		Source: Source{Dir: "examples/repo"},
		Target: Target{BaseURL: "https://api.itglue.com"},
		Changes: []Change{
			{ID: "organization/Acme", Action: Create, Kind: KindOrganization, Name: "Acme", Source: "orgs.yaml:3:1",
				Diffs: []Diff{{Path: "name", After: json.RawMessage(`"Acme"`)}}},
			{ID: "flexible-asset/Acme/Email/Office 365", Action: Update, Kind: KindAsset, Organization: "Acme",
				AssetType: "Email", Name: "Office 365", LiveID: 42, DependsOn: []string{"organization/Acme"},
				Diffs: []Diff{{Path: "traits.Admin Password", Sensitive: true}},
				Guard: &Guard{UpdatedAt: "2026-01-01T00:00:00.000Z", Hash: "abc"},
				Write: &Write{Secrets: map[string]SecretSource{"admin-password": {Env: "EMAIL_ADMIN_PW"}},
					Tags: map[string][]Ref{"domains": {{ID: 7}, {Change: "organization/Acme"}}}}},
		},
	}
	var buf bytes.Buffer
	if err := Encode(&buf, p); err != nil {
		t.Fatal(err)
	}
	got, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := *p
	want.FormatVersion = FormatVersion
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if c := got.Count(); c != (Counts{Create: 1, Update: 1}) || !got.HasChanges() {
		t.Errorf("Count() = %+v; want 1 create, 1 update", c)
	}
}

func TestDecodeRefuses(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{"not json", "plan: yes", "not a glue-sync plan file"},
		{"no version", `{"changes":[]}`, "no format_version"},
		{"newer major", `{"format_version":"2.0","changes":[]}`, "format version 2.0 is not supported"},
		{"unknown action", `{"format_version":"1.2","changes":[{"id":"x","action":"replace"}]}`, `unknown action "replace"`},
		// Before 1.2 a kept Password trait was sent back as its id.
		{"before kept passwords", `{"format_version":"1.1","changes":[]}`, "older glue-sync that could damage Password traits"},
		{"garbled minor", `{"format_version":"1.x","changes":[]}`, "older glue-sync"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Decode(%q) error = %v; want it to contain %q", tt.in, err, tt.wantErr)
			}
		})
	}
}

func TestActionSymbol(t *testing.T) {
	for a, want := range map[Action]string{Create: "+", Update: "~", Delete: "-", NoOp: " "} {
		if got := a.Symbol(); got != want {
			t.Errorf("%s.Symbol() = %q; want %q", a, got, want)
		}
	}
}
