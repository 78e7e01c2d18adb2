package export

import (
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/client"

	"github.com/glue-sync/glue-sync/internal/markdown"
)

// MarkdownThreshold is the length of Markdown from which a Textbox
// holding HTML is exported as a Markdown file beside the YAML
// ({markdown: path}) rather than inline: long rich text reads better, and
// reviews as Markdown. The length counted is the Markdown's, not the
// live HTML's, so that the same file is written again after it is
// applied (IT Glue then holds the HTML rendered from it, which may be
// shorter or longer than the HTML it was read from).
const MarkdownThreshold = 500

// markdownOut is a Textbox exported as a Markdown file; its path is given
// once the asset's identity is known.
type markdownOut struct {
	field string
	text  string
	path  *yaml.Node // the {markdown: ...} value, filled by Build
}

// textboxMarkdown returns the Markdown a long HTML Textbox is exported
// as, when that Markdown round-trips (markdown.FromLive): it renders to
// HTML that reads the same as the live value (so a plan after export is
// empty), and reading that HTML back gives the same Markdown (so export,
// apply, export is byte-identical). HTML that Markdown cannot express is
// kept in the file as HTML. A value holding what the rendered HTML cannot
// (an image, a class on code, a style property the sanitiser drops) stays
// an inline string, verbatim, as do short values and plain text.
func textboxMarkdown(s string) (string, bool) {
	if !strings.Contains(s, "<") {
		return "", false
	}
	md, ok := markdown.FromLive(s)
	if !ok || len(md) < MarkdownThreshold {
		return "", false
	}
	return md, true
}

// markdownNode is the {markdown: path} node of a Textbox exported as a
// file; the path is filled in by Build.
func (a *assetOut) markdownNode(field, md string) *yaml.Node {
	v := str("")
	a.markdown = append(a.markdown, markdownOut{field: field, text: md, path: v})
	return &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle, Content: []*yaml.Node{str("markdown"), v}}
}

// markdownFiles names the Markdown files of a's Textbox traits (the asset's
// identity is known now) and keeps them for Build.
func (b *builder) markdownFiles(a *assetOut, o client.Organization, t client.FlexibleAssetType) {
	for _, m := range a.markdown {
		if b.mdSlugs == nil {
			b.mdSlugs = slugs{}
		}
		name := a.key
		if name == "" {
			name = "id " + itoa(a.live.ID)
		}
		path := "runbooks/" + b.orgSlug[o.ID] + "/" + b.mdSlugs.take(b.typeSlug[t.ID]+" "+name+" "+m.field, "textbox") + ".md"
		m.path.Value = path
		b.mdFiles = append(b.mdFiles, File{Path: path, Data: []byte(m.text)})
	}
	a.markdown = nil
}
