package reconcile

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/glue-sync/glue-sync/internal/spec"
)

func TestCanonNumberComparesByValue(t *testing.T) {
	same := [][]string{
		{"25", "25.0", "025", "2.5e1", "25.000", " 25 "},
		{"-12.5", "-12.50", "-1.25E1"},
		{"0", "0.0", "-0", "0e5"},
		{"99.5", "99.50", "9.95e1"},
	}
	for _, group := range same {
		for _, s := range group[1:] {
			if a, b := canonNumber(group[0]), canonNumber(s); a != b || a == "" {
				t.Errorf("canonNumber(%q) = %q, canonNumber(%q) = %q; want equal", group[0], a, s, b)
			}
		}
	}
	if canonNumber("25") == canonNumber("25.01") || canonNumber("1") == canonNumber("-1") {
		t.Errorf("different numbers compare equal")
	}
	if canonNumber("abc") != "" || canonNumber("") != "" {
		t.Errorf("non-numbers must give \"\"")
	}
}

func TestNormalisation(t *testing.T) {
	if got := selectOptions("Gold\r\n Silver \n\nBronze\n"); !slices.Equal(got, []string{"Gold", "Silver", "Bronze"}) {
		t.Errorf("selectOptions = %q", got)
	}
	if selectOptions("  ") != nil {
		t.Errorf("empty options must be nil")
	}
	for _, s := range []string{"2024-03-31", "2024-03-31T00:00:00.000Z", "2024-03-31T10:11:12Z"} {
		if canonDate(s) != "2024-03-31" {
			t.Errorf("canonDate(%q) = %q", s, canonDate(s))
		}
	}
	tests := []struct {
		kind string
		want *spec.TraitValue
		live string
	}{
		{spec.KindText, spec.NewTraitValue(spec.TraitParts{Text: "a\nb\n"}), `"a\r\nb"`},
		{spec.KindText, spec.NewTraitValue(spec.TraitParts{Null: true}), `null`},
		{spec.KindText, spec.NewTraitValue(spec.TraitParts{Null: true}), `""`},
		{spec.KindText, nil, ``},
		{spec.KindSelect, spec.NewTraitValue(spec.TraitParts{Text: "Gold"}), `" Gold "`},
		{spec.KindNumber, spec.NewTraitValue(spec.TraitParts{Text: "25"}), `"25.0"`},
		{spec.KindCheckbox, spec.NewTraitValue(spec.TraitParts{Bool: false}), ``},
		{spec.KindCheckbox, spec.NewTraitValue(spec.TraitParts{Bool: true}), `"1"`},
		{spec.KindDate, spec.NewTraitValue(spec.TraitParts{Text: "2024-03-31"}), `"2024-03-31T00:00:00Z"`},
	}
	for _, tt := range tests {
		if w, l := canonWant(tt.kind, tt.want), canonLive(tt.kind, json.RawMessage(tt.live)); w != l {
			t.Errorf("%s %+v vs %s: %q != %q", tt.kind, tt.want, tt.live, w, l)
		}
	}
	if canonWant(spec.KindText, spec.NewTraitValue(spec.TraitParts{Text: "a"})) == canonLive(spec.KindText, json.RawMessage(`"A"`)) {
		t.Errorf("text comparison must be case-sensitive")
	}
	if name, size := uploadName(json.RawMessage(`[{"file-name":"a.png","size":3}]`)); name != "a.png" || size != 3 {
		t.Errorf("uploadName = %q, %d", name, size)
	}
	if name, size := uploadName(json.RawMessage(`{"file_name":"b.png"}`)); name != "b.png" || size != -1 {
		t.Errorf("uploadName = %q, %d", name, size)
	}
	if s, ok := rawString(json.RawMessage(`"a\"b"`)); !ok || s != `a"b` {
		t.Errorf("rawString with an escape = %q, %v", s, ok)
	}
}
