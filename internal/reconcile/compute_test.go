package reconcile

import (
	"testing"
)

func TestRepoMatchingAccountGivesNoChanges(t *testing.T) {
	d, l := fixture()
	p := compute(t, d, l, opts())
	noErrors(t, p)
	if p.HasChanges() {
		t.Fatalf("a repository equal to the account planned changes: %v", changeIDs(p))
	}
	if got := p.Count().NoOp; got != 5 {
		t.Errorf("no-op changes = %d; want 5 (1 organization, 2 types, 2 assets)", got)
	}
	if len(p.Diagnostics) != 0 {
		t.Errorf("diagnostics = %+v; want none", p.Diagnostics)
	}
}
