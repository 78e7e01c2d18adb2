package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/schemas"
)

// parseFile checks a file's encoding, parses its YAML documents and hands
// each one to the loader. It returns false for a file it skipped as
// another tool's (see foreign).
func (l *loader) parseFile(file string, data []byte, isConfig bool) bool {
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
		return true
	}
	if off := controlChar(data); off >= 0 {
		line, col := lineCol(data, off)
		r, _ := utf8.DecodeRune(data[off:])
		l.errHint(Pos{File: file, Line: line, Col: col}, fmt.Sprintf("remove it, or write it as \\x%02x inside double quotes", r),
			"control character U+%04X is not allowed in YAML", r)
		return true
	}
	if isConfig {
		docs, err := decodeAll(data)
		if err != nil {
			l.yamlError(file, data, err)
			return true
		}
		l.parseConfig(file, docs)
		return true
	}
	// The documents are handled one at a time as they are parsed, so that
	// (in the second round, see readFiles) no more than one document's
	// YAML is alive per file: an asset's is dropped once it is converted.
	// Those at the start that look like another tool's are held until one
	// does not (then the file is read) or the file ends (then it is
	// skipped, see foreign). Documents before a broken one are kept, so
	// that what they declare does not turn into "unknown" errors
	// elsewhere.
	if l.assets == nil {
		// A guess of the assets to come, so that the slice grows seldom.
		l.assets = make([]assetRec, 0, bytes.Count(data, []byte(DocFlexibleAsset)))
	}
	base := path.Base(file)
	looksForeign := base != ConfigFile && base != ConfigFileAlt
	var held []*yaml.Node
	dec := newDocReader(data)
	for {
		doc, err := dec.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			l.yamlError(file, data, err)
			looksForeign = false
			break
		}
		if looksForeign && foreignDoc(doc) {
			held = append(held, doc)
			continue
		}
		looksForeign = false
		for i, d := range held {
			held[i] = nil
			l.documentNow(file, d)
		}
		held = nil
		l.documentNow(file, doc)
	}
	if looksForeign && len(held) > 0 {
		l.warnHint(Pos{File: file}, "add kind: Organization, FlexibleAssetType or FlexibleAsset if it is meant as one",
			"skipped: not a glue-sync file (no kind:, and none of glue-sync's keys), e.g. another tool's configuration")
		return false
	}
	for _, d := range held {
		l.documentNow(file, d)
	}
	return true
}

// documentNow handles one document and, once every type is known,
// converts the asset it declares right away (see convertAssets).
func (l *loader) documentNow(file string, doc *yaml.Node) {
	l.document(file, doc)
	if l.known != nil && len(l.pending) > 0 {
		l.convertAssets()
	}
	if l.afterDocument != nil && l.known != nil {
		l.afterDocument(file, doc)
	}
}

// foreign reports whether every document of a file is a mapping with no
// key a glue-sync document has (kind, name, organization, traits, ...):
// another tool's YAML in the repository (mkdocs.yml, a CI file), which is
// skipped with a warning. A file with one such key is read, so that a
// glue-sync document missing its kind: is an error, never skipped.
func foreign(docs []*yaml.Node) bool {
	if len(docs) == 0 {
		return false
	}
	for _, doc := range docs {
		if !foreignDoc(doc) {
			return false
		}
	}
	return true
}

// foreignDoc reports whether doc is a mapping with no key a glue-sync
// document has (see foreign).
func foreignDoc(doc *yaml.Node) bool {
	if doc.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if documentKeys[doc.Content[i].Value] {
			return false
		}
	}
	return true
}

// documentKeys are the top-level keys of glue-sync's document schemas,
// but for the generic ones other tools use too (id, description, type,
// status, enabled).
var documentKeys = func() map[string]bool {
	generic := map[string]bool{"id": true, "description": true, "type": true, "status": true, "enabled": true}
	keys := map[string]bool{"kind": true}
	for _, name := range []string{schemas.Organization, schemas.FlexibleAssetType, schemas.FlexibleAsset} {
		b, err := fs.ReadFile(schemas.FS(), name)
		if err != nil {
			panic("spec: embedded schema " + name + ": " + err.Error())
		}
		var s struct {
			Properties map[string]json.RawMessage `json:"properties"`
		}
		if err := json.Unmarshal(b, &s); err != nil {
			panic("spec: embedded schema " + name + ": " + err.Error())
		}
		for k := range s.Properties {
			if !generic[k] {
				keys[k] = true
			}
		}
	}
	return keys
}()

// decodeAll parses every document in data (see docReader).
func decodeAll(data []byte) (docs []*yaml.Node, err error) {
	dec := newDocReader(data)
	for {
		doc, err := dec.next()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return docs, err
		}
		docs = append(docs, doc)
	}
}

// docReader parses a file's documents one at a time, skipping empty ones.
// doc receives each document node (only its content is handed out), one
// for the file rather than one per document.
type docReader struct {
	dec *yaml.Decoder
	doc yaml.Node
}

func newDocReader(data []byte) *docReader {
	return &docReader{dec: yaml.NewDecoder(bytes.NewReader(data))}
}

// next returns the next non-empty document, or io.EOF after the last.
// yaml.v3 is not known to panic on any input, but a panic must never
// reach the user, so it is turned into an error.
func (r *docReader) next() (doc *yaml.Node, err error) {
	defer func() {
		if p := recover(); p != nil {
			doc, err = nil, fmt.Errorf("yaml: the YAML parser failed on this file: %v", p)
		}
	}()
	for {
		n := &r.doc
		*n = yaml.Node{}
		if err := r.dec.Decode(n); err != nil {
			return nil, err
		}
		if len(n.Content) == 0 {
			continue
		}
		if c := n.Content[0]; c.Kind == yaml.ScalarNode && c.ShortTag() == "!!null" && c.Value == "" {
			continue // an empty document (comments only)
		}
		return n.Content[0], nil
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
