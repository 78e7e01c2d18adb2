package markdown

import (
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// FromHTML converts rich-text HTML back to Markdown, in the style Render
// reads: ATX headings, "-" lists with [ ] and [x] boxes, fenced code,
// pipe tables. What Markdown cannot say (an element Render does not make,
// such as <u> or a <span> with a style) is kept verbatim as HTML, which
// Markdown allows, so nothing is lost. Rendering the result again gives
// HTML with the same richtext.Canonical form as the input, for the HTML
// Render makes; the plan shows a live Textbox this way next to the
// repository's Markdown.
func FromHTML(s string) string {
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return s
	}
	var c conv
	c.blocks(nodes)
	return strings.TrimRight(c.b.String(), "\n") + "\n"
}

// conv accumulates Markdown.
type conv struct{ b strings.Builder }

// blockElements start a block of their own.
var blockElements = map[string]bool{
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "p": true, "div": true,
	"ul": true, "ol": true, "pre": true, "blockquote": true, "hr": true, "table": true,
}

func isBlock(n *html.Node) bool { return n.Type == html.ElementNode && blockElements[n.Data] }

// blocks writes a sequence of nodes as Markdown blocks, each followed by a
// blank line; runs of inline nodes between blocks become paragraphs.
func (c *conv) blocks(nodes []*html.Node) {
	var run []*html.Node
	flush := func() {
		if t := strings.TrimSpace(inlines(run)); t != "" {
			c.b.WriteString(t + "\n\n")
		}
		run = nil
	}
	for _, n := range nodes {
		if !isBlock(n) {
			run = append(run, n)
			continue
		}
		flush()
		c.block(n)
	}
	flush()
}

func children(n *html.Node) []*html.Node {
	var out []*html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		out = append(out, ch)
	}
	return out
}

func (c *conv) block(n *html.Node) {
	switch n.Data {
	case "h1", "h2", "h3", "h4", "h5", "h6":
		level := int(n.Data[1] - '0')
		c.b.WriteString(strings.Repeat("#", level) + " " + strings.ReplaceAll(strings.TrimSpace(inlines(children(n))), "\n", " ") + "\n\n")
	case "p":
		if t := strings.TrimSpace(inlines(children(n))); t != "" {
			c.b.WriteString(t + "\n\n")
		}
	case "div":
		c.blocks(children(n))
	case "hr":
		c.b.WriteString("---\n\n")
	case "pre":
		c.pre(n)
	case "blockquote":
		var inner conv
		inner.blocks(children(n))
		for _, l := range strings.Split(strings.TrimRight(inner.b.String(), "\n"), "\n") {
			c.b.WriteString(strings.TrimRight("> "+l, " ") + "\n")
		}
		c.b.WriteString("\n")
	case "ul", "ol":
		c.b.WriteString(list(n, "") + "\n")
	case "table":
		c.table(n)
	}
}

// pre writes a code block as a fenced block.
func (c *conv) pre(n *html.Node) {
	code := n
	if ch := n.FirstChild; ch != nil && ch.NextSibling == nil && ch.Type == html.ElementNode && ch.Data == "code" {
		code = ch
	}
	t := textOf(code)
	if !strings.HasSuffix(t, "\n") {
		t += "\n"
	}
	fence := "```"
	for strings.Contains(t, fence) {
		fence += "`"
	}
	c.b.WriteString(fence + "\n" + t + fence + "\n\n")
}

// list writes a list, its nested lists indented under their items.
func list(n *html.Node, indent string) string {
	var b strings.Builder
	num := 1
	if v := attr(n, "start"); v != "" {
		if i, err := strconv.Atoi(v); err == nil {
			num = i
		}
	}
	for li := n.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != html.ElementNode || li.Data != "li" {
			continue
		}
		marker := "- "
		if n.Data == "ol" {
			marker = strconv.Itoa(num) + ". "
			num++
		}
		var text []*html.Node
		var nested []*html.Node
		for _, ch := range children(li) {
			switch {
			case ch.Type == html.ElementNode && (ch.Data == "ul" || ch.Data == "ol"):
				nested = append(nested, ch)
			case ch.Type == html.ElementNode && ch.Data == "p":
				text = append(text, children(ch)...)
			default:
				text = append(text, ch)
			}
		}
		t := strings.TrimSpace(inlines(text))
		switch {
		case strings.HasPrefix(t, Unchecked+" "):
			t = "[ ] " + strings.TrimPrefix(t, Unchecked+" ")
		case strings.HasPrefix(t, Checked+" "):
			t = "[x] " + strings.TrimPrefix(t, Checked+" ")
		}
		pad := indent + strings.Repeat(" ", len(marker))
		b.WriteString(indent + marker + strings.ReplaceAll(t, "\n", "\n"+pad) + "\n")
		for _, sub := range nested {
			b.WriteString(list(sub, pad))
		}
	}
	return b.String()
}

// table writes a pipe table; a table Markdown cannot express (no header
// row, cells spanning columns, blocks in cells) is kept as HTML.
func (c *conv) table(n *html.Node) {
	var rows [][]*html.Node
	var walk func(*html.Node)
	simple := true
	walk = func(x *html.Node) {
		for ch := x.FirstChild; ch != nil; ch = ch.NextSibling {
			if ch.Type != html.ElementNode {
				continue
			}
			switch ch.Data {
			case "thead", "tbody", "tfoot":
				walk(ch)
			case "tr":
				var cells []*html.Node
				for td := ch.FirstChild; td != nil; td = td.NextSibling {
					if td.Type == html.ElementNode && (td.Data == "td" || td.Data == "th") {
						if attr(td, "colspan") != "" || attr(td, "rowspan") != "" || hasBlock(td) {
							simple = false
						}
						cells = append(cells, td)
					}
				}
				rows = append(rows, cells)
			default:
				simple = false
			}
		}
	}
	walk(n)
	if !simple || len(rows) == 0 || len(rows[0]) == 0 || rows[0][0].Data != "th" {
		c.b.WriteString(rawHTML(n) + "\n\n")
		return
	}
	width := len(rows[0])
	row := func(cells []*html.Node) string {
		out := make([]string, width)
		for i := range width {
			if i < len(cells) {
				out[i] = strings.ReplaceAll(strings.ReplaceAll(strings.TrimSpace(inlines(children(cells[i]))), "\n", " "), "|", `\|`)
			}
		}
		return "| " + strings.Join(out, " | ") + " |\n"
	}
	c.b.WriteString(row(rows[0]))
	seps := make([]string, width)
	for i, th := range rows[0] {
		switch attr(th, "align") {
		case "left":
			seps[i] = ":---"
		case "right":
			seps[i] = "---:"
		case "center":
			seps[i] = ":---:"
		default:
			seps[i] = "---"
		}
	}
	c.b.WriteString("| " + strings.Join(seps, " | ") + " |\n")
	for _, r := range rows[1:] {
		c.b.WriteString(row(r))
	}
	c.b.WriteString("\n")
}

func hasBlock(n *html.Node) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if isBlock(ch) || hasBlock(ch) {
			return true
		}
	}
	return false
}

// inlines writes inline nodes as Markdown text.
func inlines(nodes []*html.Node) string {
	var b strings.Builder
	for _, n := range nodes {
		inline(&b, n)
	}
	// White space as Markdown reads it: runs of blanks one space, lines
	// trimmed.
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = spaces.ReplaceAllString(strings.TrimLeft(l, " \t"), " ")
		if !strings.HasSuffix(lines[i], `\`) {
			lines[i] = strings.TrimRight(lines[i], " \t")
		}
	}
	return strings.Join(lines, "\n")
}

var spaces = regexp.MustCompile(`[ \t]+`)

func inline(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		t := n.Data
		if strings.HasSuffix(b.String(), "\\\n") {
			t = strings.TrimLeft(t, " \t\r\n") // the line break is written
		}
		b.WriteString(escape(t))
		return
	case html.ElementNode:
	default:
		return
	}
	wrap := func(mark string) {
		inner := inlines(children(n))
		if strings.TrimSpace(inner) == "" {
			b.WriteString(inner)
			return
		}
		b.WriteString(mark + inner + mark)
	}
	switch n.Data {
	case "b", "strong":
		wrap("**")
	case "i", "em":
		wrap("*")
	case "s", "del", "strike":
		wrap("~~")
	case "code":
		t := textOf(n)
		fence := "`"
		for strings.Contains(t, fence) {
			fence += "`"
		}
		if strings.HasPrefix(t, "`") || strings.HasSuffix(t, "`") {
			t = " " + t + " "
		}
		b.WriteString(fence + t + fence)
	case "br":
		b.WriteString("\\\n")
	case "a":
		href := attr(n, "href")
		text := textOf(n)
		switch {
		case href == "":
			b.WriteString(inlines(children(n)))
		case text == href && (strings.HasPrefix(href, "https://") || strings.HasPrefix(href, "http://")) && !strings.ContainsAny(href, "<>() "):
			b.WriteString(href)
		case text == href && strings.HasPrefix(href, "mailto:") && !strings.ContainsAny(text, "<> "):
			b.WriteString("<" + text + ">")
		case "mailto:"+text == href && !strings.ContainsAny(text, "<> "):
			b.WriteString("<" + text + ">")
		default:
			b.WriteString("[" + inlines(children(n)) + "](" + escapeURL(href) + ")")
		}
	case "span":
		if len(n.Attr) == 0 {
			b.WriteString(inlines(children(n)))
			return
		}
		b.WriteString(rawHTML(n))
	default:
		b.WriteString(rawHTML(n))
	}
}

// escape makes text read as itself in Markdown.
func escape(t string) string {
	var b strings.Builder
	for i, r := range t {
		switch r {
		case '\\', '*', '_', '`', '[', ']', '~', '|':
			b.WriteByte('\\')
		case '<':
			if i+1 < len(t) && (isLetter(t[i+1]) || t[i+1] == '/' || t[i+1] == '!' || t[i+1] == '?') {
				b.WriteByte('\\')
			}
		case '&':
			if entityLike.MatchString(t[i:]) {
				b.WriteString("&amp;")
				continue
			}
		case '#', '>', '-', '+', '=':
			if atLineStart(t, i) {
				b.WriteByte('\\')
			}
		case '.', ')':
			if j := lineStart(t, i); j < i && allDigits(t[j:i]) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

var entityLike = regexp.MustCompile(`^&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func lineStart(t string, i int) int {
	j := strings.LastIndexByte(t[:i], '\n') + 1
	for j < i && (t[j] == ' ' || t[j] == '\t') {
		j++
	}
	return j
}

func atLineStart(t string, i int) bool { return lineStart(t, i) == i }

func allDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func escapeURL(u string) string {
	return strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(u)
}

// textOf is the text inside n, entities decoded.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		if x.Type == html.TextNode {
			b.WriteString(x.Data)
		}
		for ch := x.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(n)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

// rawHTML is n as HTML, kept verbatim in the Markdown.
func rawHTML(n *html.Node) string {
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		return escape(textOf(n))
	}
	return strings.ReplaceAll(b.String(), "\n", " ")
}
