package apply

import (
	"encoding/json"
	"reflect"
	"testing"

	gattrs "github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// everyWritten checks that a plan's Write setting one attribute of table
// (by its API name) sets something in the client write, and that a
// read-only one is refused rather than dropped.
func everyWritten[T, W any](t *testing.T, table gattrs.Table[T, W]) {
	t.Helper()
	r := newRunner(nil, &plan.Plan{}, Options{})
	for _, at := range table {
		val := map[gattrs.Rule]string{gattrs.Text: `"x"`, gattrs.Exact: `"x"`, gattrs.Bool: `true`, gattrs.Int: `3`, gattrs.Ref: `7`}[at.Rule]
		a := r.attrsOf(map[string]json.RawMessage{at.API: json.RawMessage(val)}, nil)
		var w, zero W
		fill(a, table, &w)
		err := a.check("object")
		switch {
		case at.ReadOnly && err == nil:
			t.Errorf("%s is read-only, yet a plan setting it is accepted", at.API)
		case !at.ReadOnly && err != nil:
			t.Errorf("%s: %v", at.API, err)
		case !at.ReadOnly && reflect.DeepEqual(w, zero):
			t.Errorf("%s: the plan sets it, the write sends nothing", at.API)
		}
	}
}

// TestEveryTableAttributeIsWritten: apply's write bodies come from the
// attribute tables, so every writable attribute reaches the client.
func TestEveryTableAttributeIsWritten(t *testing.T) {
	everyWritten(t, gattrs.Organization)
	everyWritten(t, gattrs.AssetType)
	everyWritten(t, gattrs.Field)
}
