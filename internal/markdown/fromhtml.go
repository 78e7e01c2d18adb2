package markdown

import "github.com/glue-sync/glue-sync/internal/richtext"

// FromHTML reads a rich-text value back as Markdown-like text, for
// showing a live value next to Markdown source. For now it is the value's
// canonical form (richtext.Canonical): one block or line per line.
func FromHTML(s string) string {
	return richtext.Canonical(s)
}
