package markdown

import (
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/glue-sync/glue-sync/internal/richtext"
)

// FromHTML converts rich-text HTML back to Markdown, in the style Render
// reads: ATX headings, "-" lists with [ ] and [x] boxes, fenced code,
// pipe tables. What Markdown cannot say is kept verbatim as HTML, which
// Markdown allows, so nothing is lost:
//
//   - an inline element Markdown has no mark for (<u>, <sub>, <span> or
//     <font> with attributes, a link with a target, ...) keeps its tags
//     around its text, which stays Markdown;
//   - a <div> with attributes keeps its tags on lines of their own around
//     its content, which stays Markdown;
//   - a block Markdown cannot express (a table with spanning cells,
//     attributes or blocks in its cells, a paragraph or heading with
//     attributes, a list with attributes or with blocks in its items)
//     is written as one HTML block, without blank lines.
//
// Rendering the result again gives HTML with the same richtext.Canonical
// form as the input, as far as Render's sanitiser keeps the HTML; the
// plan shows a live Textbox this way next to the repository's Markdown,
// and export writes long Textboxes this way.
func FromHTML(s string) string {
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return s
	}
	var c conv
	c.blocks(nodes)
	return strings.TrimRight(c.b.String(), "\n") + "\n"
}

// FromLive returns the Markdown a live rich-text value can be kept as in
// a file: FromHTML of the value as Render's sanitiser keeps it (so that
// attributes are spelled as the sanitiser spells them), and ok only if
// that Markdown renders to HTML with the richtext.Canonical form of the
// live value (nothing the sanitiser drops, such as an image, counted) and
// reads back from that HTML as the same Markdown, so that applying the
// file and reading the value again gives the same file.
//
// A value glue-sync wrote from Markdown usually comes back as it was
// sent; then both checks hold without being made (the same string has
// the same Canonical form and sanitises to the HTML md was made from).
// Likewise the second conversion is skipped when the rendered HTML
// sanitises to the same HTML as the live value.
func FromLive(live string) (md string, ok bool) {
	kept := Sanitize(live)
	md = FromHTML(kept)
	sent, _ := Render([]byte(md))
	if sent == live {
		return md, true
	}
	if richtext.Canonical(sent) != richtext.Canonical(live) {
		return md, false
	}
	if back := Sanitize(sent); back != kept && FromHTML(back) != md {
		return md, false
	}
	return md, true
}

// conv accumulates Markdown.
type conv struct {
	b    strings.Builder
	last string // the kind of the last block written: "ul", "ol" or ""
}

// blockElements start a block of their own.
var blockElements = map[string]bool{
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "p": true, "div": true,
	"ul": true, "ol": true, "pre": true, "blockquote": true, "hr": true, "table": true,
	"dl": true, "center": true, "section": true, "article": true, "header": true, "footer": true,
	"figure": true, "address": true, "details": true, "aside": true, "nav": true, "main": true,
}

func isBlock(n *html.Node) bool { return n.Type == html.ElementNode && blockElements[n.Data] }

// markedInline are the inline elements Markdown has a mark for.
var markedInline = map[string]string{"b": "**", "strong": "**", "i": "*", "em": "*", "s": "~~", "del": "~~", "strike": "~~"}

// blocks writes a sequence of nodes as Markdown blocks, each followed by a
// blank line; runs of inline nodes between blocks become paragraphs.
func (c *conv) blocks(nodes []*html.Node) {
	var run []*html.Node
	flush := func() {
		if t := trimBreaks(inlines(run, false)); t != "" {
			c.write(t+"\n\n", "")
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

// write adds a block of the given kind. Two lists of the same kind in a
// row are kept apart by an empty HTML comment, or Markdown would read them
// as one list.
func (c *conv) write(s, kind string) {
	if kind != "" && kind == c.last {
		c.b.WriteString("<!-- -->\n\n")
	}
	c.b.WriteString(s)
	c.last = kind
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
		t := trimBreaks(inlines(children(n), false))
		if len(n.Attr) > 0 || strings.Contains(t, "\n") || hasBlock(n) || strings.HasSuffix(t, "#") {
			c.raw(n)
			return
		}
		level := int(n.Data[1] - '0')
		c.write(strings.Repeat("#", level)+" "+t+"\n\n", "")
	case "p":
		if len(n.Attr) > 0 || hasBlock(n) {
			c.raw(n)
			return
		}
		if t := trimBreaks(inlines(children(n), false)); t != "" {
			c.write(t+"\n\n", "")
		}
	case "div":
		if len(n.Attr) == 0 {
			c.blocks(children(n))
			return
		}
		// The tags on lines of their own are HTML blocks; what is
		// between them, after a blank line, is Markdown again.
		c.write(openTag(n)+"\n\n", "")
		c.blocks(children(n))
		c.write("</div>\n\n", "")
	case "hr":
		if len(n.Attr) > 0 {
			c.raw(n)
			return
		}
		c.write("---\n\n", "")
	case "pre":
		if !c.pre(n) {
			c.raw(n)
		}
	case "blockquote":
		if len(n.Attr) > 0 {
			c.raw(n)
			return
		}
		var inner conv
		inner.blocks(children(n))
		var b strings.Builder
		for _, l := range strings.Split(strings.TrimRight(inner.b.String(), "\n"), "\n") {
			b.WriteString(strings.TrimRight("> "+l, " ") + "\n")
		}
		c.write(b.String()+"\n", "")
	case "ul", "ol":
		if !simpleList(n) {
			c.raw(n)
			return
		}
		c.write(list(n, "")+"\n", n.Data)
	case "table":
		if md, ok := table(n); ok {
			c.write(md, "")
			return
		}
		c.raw(n)
	default:
		c.raw(n)
	}
}

// raw writes n as an HTML block.
func (c *conv) raw(n *html.Node) { c.write(rawHTML(n)+"\n\n", "") }

// pre writes a code block as a fenced block, if it has no attributes.
func (c *conv) pre(n *html.Node) bool {
	code := n
	if ch := n.FirstChild; ch != nil && ch.NextSibling == nil && ch.Type == html.ElementNode && ch.Data == "code" {
		code = ch
	}
	if len(n.Attr) > 0 || len(code.Attr) > 0 {
		return false
	}
	for ch := code.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type != html.TextNode {
			return false
		}
	}
	t := textOf(code)
	if !strings.HasSuffix(t, "\n") {
		t += "\n"
	}
	fence := "```"
	for strings.Contains(t, fence) {
		fence += "`"
	}
	c.write(fence+"\n"+t+fence+"\n\n", "")
	return true
}

// simpleList reports whether a list is one Markdown can write: no
// attributes but an ordered list's start, items without attributes
// holding text, at most one paragraph, and nested simple lists after the
// text.
func simpleList(n *html.Node) bool {
	for _, a := range n.Attr {
		if n.Data != "ol" || a.Key != "start" {
			return false
		}
		if _, err := strconv.Atoi(strings.TrimSpace(a.Val)); err != nil {
			return false
		}
	}
	for li := n.FirstChild; li != nil; li = li.NextSibling {
		switch {
		case li.Type == html.TextNode && strings.TrimSpace(li.Data) == "":
			continue
		case li.Type == html.CommentNode:
			continue
		case li.Type != html.ElementNode || li.Data != "li" || len(li.Attr) > 0:
			return false
		}
		paras, nested := 0, false
		for ch := li.FirstChild; ch != nil; ch = ch.NextSibling {
			switch {
			case ch.Type == html.ElementNode && (ch.Data == "ul" || ch.Data == "ol"):
				if !simpleList(ch) {
					return false
				}
				nested = true
			case ch.Type == html.TextNode && strings.TrimSpace(ch.Data) == "":
			case nested:
				return false // text after a nested list
			case ch.Type == html.ElementNode && ch.Data == "p":
				paras++
				if paras > 1 || len(ch.Attr) > 0 || hasBlock(ch) {
					return false
				}
			case isBlock(ch):
				return false
			}
		}
	}
	return true
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
		t := trimBreaks(inlines(text, false))
		switch {
		case strings.HasPrefix(t, Unchecked+" "):
			t = "[ ] " + strings.TrimPrefix(t, Unchecked+" ")
		case strings.HasPrefix(t, Checked+" "):
			t = "[x] " + strings.TrimPrefix(t, Checked+" ")
		}
		pad := indent + strings.Repeat(" ", len(marker))
		b.WriteString(strings.TrimRight(indent+marker+strings.ReplaceAll(t, "\n", "\n"+pad), " ") + "\n")
		for _, sub := range nested {
			b.WriteString(list(sub, pad))
		}
	}
	return b.String()
}

// table returns a pipe table, if Markdown can write it: a header row of
// <th> cells, body rows of as many <td> cells, no attributes but the
// columns' alignment, no blocks in the cells.
func table(n *html.Node) (string, bool) {
	if len(n.Attr) > 0 {
		return "", false
	}
	var rows [][]*html.Node
	ok := true
	var walk func(*html.Node)
	walk = func(x *html.Node) {
		for ch := x.FirstChild; ch != nil; ch = ch.NextSibling {
			switch {
			case ch.Type == html.TextNode && strings.TrimSpace(ch.Data) == "", ch.Type == html.CommentNode:
			case ch.Type != html.ElementNode || len(ch.Attr) > 0:
				ok = false
			case ch.Data == "thead" || ch.Data == "tbody":
				walk(ch)
			case ch.Data == "tr":
				var cells []*html.Node
				for td := ch.FirstChild; td != nil; td = td.NextSibling {
					switch {
					case td.Type == html.TextNode && strings.TrimSpace(td.Data) == "", td.Type == html.CommentNode:
					case td.Type == html.ElementNode && (td.Data == "td" || td.Data == "th"):
						for _, a := range td.Attr {
							if a.Key != "align" {
								ok = false
							}
						}
						if hasBlock(td) {
							ok = false
						}
						cells = append(cells, td)
					default:
						ok = false
					}
				}
				rows = append(rows, cells)
			default:
				ok = false
			}
		}
	}
	walk(n)
	if !ok || len(rows) == 0 || len(rows[0]) == 0 {
		return "", false
	}
	width := len(rows[0])
	for i, r := range rows {
		if len(r) != width {
			return "", false
		}
		for j, cell := range r {
			if (i == 0) != (cell.Data == "th") || attr(cell, "align") != attr(rows[0][j], "align") {
				return "", false
			}
		}
	}
	var b strings.Builder
	row := func(cells []*html.Node) {
		out := make([]string, width)
		for i, cell := range cells {
			out[i] = strings.ReplaceAll(strings.TrimSpace(inlines(children(cell), true)), "\n", " ")
		}
		b.WriteString("| " + strings.Join(out, " | ") + " |\n")
	}
	row(rows[0])
	seps := make([]string, width)
	for i, th := range rows[0] {
		switch attr(th, "align") {
		case "left":
			seps[i] = ":---"
		case "right":
			seps[i] = "---:"
		case "center":
			seps[i] = ":---:"
		case "":
			seps[i] = "---"
		default:
			return "", false
		}
	}
	b.WriteString("| " + strings.Join(seps, " | ") + " |\n")
	for _, r := range rows[1:] {
		row(r)
	}
	b.WriteString("\n")
	return b.String(), true
}

// trimBreaks trims a block's Markdown text of blanks, no-break spaces and
// line breaks (a "\" ending a line) at its start and end: Markdown reads
// a "\" ending a block as text, and a break or a blank there shows
// nothing.
func trimBreaks(t string) string {
	for {
		t = strings.TrimSpace(t)
		switch {
		case strings.HasPrefix(t, "\\\n"):
			t = t[2:]
		case strings.HasPrefix(t, "&nbsp;"):
			t = t[len("&nbsp;"):]
		case strings.HasSuffix(t, "&nbsp;"):
			t = t[:len(t)-len("&nbsp;")]
		case (len(t)-len(strings.TrimRight(t, "\\")))%2 == 1:
			t = t[:len(t)-1] // a break: a written backslash is doubled
		default:
			return t
		}
	}
}

func hasBlock(n *html.Node) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if isBlock(ch) || hasBlock(ch) {
			return true
		}
	}
	return false
}

// inlines writes inline nodes as the Markdown text of a block; in a table
// cell, line breaks are <br> and pipes are escaped.
func inlines(nodes []*html.Node, cell bool) string {
	// White space as Markdown reads it: runs of blanks one space, lines
	// trimmed.
	lines := strings.Split(inlineText(nodes, cell), "\n")
	for i, l := range lines {
		lines[i] = squeezeBlanks(strings.TrimLeft(l, " \t"))
		if !strings.HasSuffix(lines[i], `\`) {
			lines[i] = strings.TrimRight(lines[i], " \t")
		}
	}
	return strings.Join(lines, "\n")
}

// squeezeBlanks makes every run of spaces and tabs in s one space (what
// the regular expression [ \t]+ replaced by " " does, without its
// allocations).
func squeezeBlanks(s string) string {
	i := 0
	for ; i < len(s); i++ {
		if s[i] == '\t' || s[i] == ' ' && i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\t') {
			break
		}
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		if s[i] != ' ' && s[i] != '\t' {
			b.WriteByte(s[i])
			i++
			continue
		}
		b.WriteByte(' ')
		for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
			i++
		}
	}
	return b.String()
}

// inlineText writes inline nodes as Markdown text, white space as it is.
func inlineText(nodes []*html.Node, cell bool) string {
	var b strings.Builder
	for i, n := range nodes {
		var next *html.Node
		if i+1 < len(nodes) {
			next = nodes[i+1]
		}
		inline(&b, n, next, cell)
	}
	return b.String()
}

func inline(b *strings.Builder, n, next *html.Node, cell bool) {
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
	if isBlock(n) {
		b.WriteString(rawHTML(n))
		return
	}
	// inner is the content as Markdown, written once (an element may
	// be nested deep).
	var innerText *string
	inner := func() string {
		if innerText == nil {
			t := inlineText(children(n), cell)
			innerText = &t
		}
		return *innerText
	}
	// tags keeps n's own tags around its content, which stays Markdown.
	tags := func() { b.WriteString(openTag(n) + inner() + "</" + n.Data + ">") }
	switch n.Data {
	case "b", "strong", "i", "em", "s", "del", "strike":
		in := inner()
		switch {
		case strings.TrimSpace(in) == "":
			b.WriteString(in)
		case len(n.Attr) > 0 || !flanks(b.String(), in, next):
			tags()
		default:
			mark := markedInline[n.Data]
			b.WriteString(mark + in + mark)
		}
	case "code":
		t := textOf(n)
		if len(n.Attr) > 0 || strings.TrimSpace(t) == "" || strings.Contains(t, "\n") || hasElement(n) {
			tags()
			return
		}
		fence := "`"
		for strings.Contains(t, fence) {
			fence += "`"
		}
		if strings.HasPrefix(t, "`") || strings.HasSuffix(t, "`") || strings.HasPrefix(t, " ") && strings.HasSuffix(t, " ") {
			t = " " + t + " "
		}
		if cell {
			t = strings.ReplaceAll(t, "|", `\|`)
		}
		b.WriteString(fence + t + fence)
	case "br":
		if cell {
			b.WriteString("<br>")
			return
		}
		b.WriteString("\\\n")
	case "a":
		href := attr(n, "href")
		text := textOf(n)
		switch {
		case len(n.Attr) > 1 || href == "" && len(n.Attr) > 0:
			tags()
		case href == "":
			b.WriteString(inner())
		case text == href && (strings.HasPrefix(href, "https://") || strings.HasPrefix(href, "http://")) && !strings.ContainsAny(href, "<>()*_~[]| ") && !hasElement(n):
			b.WriteString(href)
		case text == href && strings.HasPrefix(href, "mailto:") && !strings.ContainsAny(text, "<> ") && !hasElement(n):
			b.WriteString("<" + text + ">")
		case "mailto:"+text == href && !strings.ContainsAny(text, "<> ") && !hasElement(n):
			b.WriteString("<" + text + ">")
		default:
			b.WriteString("[" + inner() + "](" + escapeURL(href) + ")")
		}
	case "span", "font":
		if len(n.Attr) == 0 {
			b.WriteString(inner())
			return
		}
		tags()
	case "img", "input", "wbr":
		b.WriteString(rawHTML(n))
	default:
		if n.FirstChild == nil && voidElements[n.Data] {
			b.WriteString(rawHTML(n))
			return
		}
		tags()
	}
}

// flanks reports whether Markdown reads mark+in+mark, written after
// before and followed by next, as emphasis: the marks touch the text and
// punctuation inside is matched by space or punctuation outside.
func flanks(before, in string, next *html.Node) bool {
	first, _ := utf8.DecodeRuneInString(in)
	last, _ := utf8.DecodeLastRuneInString(in)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(before)
	if before != "" && isPunct(first) && !unicode.IsSpace(prev) && !isPunct(prev) {
		return false
	}
	if isPunct(last) && next != nil {
		after, _ := utf8.DecodeRuneInString(textOf(next))
		if next.Type == html.ElementNode && next.Data == "br" {
			after = '\n'
		}
		if after != utf8.RuneError && !unicode.IsSpace(after) && !isPunct(after) {
			return false
		}
	}
	return true
}

func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

func hasElement(n *html.Node) bool {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode {
			return true
		}
	}
	return false
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
			if entityLike().MatchString(t[i:]) {
				b.WriteString("&amp;")
				continue
			}
		case '\u00a0':
			b.WriteString("&nbsp;") // visible in the file
			continue
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

var entityLike = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)
})

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

// voidElements have no end tag.
var voidElements = map[string]bool{"br": true, "hr": true, "img": true, "col": true, "wbr": true, "input": true}

// openTag is n's start tag, its attributes in their order.
func openTag(n *html.Node) string {
	var b strings.Builder
	b.WriteString("<" + n.Data)
	for _, a := range n.Attr {
		b.WriteString(" " + a.Key + `="` + attrEscaper.Replace(a.Val) + `"`)
	}
	b.WriteString(">")
	return b.String()
}

var (
	attrEscaper = strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;", ">", "&gt;", "\n", "&#10;", "\r", "&#13;")
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\u00a0", "&nbsp;")
)

// rawHTML is n as HTML, kept verbatim in the Markdown as an HTML block or
// inline HTML: without blank lines (which would end an HTML block), a
// line for each row or item of a table or list, line breaks inside <pre>
// written as &#10;.
func rawHTML(n *html.Node) string {
	var b strings.Builder
	writeRaw(&b, n, false)
	var out []string
	for _, l := range strings.Split(b.String(), "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, strings.TrimRight(l, " \t"))
		}
	}
	return strings.Join(out, "\n")
}

// rowElements end a line in rawHTML.
var rowElements = map[string]bool{"tr": true, "li": true, "thead": true, "tbody": true, "tfoot": true, "caption": true, "colgroup": true, "dt": true, "dd": true}

// structural elements hold only other elements: white space between
// their children is not text.
var structural = map[string]bool{"table": true, "thead": true, "tbody": true, "tfoot": true, "tr": true, "ul": true, "ol": true, "dl": true, "colgroup": true}

func writeRaw(b *strings.Builder, n *html.Node, pre bool) {
	switch n.Type {
	case html.TextNode:
		if n.Parent != nil && structural[n.Parent.Data] && strings.TrimSpace(n.Data) == "" {
			return
		}
		t := textEscaper.Replace(n.Data)
		if pre {
			t = strings.ReplaceAll(strings.ReplaceAll(t, "\r\n", "\n"), "\n", "&#10;")
		} else {
			t = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(t)
		}
		b.WriteString(t)
		return
	case html.ElementNode:
	default:
		return
	}
	b.WriteString(openTag(n))
	if voidElements[n.Data] {
		return
	}
	if structural[n.Data] && n.Data != "tr" {
		b.WriteString("\n")
	}
	pre = pre || n.Data == "pre"
	if n.Data == "pre" && n.FirstChild != nil && n.FirstChild.Type == html.TextNode && strings.HasPrefix(n.FirstChild.Data, "\n") {
		// A newline right after <pre> is dropped by HTML readers; write
		// one more so the text keeps its own.
		b.WriteString("&#10;")
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		writeRaw(b, ch, pre)
	}
	b.WriteString("</" + n.Data + ">")
	if rowElements[n.Data] {
		b.WriteString("\n")
	}
}
