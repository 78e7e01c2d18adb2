package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// parseFile checks a file's encoding, parses its YAML documents and hands
// each one to the loader.
func (l *loader) parseFile(file string, data []byte, isConfig bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		line, col := lineCol(data, off)
		l.errHint(Pos{File: file, Line: line, Col: col}, "save the file as UTF-8",
			"file is not valid UTF-8 (byte 0x%02x)", data[off])
		return
	}
	if off := controlChar(data); off >= 0 {
		line, col := lineCol(data, off)
		r, _ := utf8.DecodeRune(data[off:])
		l.errHint(Pos{File: file, Line: line, Col: col}, fmt.Sprintf("remove it, or write it as \\x%02x inside double quotes", r),
			"control character U+%04X is not allowed in YAML", r)
		return
	}
	docs, err := decodeAll(data)
	if err != nil {
		// Keep the documents before the broken one, so that what they
		// declare does not turn into "unknown" errors elsewhere.
		l.yamlError(file, data, err)
		if isConfig {
			return
		}
	}
	if isConfig {
		l.parseConfig(file, docs)
		return
	}
	for _, doc := range docs {
		l.document(file, doc)
	}
}

// decodeAll parses every document in data. yaml.v3 is not known to panic
// on any input, but a panic must never reach the user, so it is turned into
// an error.
func decodeAll(data []byte) (docs []*yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: the YAML parser failed on this file: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return docs, err
		}
		if len(n.Content) == 0 {
			continue
		}
		if c := n.Content[0]; c.Kind == yaml.ScalarNode && c.ShortTag() == "!!null" && c.Value == "" {
			continue // an empty document (comments only)
		}
		docs = append(docs, n.Content[0])
	}
}

// lineCol converts a byte offset to a 1-based line and column (in runes).
func lineCol(data []byte, off int) (int, int) {
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return line, 1 + utf8.RuneCount(data[start:off])
}

// controlChar returns the offset of the first character YAML does not
// allow in a stream (C0 controls other than tab, LF and CR; DEL; C1
// controls other than NEL), or -1. yaml.v3 rejects them too, but names
// the wrong line.
func controlChar(data []byte) int {
	for i, c := range data {
		switch {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c == 0x7f:
			return i
		case c == 0xc2 && i+1 < len(data) && data[i+1] >= 0x80 && data[i+1] <= 0x9f && data[i+1] != 0x85:
			return i
		}
	}
	return -1
}
