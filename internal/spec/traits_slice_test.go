package spec

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTraitsByKey: an asset's values are found, replaced and removed by the
// key as written, whatever order they were stated in, and encode as an
// object keyed by it.
func TestTraitsByKey(t *testing.T) {
	var ts Traits
	for _, k := range []string{"Seats", "Hostname", "notes", "Role"} {
		ts.Set(&TraitValue{Key: k, Text: "first " + k})
	}
	ts.Set(&TraitValue{Key: "Role", Text: "second Role"})
	ts.Delete("notes")
	ts.Delete("absent")
	tests := []struct {
		key, want string
		found     bool
	}{
		{"Seats", "first Seats", true},
		{"Hostname", "first Hostname", true},
		{"Role", "second Role", true},
		{"notes", "", false},
		{"absent", "", false},
		{"seats", "", false}, // keys are exact
	}
	for _, tt := range tests {
		tv := ts.Get(tt.key)
		if (tv != nil) != tt.found || (tv != nil && tv.Text != tt.want) {
			t.Errorf("Get(%q) = %+v; want found %v, text %q", tt.key, tv, tt.found, tt.want)
		}
	}
	if len(ts) != 3 {
		t.Errorf("%d values; want 3", len(ts))
	}
	b, err := json.Marshal(ts)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]struct{ Text string }
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	want := map[string]struct{ Text string }{"Hostname": {"first Hostname"}, "Role": {"second Role"}, "Seats": {"first Seats"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
}
