package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/plan"
)

func renderText(t *testing.T, p *plan.Plan, opts TextOptions) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Text(&buf, p, opts); err != nil {
		t.Fatalf("Text: %v", err)
	}
	return buf.String()
}

func TestTextGolden(t *testing.T) {
	tests := []struct {
		name string
		plan *plan.Plan
		opts TextOptions
	}{
		{"text-empty", emptyPlan(), TextOptions{}},
		{"text-full", fullPlan(), TextOptions{}},
		{"text-full-color", fullPlan(), TextOptions{Color: true}},
		{"text-errors", errorPlan(), TextOptions{}},
		{"text-hostile", hostilePlan(), TextOptions{}},
		{"text-short-values", fullPlan(), TextOptions{MaxValueWidth: 20, MaxLines: 4, MaxUnmanaged: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden(t, tt.name, renderText(t, tt.plan, tt.opts))
		})
	}
}

func TestTextBehaviour(t *testing.T) {
	full := renderText(t, fullPlan(), TextOptions{})
	tests := []struct {
		name string
		got  string
		want []string
		not  []string
	}{
		{"empty plan says so", renderText(t, emptyPlan(), TextOptions{}),
			[]string{"No changes. The account matches the repository.\n"}, []string{"Plan:", "symbols"}},
		{"summary line last", full, []string{"Plan: 4 to create, 3 to update, 3 to delete.\n"}, nil},
		{"legend only lists used symbols", renderText(t, onlyCreates(), TextOptions{}),
			[]string{"  + create\n"}, []string{"update in place", "  - delete"}},
		{"no-op changes are not listed", full, nil, []string{"Initech"}},
		{"deletes are marked", full, []string{`- organization "Old Corp"  [will be deleted]`}, nil},
		{"sensitive diff only says changed, and where apply reads it", full, []string{"~ traits.Admin Password: (sensitive value changed; set from $ACME_O365_PW at apply)"}, nil},
		{"update shows before and after", full, []string{`~ traits.Seats: 40 -> 45`, `~ description: "Customer" -> "Managed customer since 2019"`}, nil},
		{"multi-line value is a line diff", full, []string{"- Admin: it@acme.example", "+ Admin: admin@acme.example", "… 2 unchanged lines"}, nil},
		{"long values elided around the change", full, []string{`segment/calendar" (360 characters, shortened)`}, nil},
		{"errors block the plan", renderText(t, errorPlan(), TextOptions{}),
			[]string{"Error: tag", "at organizations/acme.yaml:14:9", "cannot be applied", "No changes found."}, []string{"account matches"}},
		{"no colour unless asked", full, nil, []string{"\x1b["}},
		{"colour when asked", renderText(t, fullPlan(), TextOptions{Color: true}), []string{ansiGreen + "+" + ansiReset}, nil},
		{"control characters escaped", renderText(t, hostilePlan(), TextOptions{}), []string{`\x1b[31m`, `\u202e`}, []string{"\x1b", "\u202e"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, w := range tt.want {
				if !strings.Contains(tt.got, w) {
					t.Errorf("output lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(tt.got, n) {
					t.Errorf("output contains %q", n)
				}
			}
		})
	}
}

func onlyCreates() *plan.Plan {
	p := emptyPlan()
	p.Changes = []plan.Change{{ID: "organization/A", Action: plan.Create, Kind: plan.KindOrganization, Name: "A",
		Diffs: []plan.Diff{{Path: "name", After: js("A")}}}}
	return p
}
