package diag

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestJSON: a diagnostic carries its position as "source" and "pos";
// one from a plan older than format 1.3 ("source" only) reads back with
// the same position.
func TestJSON(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Diagnostic
		json string
	}{
		{"positioned", Diagnostic{Pos: Pos{File: "orgs/a:b.yaml", Line: 3, Col: 7}, Severity: SeverityError, Message: "bad", Hint: "fix it"},
			`{"severity":"error","source":"orgs/a:b.yaml:3:7","pos":{"file":"orgs/a:b.yaml","line":3,"col":7},"message":"bad","hint":"fix it"}`},
		{"whole file", Diagnostic{Pos: Pos{File: "glue-sync.yaml"}, Severity: SeverityWarning, Message: "w"},
			`{"severity":"warning","source":"glue-sync.yaml","pos":{"file":"glue-sync.yaml"},"message":"w"}`},
		{"no position", Diagnostic{Severity: SeverityError, Message: "e"}, `{"severity":"error","message":"e"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.d)
			if err != nil {
				t.Fatal(err)
			}
			if string(b) != tc.json {
				t.Errorf("JSON %s; want %s", b, tc.json)
			}
			var back Diagnostic
			if err := json.Unmarshal(b, &back); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.d, back); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
	var old Diagnostic
	if err := json.Unmarshal([]byte(`{"severity":"warning","source":"types/a.yaml:12:5","message":"m"}`), &old); err != nil {
		t.Fatal(err)
	}
	if want := (Pos{File: "types/a.yaml", Line: 12, Col: 5}); old.Pos != want {
		t.Errorf("a 1.2 plan's diagnostic at %+v; want %+v", old.Pos, want)
	}
}

// TestString: one line, control characters escaped, warnings marked.
func TestString(t *testing.T) {
	d := Diagnostic{Pos: Pos{File: "a.yaml", Line: 1, Col: 2}, Severity: SeverityWarning, Message: "name \x1b[31mred", Hint: "h"}
	if got, want := d.String(), `a.yaml:1:2: warning: name \x1b[31mred (h)`; got != want {
		t.Errorf("String() = %q; want %q", got, want)
	}
	ds := Diagnostics{{Pos: Pos{File: "b", Line: 2}, Severity: SeverityError, Message: "x"}, {Pos: Pos{File: "a", Line: 9}, Severity: SeverityWarning, Message: "y"},
		{Pos: Pos{File: "a", Line: 9}, Severity: SeverityWarning, Message: "y"}}
	sorted := ds.Sorted()
	if len(sorted) != 2 || sorted[0].Pos.File != "a" || !sorted.HasErrors() || sorted.Errors() != 1 {
		t.Errorf("Sorted() = %+v; want a's warning, then b's error, the duplicate dropped", sorted)
	}
}

// TestPosString: a position is file:line:col, or the file alone without a
// line, with one allocation (every change of a plan names its source).
func TestPosString(t *testing.T) {
	tests := []struct {
		pos  Pos
		want string
	}{
		{Pos{File: "assets/a.yaml"}, "assets/a.yaml"},
		{Pos{File: "assets/a.yaml", Line: 3, Col: 1}, "assets/a.yaml:3:1"},
		{Pos{File: "a.yaml", Line: 123456, Col: 789}, "a.yaml:123456:789"},
		{Pos{File: "", Line: 2, Col: 0}, ":2:0"},
		{Pos{File: "x.yaml", Line: -1, Col: -20}, "x.yaml:-1:-20"},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("%#v.String() = %q; want %q", tt.pos, got, tt.want)
		}
		if got := fmt.Sprintf("%s:%d:%d", tt.pos.File, tt.pos.Line, tt.pos.Col); tt.pos.Line != 0 && got != tt.want {
			t.Errorf("%#v: fmt gives %q, String %q", tt.pos, got, tt.want)
		}
	}
	p := Pos{File: "assets/org-001.yaml", Line: 12345, Col: 3}
	if n := testing.AllocsPerRun(100, func() { _ = p.String() }); n > 1 {
		t.Errorf("Pos.String allocates %.0f times; want 1", n)
	}
}
