package reconcile

import (
	"encoding/json"
	"strings"

	"github.com/glue-sync/glue-sync/internal/markdown"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// markdownDiff is how the plan shows a change to a Textbox written as
// Markdown: the Markdown source after, and the live value read back as
// Markdown (markdown.FromHTML) before, both plain strings, so that every renderer shows a
// line diff of the Markdown a reviewer wrote rather than of HTML. (What is
// sent is the rendered HTML, in the write.)
func markdownDiff(tv *spec.TraitValue, raw json.RawMessage, hasLive bool) (before, after json.RawMessage) {
	if strings.TrimSpace(tv.Markdown().Text) != "" {
		after = jsonValue(tv.Markdown().Text)
	}
	if !hasLive {
		return nil, after
	}
	s, ok := rawString(raw)
	if !ok || strings.TrimSpace(s) == "" {
		return nil, after
	}
	return jsonValue(markdown.FromHTML(s)), after
}
