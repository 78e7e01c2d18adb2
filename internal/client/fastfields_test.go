package client

import (
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFastFieldSetsNameEveryWireField: the one-pass decoder skips an
// attribute it has no name for, as encoding/json skips one no field is
// tagged with. So a field added to a wire struct but not to its fieldSet
// would be left empty on the fast path only, and an attribute read
// silently lost for every page the fast path takes. Each fieldSet names
// exactly its struct's JSON attributes, in field order (set's index i is
// field i).
func TestFastFieldSetsNameEveryWireField(t *testing.T) {
	cases := []struct {
		name  string
		wire  any
		names []string
	}{
		{"assets", assetWire{}, assetFields.names},
		{"organizations", organizationWire{}, organizationFields.names},
		{"types", typeWire{}, typeFields.names},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var tags []string
			rt := reflect.TypeOf(c.wire)
			for i := range rt.NumField() {
				tag, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
				if tag != "" && tag != "-" {
					tags = append(tags, tag)
				}
			}
			if diff := cmp.Diff(tags, c.names); diff != "" {
				t.Errorf("the fast decoder's attribute names differ from %s's JSON tags (-tags +fieldSet):\n%s", rt.Name(), diff)
			}
		})
	}
}
