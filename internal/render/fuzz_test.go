package render

import (
	"bytes"
	"strings"
	"testing"
	"unicode"

	"github.com/glue-sync/glue-sync/internal/diag"
	"github.com/glue-sync/glue-sync/internal/plan"
)

// ourTags are the only HTML tags the Markdown renderer writes itself.
var ourTags = strings.NewReplacer("<code>", "", "</code>", "", "<details>", "", "</details>", "",
	"<summary>", "", "</summary>", "", "<b>", "", "</b>", "")

// FuzzRenderNames renders plans whose names and values are arbitrary and
// checks that no name escapes its place: the comment stays well formed and
// within its limit, outside code blocks no tag but ours survives, and the
// terminal text holds no control characters.
func FuzzRenderNames(f *testing.F) {
	for _, s := range []string{"Acme", "<script>x</script>", "```\n</details>", "--> <!--", "a\x1b[2Jb", "|`*_[]()@!#~"} {
		f.Add(s, s+"\nmore", uint16(3000))
	}
	f.Fuzz(func(t *testing.T, name, value string, limit uint16) {
		p := emptyPlan()
		p.Changes = []plan.Change{
			{ID: "organization/" + name, Action: plan.Delete, Kind: plan.KindOrganization, Name: name, Reason: name},
			{ID: "a", Action: plan.Update, Kind: plan.KindAsset, Organization: name, AssetType: name, Name: name, Source: name,
				Diffs: []plan.Diff{{Path: "traits." + name, Before: js(value), After: js(name)}}},
		}
		p.Unmanaged = []plan.Unmanaged{{Kind: plan.Kind(name), Address: name}}
		p.Diagnostics = []plan.Diagnostic{{Severity: plan.SeverityWarning, Pos: diag.ParsePos(name), Message: name, Hint: value}}

		max := 1500 + int(limit)
		var buf bytes.Buffer
		if err := Markdown(&buf, p, MarkdownOptions{MaxBytes: max}); err != nil {
			if !strings.Contains(err.Error(), "does not fit") {
				t.Fatalf("Markdown: %v", err)
			}
		} else {
			md := buf.String()
			if len(md) > max {
				t.Errorf("comment is %d bytes; limit %d", len(md), max)
			}
			checkStructure(t, md)
			outside := stripCodeBlocks(md)
			first, rest, _ := strings.Cut(outside, "\n")
			if first != "<!-- glue-sync plan -->" {
				t.Errorf("first line = %q", first)
			}
			if strings.Contains(ourTags.Replace(rest), "<") {
				t.Errorf("raw < outside code blocks:\n%s", md)
			}
		}
		text := renderText(t, p, TextOptions{})
		for _, r := range text {
			if r != '\n' && r != '\t' && (unicode.IsControl(r) || unicode.Is(unicode.Cf, r)) {
				t.Fatalf("text output holds control character %U:\n%q", r, text)
			}
		}
	})
}
