package spec

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
)

var yamlErrLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parserErrors are yaml.v3's parser messages; it reports their line
// 0-based, unlike scanner messages.
var parserErrors = map[string]bool{
	"did not find expected <document start>": true,
	"did not find expected node content":     true,
	"did not find expected key":              true,
	"did not find expected '-' indicator":    true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found incompatible YAML document":       true,
	"found duplicate %YAML directive":        true,
	"found duplicate %TAG directive":         true,
	"found undefined tag handle":             true,
}

// yamlHints say how to fix yaml.v3's commonest messages.
var yamlHints = map[string]string{
	"mapping values are not allowed in this context": "quote a value that contains \": \", or indent this line like its siblings",
	"found character that cannot start any token":    "quote the value: a plain value cannot start with @, ` or %",
	"could not find expected ':'":                    "a key on this line or the next misses its ':', or a quote is not closed",
	"found unexpected end of stream":                 "a quote or bracket opened here is not closed",
	"did not find expected ',' or ']'":               "close the [...] list, and quote items that contain , [ ] { } or :",
	"did not find expected ',' or '}'":               "close the {...} mapping, and quote values that contain , [ ] { } or :",
	"did not find expected '-' indicator":            "list items of one list start with '-' in the same column",
	"did not find expected key":                      "keys of one mapping start in the same column",
}

// yamlError turns a parse error into a positioned diagnostic, recognising
// tab indentation.
func (l *loader) yamlError(file string, data []byte, err error) {
	msg := err.Error()
	line := 1
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		// yaml.v3 numbers parser (not scanner) errors from 0.
		if parserErrors[msg] {
			line++
		}
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	if tl, col := tabIndent(data, line, strings.Contains(msg, "tab character")); col > 0 {
		l.errHint(Pos{File: file, Line: tl, Col: col}, "indent with spaces",
			"tab character in indentation (YAML does not allow tabs there)")
		return
	}
	hint := yamlHints[msg]
	if parserErrors[msg] {
		// The parser names the line where the enclosing block or list
		// starts, not the line it choked on.
		hint = hintOr(hint, "check indentation and quoting") + "; the mistake can be on a line below this one"
	}
	l.errHint(Pos{File: file, Line: line, Col: 1}, hint, "invalid YAML: %s", msg)
}

// tabIndent finds a tab in the indentation (spaces and list dashes) of
// the given line, or of the lines next to it (the parser often notices one
// line late), or, when the parser complained about a tab, of any later
// line (inside a block scalar it names the scalar's first line). It
// returns the 1-based line and column, or zeros.
func tabIndent(data []byte, line int, scanOn bool) (int, int) {
	lines := bytes.Split(data, []byte("\n"))
	near := []int{line, line - 1, line + 1}
	if scanOn {
		for ln := line + 2; ln <= len(lines); ln++ {
			near = append(near, ln)
		}
	}
	for _, ln := range near {
		if ln < 1 || ln > len(lines) {
			continue
		}
		for i, c := range lines[ln-1] {
			if c == '\t' {
				return ln, i + 1
			}
			if c != ' ' && c != '-' {
				break
			}
		}
	}
	return 0, 0
}
