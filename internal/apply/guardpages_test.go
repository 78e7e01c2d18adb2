package apply

import (
	"net/http"
	"testing"
)

// TestGuardReadsTheFewestPages plans and applies updates of one type of
// 90 assets in all 3 of its organizations: the plan read the whole type,
// so the guard re-reads it with one list (one page) instead of one list
// per organization (3 requests). The edge is the type fitting in one page
// (any size up to guard.ListPage, 1,000) against 3 organizations (at most
// guard.PerOrgLists) with more updates (9) than either list costs; the
// type's size below a page does not change the choice.
func TestGuardReadsTheFewestPages(t *testing.T) {
	s := scale{orgs: 3, types: 1, assets: 90, updateEvery: 10}
	r := s.start(t)
	p := r.plan(t)
	if n := p.Count().Update; n != 9 {
		t.Fatalf("%d updates planned; want 9", n)
	}
	if got := p.TypeSizes[s.typeName(0)]; got != 90 {
		t.Fatalf("the plan records %d live assets of %s; want 90", got, s.typeName(0))
	}
	r.c.ResetStats()
	r.apply(t, p, false)
	if gets := requests(r.c, http.MethodGet); gets != 1 {
		t.Errorf("the guard re-read 3 organizations' updates of a 90-asset type with %d GETs; want 1 (one page of the type)", gets)
	}
}
