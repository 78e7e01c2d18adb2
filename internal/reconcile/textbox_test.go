package reconcile

import (
	"testing"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// TestTextboxComparedAsRichText: IT Glue may keep a Textbox written as
// plain text as HTML (the real-API issue's P8); every such spelling of the
// repository's "line one\nline two\n" is no change, so plans settle, while
// an edit a reader would see is still one.
func TestTextboxComparedAsRichText(t *testing.T) {
	tests := []struct {
		name   string
		live   string
		change bool
	}{
		{"plain, CRLF", `"line one\r\nline two"`, false},
		{"wrapped in p with br", `"<p>line one<br>line two</p>"`, false},
		{"one p per line", `"<p>line one</p>\n<p>line two</p>"`, false},
		{"br with slash, nbsp padding", `"<P>line&nbsp;one<BR/>line two&nbsp;</P>"`, false},
		{"divs", `"<div>line one</div><div>line two</div>"`, false},
		{"edited word", `"<p>line one<br>line 2</p>"`, true},
		{"made bold", `"<p><b>line one</b><br>line two</p>"`, true},
		{"joined lines", `"<p>line one line two</p>"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, l := fixture()
			l.Assets[200][0].Traits = l.Assets[200][0].Traits.With("notes", raw(tt.live))
			p := compute(t, d, l, opts())
			noErrors(t, p)
			ch := changeByID(t, p, webID)
			if got := ch.Action == plan.Update; got != tt.change {
				t.Errorf("live notes %s: action %s, diffs %v; want a change: %v", tt.live, ch.Action, ch.Diffs, tt.change)
			}
		})
	}
}
