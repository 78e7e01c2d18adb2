package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// malformedPlan has what a buggy planner or a hand-edited plan file might
// hold: unknown kinds and actions, unreadable values, many unmanaged.
func malformedPlan() *plan.Plan {
	p := emptyPlan()
	p.Changes = []plan.Change{
		{ID: "widget/W1", Action: plan.Create, Kind: "widget", Name: "W1",
			Diffs: []plan.Diff{{Path: "size", After: json.RawMessage("{not json")}}},
		{ID: "no-kind", Action: plan.Update, Diffs: []plan.Diff{{Path: "x"}}},
	}
	for i := range 30 {
		p.Unmanaged = append(p.Unmanaged, plan.Unmanaged{Kind: plan.KindAsset, Address: fmt.Sprintf("Acme/Server/s%02d", i), LiveID: int64(i)})
	}
	return p
}

func TestMalformedPlanGolden(t *testing.T) {
	golden(t, "text-malformed", renderText(t, malformedPlan(), TextOptions{}))
	md := renderMD(t, malformedPlan(), MarkdownOptions{MaxUnmanaged: 5})
	checkStructure(t, md)
	golden(t, "md-malformed", md)
}

func TestUnrenderablePlans(t *testing.T) {
	unknown := emptyPlan()
	unknown.Changes = []plan.Change{{ID: "organization/R", Action: "replace", Kind: plan.KindOrganization, Name: "R"}}
	for _, tt := range []struct {
		name    string
		plan    *plan.Plan
		wantErr string
	}{
		{"nil", nil, "no plan"},
		{"unknown action", unknown, `change 0 (organization/R) has unknown action "replace"; the plan is malformed`},
	} {
		var buf bytes.Buffer
		for name, err := range map[string]error{
			"Text":     Text(&buf, tt.plan, TextOptions{}),
			"Markdown": Markdown(&buf, tt.plan, MarkdownOptions{}),
			"JSON":     JSON(&buf, tt.plan),
		} {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s(%s) error = %v; want %q", name, tt.name, err, tt.wantErr)
			}
		}
		if buf.Len() > 0 {
			t.Errorf("%s: wrote %q despite the error", tt.name, buf.String())
		}
	}
}

func TestWriteErrorsAreReturned(t *testing.T) {
	w := failWriter{}
	for name, err := range map[string]error{
		"Text":     Text(w, fullPlan(), TextOptions{}),
		"Markdown": Markdown(w, fullPlan(), MarkdownOptions{}),
		"JSON":     JSON(w, fullPlan()),
	} {
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("%s to a failing writer: error = %v; want it wrapped", name, err)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

func TestHugeMultilineValueFallsBack(t *testing.T) {
	var a, b []string
	for i := range 600 {
		a = append(a, fmt.Sprint("old ", i))
		b = append(b, fmt.Sprint("new ", i))
	}
	ops := diffLines(a, b)
	if len(ops) != 1200 || ops[0].op != '-' || ops[599].op != '-' || ops[600].op != '+' {
		t.Fatalf("fallback diff has %d lines, starting %q, %q, %q; want 600 removed then 600 added",
			len(ops), ops[0].op, ops[599].op, ops[600].op)
	}
	if got := collapse(ops, 40); len(got) != 40 || got[39].text != "1161 more lines not shown" {
		t.Errorf("collapsed to %d lines ending %q; want 40 ending with 1161 more", len(got), got[len(got)-1].text)
	}
}
