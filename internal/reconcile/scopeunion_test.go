package reconcile

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestScopeUnion(t *testing.T) {
	a := Scope{Organizations: Names{Names: []string{"Acme"}, IDs: []int64{3}}, AssetTypes: Names{All: true},
		TagTargets: map[string]Names{"Contacts": {Names: []string{"Acme"}}}}
	b := Scope{Organizations: Names{Names: []string{"Acme", "Beta"}, IDs: []int64{4}}, AssetTypes: Names{Names: []string{"Email"}},
		TagTargets: map[string]Names{"Configurations": {IDs: []int64{9}}}}
	want := Scope{Organizations: Names{Names: []string{"Acme", "Beta"}, IDs: []int64{3, 4}},
		AssetTypes: Names{All: true, Names: []string{"Email"}},
		TagTargets: map[string]Names{"Contacts": {Names: []string{"Acme"}}, "Configurations": {IDs: []int64{9}}}}
	if d := cmp.Diff(want, a.Union(b)); d != "" {
		t.Errorf("Union (-want +got):\n%s", d)
	}
	if d := cmp.Diff(a.Union(a), a); d != "" {
		t.Errorf("a scope united with itself changed (-want +got):\n%s", d)
	}
}
