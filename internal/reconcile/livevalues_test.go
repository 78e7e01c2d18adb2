package reconcile

import (
	"encoding/json"
	"testing"

	"github.com/glue-sync/glue-sync/internal/spec"
)

func TestLiveScalar(t *testing.T) {
	for _, tc := range []struct {
		kind, raw, want string
		ok              bool
	}{
		{spec.KindText, `"a\r\nb  "`, "a\nb", true},
		{spec.KindText, `""`, "", false},
		{spec.KindText, `null`, "", false},
		{spec.KindNumber, `25.0`, "25", true},
		{spec.KindPercent, `"071.50"`, "71.5", true},
		{spec.KindDate, `"2024-03-31T00:00:00.000Z"`, "2024-03-31", true},
		{spec.KindCheckbox, `"1"`, "true", true},
		{spec.KindCheckbox, `false`, "false", true},
		{spec.KindCheckbox, ``, "", false},
		{spec.KindSelect, `" Gold "`, "Gold", true},
	} {
		got, ok := LiveScalar(tc.kind, json.RawMessage(tc.raw))
		if got != tc.want || ok != tc.ok {
			t.Errorf("LiveScalar(%s, %s) = %q, %v; want %q, %v", tc.kind, tc.raw, got, ok, tc.want, tc.ok)
		}
	}
}
