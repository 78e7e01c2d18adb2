package reconcile

import (
	"fmt"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/spec"
)

// TestStrTableRendersAsStringsDo checks that positions and ids built in
// a strTable read as Pos.String and string concatenation give them, and
// that strings stay as they were while later ones fill and replace its
// chunks.
func TestStrTableRendersAsStringsDo(t *testing.T) {
	var tab strTable
	type built struct{ got, want string }
	var all []built
	for _, p := range []spec.Pos{{File: "a.yaml"}, {File: "a.yaml", Line: 1, Col: 1}, {File: "assets/org-024.yaml", Line: 123456789, Col: 17},
		{File: "", Line: 3, Col: 0}, {File: "x:y.yaml", Line: 9223372036854775807, Col: 9223372036854775807}, {File: strings.Repeat("d/", 70000) + "f.yml", Line: 2, Col: 5}} {
		all = append(all, built{tab.pos(p), p.String()})
	}
	for i := range 4000 { // about 280 KB: every chunk size up to strChunkMax, then several of it
		org, name := fmt.Sprintf("Org %d", i%37), fmt.Sprintf("asset %06d", i)
		all = append(all, built{tab.join("flexible-asset/", org, "/", "Type 1", "/", name), "flexible-asset/" + org + "/Type 1/" + name})
		p := spec.Pos{File: fmt.Sprintf("assets/org-%03d.yaml", i%37), Line: i + 1, Col: i % 3}
		all = append(all, built{tab.pos(p), p.String()})
	}
	all = append(all, built{tab.join(), ""})
	for i, b := range all {
		if b.got != b.want {
			t.Fatalf("string %d = %q; want %q", i, b.got, b.want)
		}
	}
}
