package reconcile

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/glue-sync/glue-sync/internal/markdown"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// TestTextboxMarkdown: a Textbox written as Markdown sends the rendered
// HTML, compares with the live value through the canonical rich-text
// form (so IT Glue's own spelling of the HTML is no change), and shows a
// change as the Markdown source, a plain string the renderers line-diff.
func TestTextboxMarkdown(t *testing.T) {
	const src = "# Restore\n\n- [x] stop the service\n- [ ] restore **all** disks\n\nSee <https://status.example.com>.\n"
	html, _ := markdown.Render([]byte(src))
	tests := []struct {
		name   string
		live   string // JSON
		change bool
	}{
		{"as sent", jsonString(t, html), false},
		{"respelled by the editor", jsonString(t, strings.NewReplacer("<strong>", "<B>", "</strong>", "</B>", "\n", "", "<a href=\"https://status.example.com\">", "<a href='https://status.example.com'>").Replace(html)), false},
		{"edited in IT Glue", jsonString(t, strings.Replace(html, "all", "some", 1)), true},
		{"empty", `""`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, l := fixture()
			tv := d.Asset("Acme", "Service", "Web").Traits.Get("Notes")
			tv.Text = html
			tv.SetMarkdown(&spec.MarkdownSource{File: "runbooks/web.md", Text: src})
			l.Assets[200][0].Traits = l.Assets[200][0].Traits.With("notes", raw(tt.live))
			p := compute(t, d, l, opts())
			noErrors(t, p)
			ch := changeByID(t, p, webID)
			if got := ch.Action == plan.Update; got != tt.change {
				t.Fatalf("action %s, diffs %v; want a change: %v", ch.Action, ch.Diffs, tt.change)
			}
			if !tt.change {
				return
			}
			var notes *plan.Diff
			for i := range ch.Diffs {
				if strings.Contains(ch.Diffs[i].Path, "Notes") {
					notes = &ch.Diffs[i]
				}
			}
			if notes == nil {
				t.Fatalf("no Notes diff in %v", ch.Diffs)
			}
			var after string
			if err := json.Unmarshal(notes.After, &after); err != nil || after != src {
				t.Errorf("diff after = %s; want the Markdown source %q", notes.After, src)
			}
			if notes.Before != nil {
				var before string
				if err := json.Unmarshal(notes.Before, &before); err != nil || strings.Contains(before, "<p>") {
					t.Errorf("diff before = %s; want plain text lines", notes.Before)
				}
			}
			var sent string
			if err := json.Unmarshal(ch.Write.Traits["notes"], &sent); err != nil {
				t.Fatalf("write notes: %v", err)
			}
			if d := cmp.Diff(html, sent); d != "" {
				t.Errorf("write sends (-want rendered HTML +got):\n%s", d)
			}
		})
	}
}

func jsonString(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
