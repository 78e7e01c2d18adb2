package render

import (
	"fmt"
	"net/url"
	"strings"
)

// mdEntities replaces every character that HTML or Markdown could give a
// meaning to. Entities work the same in a table cell, a list item, an
// HTML <summary> and a <code> element, so one escaper serves them all.
var mdEntities = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;",
	"`", "&#96;", "*", "&#42;", "_", "&#95;", "[", "&#91;", "]", "&#93;",
	"|", "&#124;", `\`, "&#92;", "~", "&#126;", "!", "&#33;", ":", "&#58;",
	// GitHub links @mentions and #123 references in rendered text, entities
	// decoded: an invisible word joiner (U+2060) after each keeps them text.
	"@", "&#64;&#8288;", "#", "&#35;&#8288;",
)

// mdText escapes user-controlled text for Markdown and HTML: control
// characters are made visible first, then every active character becomes
// an entity.
func mdText(s string) string { return mdEntities.Replace(sanitizeLine(s)) }

// mdCode shows user-controlled text as inline code: escaped, and inside
// <code> so GitHub neither links URLs nor notifies @mentions in it.
func mdCode(s string) string { return "<code>" + mdText(s) + "</code>" }

// fence returns a code fence longer than any run of backticks in body, so
// no value can close the code block early.
func fence(body string) string {
	longest, run := 0, 0
	for i := 0; i < len(body); i++ {
		if body[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

// linkURL checks a URL for a Markdown link: http or https only, with the
// characters that would end the link percent-encoded.
func linkURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", fmt.Errorf("full plan URL %q is not an http(s) URL", s)
	}
	return strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E").Replace(u.String()), nil
}

// checkMarker refuses a marker that would end or break the HTML comment.
func checkMarker(m string) error {
	if strings.Contains(m, "--") || strings.ContainsAny(m, ">\r\n") || strings.HasPrefix(m, "-") || strings.HasSuffix(m, "-") {
		return fmt.Errorf("comment marker %q must not contain \"--\", \">\" or a line break, nor start or end with \"-\"", m)
	}
	return nil
}

// MarkdownText escapes text from a repository or the API for GitHub
// Markdown (tables, lists, HTML): every active character becomes an
// entity, control characters are made visible, and @mentions and #123
// references stay plain text.
func MarkdownText(s string) string { return mdText(s) }

// MarkdownCode is MarkdownText inside <code>.
func MarkdownCode(s string) string { return mdCode(s) }
