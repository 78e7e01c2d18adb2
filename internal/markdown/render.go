package markdown

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Warning is something in the Markdown that will not work inside IT Glue.
type Warning struct {
	// Line is the 1-based line of the Markdown source it concerns.
	Line int
	// Message says what is wrong; Hint what to do.
	Message string
	Hint    string
}

// Unchecked and Checked stand for a task list's boxes in the HTML.
const (
	Unchecked = "☐"
	Checked   = "☑"
)

// Render returns the sanitised HTML of the Markdown src and the warnings
// about links and images that cannot work inside IT Glue. It never fails:
// any input is Markdown.
func Render(src []byte) (string, []Warning) {
	md := reader()
	doc := md.Parser().Parse(text.NewReader(src))
	warnings := check(doc, src)
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, src, doc); err != nil {
		// Rendering writes to memory and cannot fail; keep the text if
		// it ever does rather than send something half-made.
		return sanitiser().Sanitize("<pre>" + string(src) + "</pre>"), warnings
	}
	return sanitiser().Sanitize(buf.String()), warnings
}

// Sanitize returns html as Render sends it: only what a rich-text field
// keeps (see policy).
func Sanitize(html string) string { return sanitiser().Sanitize(html) }

// reader and sanitiser are built once: both are safe for concurrent use
// and never change after.
var (
	reader    = sync.OnceValue(newMarkdown)
	sanitiser = sync.OnceValue(policy)
)

// newMarkdown is the Markdown reader: CommonMark with GitHub's
// extensions. Raw HTML in the source is passed on, so that the sanitiser
// (not the Markdown reader) decides what stays: HTML a Markdown file
// keeps verbatim (as export writes it) survives when IT Glue keeps it.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough,
			extension.Linkify,
			extension.TaskList,
		),
		goldmark.WithRendererOptions(
			html.WithUnsafe(),
			renderer.WithNodeRenderers(util.Prioritized(taskBoxRenderer{}, 1)),
		),
	)
}

// taskBoxRenderer writes a task list's box as a character.
type taskBoxRenderer struct{}

func (taskBoxRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTaskCheckBox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			box := Unchecked
			if n.(*extast.TaskCheckBox).IsChecked {
				box = Checked
			}
			_, _ = w.WriteString(box + " ")
		}
		return ast.WalkContinue, nil
	})
}

// policy is what a rich-text field keeps: the elements and attributes of
// formatted text (what IT Glue's editor writes and a Markdown file may keep
// as raw HTML), never scripts, frames, forms, event handlers, images or
// style that places or loads anything. Styles are kept for the properties
// of text and table formatting, each value checked by bluemonday.
func policy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "ul", "ol", "li",
		"table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
		"pre", "code", "blockquote", "hr", "div", "span", "font",
		"b", "strong", "i", "em", "s", "del", "strike", "u", "ins", "sub", "sup", "mark", "small", "big",
		"kbd", "samp", "var", "tt", "q", "cite", "abbr", "dl", "dt", "dd")
	align := regexp.MustCompile(`(?i)^(left|center|right|justify)$`)
	p.AllowAttrs("align").Matching(align).OnElements("th", "td", "tr", "table", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6")
	p.AllowAttrs("valign").Matching(regexp.MustCompile(`(?i)^(top|middle|bottom|baseline)$`)).OnElements("th", "td", "tr")
	p.AllowAttrs("colspan", "rowspan").Matching(regexp.MustCompile(`^[0-9]{1,3}$`)).OnElements("th", "td")
	p.AllowAttrs("width", "height").Matching(regexp.MustCompile(`^[0-9]{1,4}(\.[0-9]+)?(px|%)?$`)).OnElements("table", "th", "td", "tr", "col", "colgroup")
	p.AllowAttrs("border", "cellpadding", "cellspacing").Matching(regexp.MustCompile(`^[0-9]{1,3}$`)).OnElements("table")
	p.AllowAttrs("span").Matching(regexp.MustCompile(`^[0-9]{1,3}$`)).OnElements("col", "colgroup")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^(1|a|A|i|I|disc|circle|square)$`)).OnElements("ol", "ul")
	p.AllowAttrs("color").Matching(regexp.MustCompile(`^#?[0-9A-Za-z]{1,20}$`)).OnElements("font")
	p.AllowAttrs("face").Matching(regexp.MustCompile(`^[\w ,'"-]{1,100}$`)).OnElements("font")
	p.AllowAttrs("size").Matching(regexp.MustCompile(`^[+-]?[1-7]$`)).OnElements("font")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^[\w -]{1,200}$`)).OnElements(
		"p", "div", "span", "font", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
		"ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr", "u", "b", "strong", "i", "em")
	p.AllowAttrs("title").Matching(regexp.MustCompile(`^[^<>]{0,200}$`)).OnElements("a", "abbr", "span")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("target").Matching(regexp.MustCompile(`^_(blank|self|parent|top)$`)).OnElements("a")
	// rel keeps only link types that give the opened page nothing: never
	// "opener", which hands it the IT Glue tab even with target=_blank.
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^ *(noopener|noreferrer|nofollow|external|ugc|sponsored|help|license|bookmark|tag|author)( +(noopener|noreferrer|nofollow|external|ugc|sponsored|help|license|bookmark|tag|author))* *$`)).OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	p.AllowStyles("color", "background-color", "font-family", "font-size", "font-weight", "font-style",
		"text-decoration", "text-align", "vertical-align", "text-indent", "line-height",
		"margin-left", "padding-left", "width", "height", "border", "border-collapse", "list-style-type", "white-space").
		OnElements("p", "div", "span", "font", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "col", "colgroup",
			"ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
			"u", "b", "strong", "i", "em", "s", "del", "strike", "sub", "sup", "mark", "small", "big", "code")
	return p
}

// check finds the links and images that cannot work inside IT Glue.
func check(doc ast.Node, src []byte) []Warning {
	var out []Warning
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			out = append(out, Warning{Line: lineOf(n, n.Destination, src),
				Message: fmt.Sprintf("image %q is left out: an IT Glue rich-text field sent by glue-sync keeps no images", string(n.Destination)),
				Hint:    "link to the image on a web page instead, or attach it to the asset as an Upload"})
			return ast.WalkSkipChildren, nil
		case *ast.Link:
			if w, ok := linkWarning(string(n.Destination)); ok {
				w.Line = lineOf(n, n.Destination, src)
				out = append(out, w)
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// linkWarning says why a link will not work inside IT Glue, if it won't.
func linkWarning(dest string) (Warning, bool) {
	u, err := url.Parse(dest)
	switch {
	case err != nil:
		return Warning{Message: fmt.Sprintf("link %q is not a valid URL; it is sent as plain text", dest),
			Hint: "fix the link"}, true
	case strings.HasPrefix(dest, "#"):
		return Warning{Message: fmt.Sprintf("link %q to a heading is sent as plain text: IT Glue's rich text has no heading anchors", dest),
			Hint: "refer to the section by its name instead"}, true
	case u.Scheme == "":
		return Warning{Message: fmt.Sprintf("relative link %q is sent as plain text: inside IT Glue there is no repository file to open", dest),
			Hint: "link to the document's IT Glue or web address (https://...) instead"}, true
	case u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto":
		return Warning{Message: fmt.Sprintf("link %q is sent as plain text: only http, https and mailto links are kept", dest),
			Hint: "use an https:// address"}, true
	}
	return Warning{}, false
}

// lineOf finds the source line of an inline node: the line of dest inside
// the block holding it, else the block's first line.
func lineOf(n ast.Node, dest, src []byte) int {
	start := -1
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			start = p.Lines().At(0).Start
			break
		}
	}
	if start < 0 {
		return 1
	}
	off := start
	if len(dest) > 0 {
		if i := bytes.Index(src[start:], dest); i >= 0 {
			off += i
		}
	}
	return bytes.Count(src[:off], []byte("\n")) + 1
}
