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

// policy is what a rich-text field keeps.
func policy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "ul", "ol", "li",
		"table", "thead", "tbody", "tr", "th", "td", "pre", "code", "blockquote", "hr",
		"b", "strong", "i", "em", "s", "del")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|center|right)$`)).OnElements("th", "td")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
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
