package reconcile

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestOrderBuildsThePlanInApplyOrder adds changes to a changeSet as the
// phases do and checks the order of the plan's changes, both when it is
// the order they were added in (the plan is then the changeSet's own
// storage) and when ordering moves them: out-of-phase adds, dependencies,
// more changes than the changeSet was sized for, and fewer.
func TestOrderBuildsThePlanInApplyOrder(t *testing.T) {
	tests := []struct {
		name   string
		sized  int
		adds   []orderAdd
		want   []string
		shared bool // the plan is the changeSet's first chunk, not a copy
	}{
		{"planned in order", 3, []orderAdd{{"t", phaseType, nil}, {"o", phaseOrg, nil}, {"a", phaseAsset, nil}}, []string{"t", "o", "a"}, true},
		{"a phase added late", 3, []orderAdd{{"o", phaseOrg, nil}, {"a", phaseAsset, nil}, {"t", phaseType, nil}}, []string{"t", "o", "a"}, false},
		{"a dependency later in its phase", 3, []orderAdd{{"a1", phaseAsset, []string{"a2"}}, {"a2", phaseAsset, nil}, {"a3", phaseAsset, nil}},
			[]string{"a2", "a1", "a3"}, false},
		{"a dependency already in order", 3, []orderAdd{{"a1", phaseAsset, nil}, {"a2", phaseAsset, []string{"a1"}}, {"a3", phaseAsset, nil}},
			[]string{"a1", "a2", "a3"}, true},
		{"as many changes as sized for", 20, assetAdds(20), assetIDs(20), true},
		{"more changes than sized for", 20, assetAdds(21), assetIDs(21), false},
		{"far fewer changes than sized for", 100, []orderAdd{{"a1", phaseAsset, nil}, {"a2", phaseAsset, nil}}, []string{"a1", "a2"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := newChangeSet(tt.sized)
			var added []*plan.Change
			for _, a := range tt.adds {
				added = append(added, cs.add(&plan.Change{ID: a.id, Action: plan.NoOp, DependsOn: a.deps}, a.ph))
			}
			got := order(cs.entries, cs)
			var ids []string
			for _, ch := range got {
				ids = append(ids, ch.ID)
			}
			if diff := cmp.Diff(tt.want, ids); diff != "" {
				t.Errorf("order (-want +got):\n%s", diff)
			}
			if len(cs.diags) != 0 {
				t.Errorf("diagnostics = %v; want none", cs.diags)
			}
			if shared := len(got) > 0 && &got[0] == added[0]; shared != tt.shared {
				t.Errorf("the plan is the changeSet's storage: %v; want %v", shared, tt.shared)
			}
		})
	}
}

// orderAdd is one change TestOrderBuildsThePlanInApplyOrder adds.
type orderAdd struct {
	id   string
	ph   phase
	deps []string
}

// assetAdds are n asset changes a0, a1, ...; assetIDs are their ids.
func assetAdds(n int) []orderAdd {
	out := make([]orderAdd, n)
	for i := range out {
		out[i] = orderAdd{id: fmt.Sprintf("a%d", i), ph: phaseAsset}
	}
	return out
}

func assetIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("a%d", i)
	}
	return out
}

// TestAddKeepsChangesWhereTheyAre checks that a change add returned stays
// the plan's change after many more are added (a phase may add a
// dependency to its own change later).
func TestAddKeepsChangesWhereTheyAre(t *testing.T) {
	cs := newChangeSet(1)
	first := cs.add(&plan.Change{ID: "f", Action: plan.Create}, phaseFieldCreate)
	for i := range 5000 {
		cs.add(&plan.Change{ID: fmt.Sprintf("a%d", i), Action: plan.NoOp}, phaseAsset)
	}
	first.DependsOn = append(first.DependsOn, "a1")
	got := order(cs.entries, cs)
	if len(got) != 5001 || got[0].ID != "f" || !cmp.Equal(got[0].DependsOn, []string{"a1"}) {
		t.Errorf("first change = %+v of %d; want f depending on a1", got[0], len(got))
	}
}
