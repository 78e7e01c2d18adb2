package spec

import (
	"io"
	"io/fs"
	"path"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/markdown"
)

// MaxMarkdownSize is the largest Markdown file a Textbox trait may name.
const MaxMarkdownSize = 1 << 20

// markdownFile is one Markdown file read for Textbox traits.
type markdownFile struct {
	src  string
	html string
	ok   bool
}

// markdownCache holds the Markdown files read, by path from the root, so
// that a file named by many traits (in any file of the repository) is read
// and warned about once. The loaders of one Load share it.
type markdownCache struct {
	mu    sync.Mutex
	files map[string]*markdownFile
}

// countMarkdown is the number of Markdown files read without error.
func (l *loader) countMarkdown() int {
	l.markdown.mu.Lock()
	defer l.markdown.mu.Unlock()
	n := 0
	for _, mf := range l.markdown.files {
		if mf.ok {
			n++
		}
	}
	return n
}

// markdownTrait reads a Textbox written as Markdown, {markdown: path} or
// {markdownText: ...}, into tv: Text becomes the rendered HTML, Markdown
// the source. Links and images that cannot work inside IT Glue are
// warnings at their line. It reports false after an error.
func (l *loader) markdownTrait(file string, tv *TraitValue, key string, v *yaml.Node) bool {
	const form = "{markdown: path/from/the/repository/root.md} or {markdownText: ...}"
	pos := tv.ValuePos()
	if len(entries(v)) != 1 {
		l.errHint(pos, "give one of them", "trait %q: a Textbox takes %s, not both or more keys", key, form)
		return false
	}
	if n := lookup(v, "markdownText"); n != nil {
		s := str(n)
		if s == nil {
			l.errHint(nodePos(file, n), `write the Markdown as text, e.g. in a block: markdownText: |`, "trait %q: markdownText takes text, not %s", key, valueForm(n))
			return false
		}
		html, warnings := markdown.Render([]byte(*s))
		for _, w := range warnings {
			wp := nodePos(file, n)
			if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				wp = Pos{File: wp.File, Line: wp.Line + w.Line, Col: 1}
			}
			l.warnHint(wp, w.Hint, "trait %q: %s", key, w.Message)
		}
		tv.Text = html
		tv.SetMarkdown(&MarkdownSource{Text: *s})
		return true
	}
	n := lookup(v, "markdown")
	p := str(n)
	if p == nil || *p == "" {
		l.errHint(pos, "e.g. {markdown: runbooks/erp-restore.md}", "trait %q: markdown takes a file path", key)
		return false
	}
	if !l.checkRepoFile(nodePos(file, n), key, *p, MaxMarkdownSize, "split the runbook, or link to the long parts") {
		return false
	}
	clean := path.Clean(*p)
	mf := l.readMarkdown(nodePos(file, n), key, clean)
	if !mf.ok {
		return false
	}
	tv.Text = mf.html
	tv.SetMarkdown(&MarkdownSource{File: clean, Text: mf.src})
	return true
}

// readMarkdown reads and renders the Markdown file at clean (relative to
// the root) once, warning about its links at their lines.
func (l *loader) readMarkdown(pos Pos, key, clean string) *markdownFile {
	c := l.markdown
	c.mu.Lock()
	defer c.mu.Unlock()
	if mf, ok := c.files[clean]; ok {
		return mf
	}
	mf := &markdownFile{}
	if c.files == nil {
		c.files = map[string]*markdownFile{}
	}
	c.files[clean] = mf
	p := clean
	if l.root != "." {
		p = l.root + "/" + clean
	}
	data, err := l.readInside(p, MaxMarkdownSize)
	if err != nil {
		l.errf(pos, "trait %q: cannot read Markdown file %q: %v", key, clean, unwrapPathErr(err))
		return mf
	}
	if !utf8.Valid(data) {
		l.errHint(pos, "save the file as UTF-8", "trait %q: Markdown file %q is not UTF-8 text", key, clean)
		return mf
	}
	mf.src = string(data)
	var warnings []markdown.Warning
	mf.html, warnings = markdown.Render(data)
	for _, w := range warnings {
		l.warnHint(Pos{File: l.display(p), Line: w.Line, Col: 1}, w.Hint, "%s", w.Message)
	}
	mf.ok = true
	return mf
}

// readInside reads at most limit bytes of the regular file at p, following
// symbolic links only inside the root (checkRepoFile has vetted it).
func (l *loader) readInside(p string, limit int64) ([]byte, error) {
	if rl, ok := l.fsys.(fs.ReadLinkFS); ok {
		resolved, err := resolveInside(rl, l.root, p)
		if err != nil {
			return nil, err
		}
		p = resolved
	}
	f, err := l.fsys.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}
