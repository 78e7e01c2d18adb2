package reconcile

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/glue-sync/glue-sync/internal/spec"
)

// TestLiveIsWantTextAgreesWithCanonLive: wherever planTrait skips
// canonLive because the live value is the desired text as written, the
// skipped canonLive would have given the desired value's canonical form;
// and the shortcut is taken for the plain values an unchanged asset has.
func TestLiveIsWantTextAgreesWithCanonLive(t *testing.T) {
	kinds := []string{spec.KindText, spec.KindTextbox, spec.KindSelect, spec.KindDate, spec.KindNumber, spec.KindPercent, spec.KindCheckbox}
	texts := []string{"", " ", "asset 000001", "  padded  ", "Gold", "42", "042", "4.50", " 7 ", "1e3", "-0", "50%",
		"2026-01-02", "2026-01-02T03:04:05Z", "02/01/2026", "null", "true", "false", "a\\nb", `say "hi"`, "line\nbreak",
		"<p>x</p>", "**bold** text", "tab\there", "café", "a&amp;b", "<br>", "x\r\n"}
	taken := 0
	for _, kind := range kinds {
		for _, text := range texts {
			tv := spec.NewTraitValue(spec.TraitParts{Text: text})
			w := canonWant(kind, tv)
			quoted, _ := json.Marshal(text)
			raws := []string{string(quoted), strconv.Quote(text), `"` + text + `"`, text, " " + text, text + " ", "null", "[]", "{}"}
			for _, raw := range raws {
				if !liveIsWantText(kind, tv, json.RawMessage(raw), w) {
					continue
				}
				taken++
				if l := canonLive(kind, json.RawMessage(raw)); l != w {
					t.Errorf("%s %q, live %s: shortcut says equal, canonLive %q != canonWant %q", kind, text, raw, l, w)
				}
			}
		}
	}
	for _, c := range []struct{ kind, text, raw string }{
		{spec.KindText, "asset 000001", `"asset 000001"`},
		{spec.KindTextbox, "kept as is", `"kept as is"`},
		{spec.KindSelect, "Gold", `"Gold"`},
		{spec.KindNumber, "42", `42`},
		{spec.KindDate, "2026-01-02", `"2026-01-02"`},
	} {
		tv := spec.NewTraitValue(spec.TraitParts{Text: c.text})
		if !liveIsWantText(c.kind, tv, json.RawMessage(c.raw), canonWant(c.kind, tv)) {
			t.Errorf("%s %q live %s: shortcut not taken", c.kind, c.text, c.raw)
		}
	}
	if taken == 0 {
		t.Fatal("the shortcut was never taken")
	}
}
