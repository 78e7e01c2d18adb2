package render

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/diag"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/google/go-cmp/cmp"
)

func TestValueDisplay(t *testing.T) {
	tests := []struct {
		name  string
		raw   json.RawMessage
		width int
		focus int
		want  string
	}{
		{"string quoted", js("a \"b\""), 0, 0, `"a \"b\""`},
		{"null is a value", json.RawMessage("null"), 0, 0, "null"},
		{"number", json.RawMessage(" 4.50 "), 0, 0, "4.50"},
		{"array compacted", json.RawMessage("[1, 2,\n 3]"), 0, 0, "[1,2,3]"},
		{"not json", json.RawMessage("{oops"), 0, 0, "(unreadable value)"},
		{"control characters escaped", js("a\x1b[2Jb"), 0, 0, `"a\x1b[2Jb"`},
		{"long value cut at the end", js("abcdefghij"), 4, 0, `"abcd…" (10 characters, shortened)`},
		{"long value cut around the focus", js("abcdefghij"), 4, 9, `"…ghij" (10 characters, shortened)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decodeValue(tt.raw).display(tt.width, tt.focus); got != tt.want {
				t.Errorf("display = %s; want %s", got, tt.want)
			}
		})
	}
	if v := decodeValue(nil); v.present {
		t.Errorf("absent value decoded as present")
	}
}

func TestDiffLinesCollapse(t *testing.T) {
	lines := func(s string) []string { return strings.Split(s, ",") }
	show := func(ops []lineOp) []string {
		var out []string
		for _, o := range ops {
			out = append(out, string(o.op)+o.text)
		}
		return out
	}
	tests := []struct {
		name     string
		a, b     string
		maxLines int
		want     []string
	}{
		{"one line changed", "a,b,c", "a,x,c", 0, []string{" a", "-b", "+x", " c"}},
		{"added at end", "a,b", "a,b,c", 0, []string{" a", " b", "+c"}},
		{"long unchanged run collapsed", "a,1,2,3,4,5,6,b", "A,1,2,3,4,5,6,B", 0,
			[]string{"-a", "+A", " 1", " 2", "…2 unchanged lines", " 5", " 6", "-b", "+B"}},
		{"leading and trailing runs", "1,2,3,4,a,5,6,7,8", "1,2,3,4,b,5,6,7,8", 0,
			[]string{"…2 unchanged lines", " 3", " 4", "-a", "+b", " 5", " 6", "…2 unchanged lines"}},
		{"capped", "a,b,c,d,e", "", 3, []string{"-a", "-b", "…3 more lines not shown"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b []string
			if tt.b != "" {
				b = lines(tt.b)
			}
			got := show(collapse(diffLines(lines(tt.a), b), tt.maxLines))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestIsSensitive(t *testing.T) {
	w := &plan.Write{Secrets: map[string]plan.SecretSource{"admin-password": {Env: "X"}}}
	tests := []struct {
		path      string
		marked    bool
		write     *plan.Write
		sensitive bool
	}{
		{"traits.Notes", true, nil, true},
		{"traits.Admin Password", false, w, true},
		{"traits.admin_password", false, w, true},
		{"traits.Admin Password Hint", false, w, false},
		{"description", false, w, false},
		{"traits.Admin Password", false, nil, false},
	}
	for _, tt := range tests {
		ch := &plan.Change{Write: tt.write}
		if got := isSensitive(ch, plan.Diff{Path: tt.path, Sensitive: tt.marked}); got != tt.sensitive {
			t.Errorf("isSensitive(%q, marked=%v, write=%v) = %v; want %v", tt.path, tt.marked, tt.write != nil, got, tt.sensitive)
		}
	}
}

func TestSortedDiagnostics(t *testing.T) {
	in := []plan.Diagnostic{
		{Severity: plan.SeverityWarning, Pos: diag.ParsePos("a.yaml:3:1"), Message: "w"},
		{Severity: plan.SeverityError, Pos: diag.ParsePos("b.yaml:20:1"), Message: "e2"},
		{Severity: plan.SeverityError, Pos: diag.ParsePos("b.yaml:3:9"), Message: "e1"},
		{Severity: plan.SeverityError, Pos: diag.ParsePos(""), Message: "e0"},
	}
	var got []string
	for _, d := range sortedDiagnostics(in) {
		got = append(got, d.Message)
	}
	if diff := cmp.Diff([]string{"e0", "e1", "e2", "w"}, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if in[0].Message != "w" {
		t.Errorf("sortedDiagnostics reordered its input")
	}
}

func TestFlatten(t *testing.T) {
	raw := func(s string) json.RawMessage {
		if s == "" {
			return nil
		}
		return json.RawMessage(s)
	}
	show := func(ls []leaf) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.path+" "+string(l.before)+" -> "+string(l.after))
		}
		return out
	}
	tests := []struct {
		name, before, after string
		want                []string
	}{
		{"scalar stays whole", `1`, `2`, []string{"f 1 -> 2"}},
		{"object created", ``, `{"b":2,"a":{"x":1}}`, []string{"f.a.x  -> 1", "f.b  -> 2"}},
		{"only changed keys", `{"a":1,"b":2}`, `{"a":1,"b":3,"c":4}`, []string{"f.b 2 -> 3", "f.c  -> 4"}},
		{"object replaced by scalar", `{"a":1}`, `5`, []string{`f {"a":1} -> 5`}},
		{"empty object whole", ``, `{}`, []string{"f  -> {}"}},
		{"deep nesting stops", ``, `{"a":{"b":{"c":{"d":1}}}}`, []string{`f.a.b.c  -> {"d":1}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := show(flatten("f", raw(tt.before), raw(tt.after), 0, nil))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
