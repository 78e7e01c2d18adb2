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

// TestTraitValueEqual: go-cmp compares trait values (whose parts are
// unexported) with Equal, part by part, so that tests elsewhere can diff
// whole desired states.
func TestTraitValueEqual(t *testing.T) {
	base := TraitParts{Pos: Pos{File: "a.yaml", Line: 3, Col: 3}, ValueLine: 3, ValueCol: 9, Key: "Servers", Field: "Servers", Kind: KindTag,
		Tags: []TagRef{{Kind: "Configurations", Name: "srv-1", Organization: "Acme"}}}
	tests := []struct {
		name   string
		change func(p *TraitParts)
		equal  bool
	}{
		{"same parts", func(p *TraitParts) {}, true},
		{"another file", func(p *TraitParts) { p.Pos.File = "b.yaml" }, false},
		{"another value column", func(p *TraitParts) { p.ValueCol = 10 }, false},
		{"another field", func(p *TraitParts) { p.Field = "Hosts" }, false},
		{"another kind", func(p *TraitParts) { p.Kind = KindText }, false},
		{"another tag", func(p *TraitParts) { p.Tags = []TagRef{{Kind: "Configurations", Name: "srv-2", Organization: "Acme"}} }, false},
		{"a secret on one", func(p *TraitParts) { p.Secret = &SecretRef{Env: "X"} }, false},
		{"an upload on one", func(p *TraitParts) { p.Upload = &UploadRef{File: "x.svg"} }, false},
		{"Markdown on one", func(p *TraitParts) { p.Markdown = &MarkdownSource{Text: "# x"} }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base
			tt.change(&p)
			a, b := NewTraitValue(base), NewTraitValue(p)
			if got := a.Equal(b); got != tt.equal {
				t.Errorf("Equal = %v; want %v", got, tt.equal)
			}
			if got := cmp.Equal(Traits{a}, Traits{b}); got != tt.equal {
				t.Errorf("cmp.Equal = %v; want %v", got, tt.equal)
			}
		})
	}
	var none *TraitValue
	if !none.Equal(nil) || none.Equal(NewTraitValue(base)) {
		t.Error("nil values: want equal to nil only")
	}
}
