package spec

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

func TestCycleText(t *testing.T) {
	long := make([]string, 40)
	for i := range long {
		long[i] = fmt.Sprint("O", i)
	}
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"A", "B"}, `"A" -> "B" -> "A"`},
		{long[:12], `"O0" -> "O1" -> "O2" -> "O3" -> "O4" -> "O5" -> "O6" -> "O7" -> "O8" -> "O9" -> "O10" -> "O11" -> "O0"`},
		{long, `"O0" -> "O1" -> "O2" -> "O3" -> "O4" -> "O5" -> "O6" -> "O7" -> "O8" -> ... (30 more) -> "O39" -> "O0"`},
	}
	for _, tt := range tests {
		if got := cycleText(tt.in); got != tt.want {
			t.Errorf("cycleText(%d names) = %s; want %s", len(tt.in), got, tt.want)
		}
	}
}

// TestParentCycles checks that each cycle is reported once, at its first
// declared member, whichever organization the walk reaches it from.
func TestParentCycles(t *testing.T) {
	orgs := func(pairs ...string) string {
		var b strings.Builder
		for i := 0; i+1 < len(pairs); i += 2 {
			fmt.Fprintf(&b, "---\nkind: Organization\nname: %s\nparent: %s\n", pairs[i], pairs[i+1])
		}
		return b.String()
	}
	tests := []struct {
		name, doc, want string
	}{
		{"entered from outside", orgs("Leaf", "Gamma", "Gamma", "Beta", "Beta", "Alpha", "Alpha", "Gamma"),
			`case.yaml:8:9: parent cycle: "Gamma" -> "Beta" -> "Alpha" -> "Gamma"` + "\n"},
		{"two cycles", orgs("A", "B", "B", "A", "C", "D", "D", "E", "E", "C"),
			"case.yaml:4:9: parent cycle: \"A\" -> \"B\" -> \"A\"\n" +
				"case.yaml:12:9: parent cycle: \"C\" -> \"D\" -> \"E\" -> \"C\"\n"},
		{"chain without a cycle", orgs("A", "B", "B", "C", "C", "Contoso"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := baseFS(t)
			fsys["case.yaml"] = &fstest.MapFile{Data: []byte(tt.doc)}
			_, diags := Load(context.Background(), fsys, ".")
			if diff := cmp.Diff(tt.want, diags.String()); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}
