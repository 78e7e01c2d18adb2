package plan

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCheckDiffs(t *testing.T) {
	v := json.RawMessage(`"x"`)
	tests := []struct {
		name    string
		ch      Change
		wantErr string // "" for none
	}{
		{"create with after", Change{ID: "c", Action: Create, Diffs: []Diff{{Path: "name", After: v}}}, ""},
		{"create with before", Change{ID: "c", Action: Create, Diffs: []Diff{{Path: "traits.Vendor Hosted", Before: v, After: v}}}, "create diff traits.Vendor Hosted has before"},
		{"update both", Change{ID: "u", Action: Update, Diffs: []Diff{{Path: "a", Before: v, After: v}, {Path: "b", Before: v}}}, ""},
		{"delete with after", Change{ID: "d", Action: Delete, Diffs: []Diff{{Path: "name", After: v}}}, "delete diff name has after"},
		{"no-op with diffs", Change{ID: "n", Action: NoOp, Diffs: []Diff{{Path: "a", After: v}}}, "a no-op has 1 diffs"},
		{"sensitive with value", Change{ID: "s", Action: Update, Diffs: []Diff{{Path: "pw", Sensitive: true, After: v}}}, "sensitive diff pw carries a value"},
		{"sensitive bare", Change{ID: "s", Action: Create, Diffs: []Diff{{Path: "pw", Sensitive: true}}}, ""},
		{"empty diff", Change{ID: "e", Action: Update, Diffs: []Diff{{Path: "a"}}}, "neither a before nor an after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.ch.CheckDiffs()
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("CheckDiffs() = %v; want error containing %q", err, tt.wantErr)
			}
		})
	}
	p := &Plan{Changes: []Change{tests[1].ch, tests[0].ch, tests[3].ch}}
	if err := p.CheckDiffs(); err == nil || !strings.Contains(err.Error(), "change c:") || !strings.Contains(err.Error(), "change d:") {
		t.Errorf("Plan.CheckDiffs() = %v; want both broken changes named", err)
	}
}
