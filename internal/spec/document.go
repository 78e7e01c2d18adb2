package spec

import (
	"path"
	"strconv"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/schemas"
)

// Document kinds.
const (
	DocOrganization      = "Organization"
	DocFlexibleAssetType = "FlexibleAssetType"
	DocFlexibleAsset     = "FlexibleAsset"
)

var docKinds = []string{DocOrganization, DocFlexibleAssetType, DocFlexibleAsset}

// document checks one parsed document and records the object it declares.
func (l *loader) document(file string, doc *yaml.Node) {
	if !l.checkNode(file, doc) {
		return
	}
	pos := nodePos(file, doc)
	if doc.Kind != yaml.MappingNode {
		l.errHint(pos, "start the document with kind: Organization, FlexibleAssetType or FlexibleAsset",
			"a document must be a mapping, not %s", yamlKindName(doc))
		return
	}
	kindNode := lookup(doc, "kind")
	if kindNode == nil {
		if base := path.Base(file); base == ConfigFile || base == ConfigFileAlt {
			l.errHint(pos, "move it to the repository root, or validate the folder it belongs to",
				"%s is read as the configuration only at the repository root; here it needs a kind:", base)
			return
		}
		l.errHint(pos, "add kind: Organization, FlexibleAssetType or FlexibleAsset",
			"missing required key \"kind\"")
		return
	}
	from := len(l.diags)
	switch kindNode.Value {
	case DocOrganization:
		defer l.warnBareDates(file, doc, from)
		l.validate(schemas.Organization, file, doc)
		o := decodeOrganization(file, doc)
		l.rememberKeys(o, file, doc, "name", "parent", "id", "previously")
		l.orgs = append(l.orgs, o)
	case DocFlexibleAssetType:
		defer l.warnBareDates(file, doc, from)
		l.validate(schemas.FlexibleAssetType, file, doc)
		t := decodeAssetType(file, doc)
		l.rememberKeys(t, file, doc, "name", "id", "previously")
		i := 0
		for _, fn := range contentOf(lookup(doc, "fields")) {
			if fn.Kind == yaml.MappingNode {
				l.rememberKeys(t.Fields[i], file, fn, "name", "tagType", "previously")
				l.checkField(file, fn, t.Fields[i])
				i++
			}
		}
		l.types = append(l.types, t)
	case DocFlexibleAsset:
		defer l.warnBareDates(file, doc, from)
		l.validate(schemas.FlexibleAsset, file, doc)
		r := decodeAsset(file, doc)
		// Assets of one file mostly share their organization: its text
		// is kept once, not once per asset.
		if a := r.asset; a.Organization == l.lastOrg {
			a.Organization = l.lastOrg
		} else {
			l.lastOrg = a.Organization
		}
		l.pending = append(l.pending, r)
	case "":
		what := "has no value"
		if kindNode.Kind != yaml.ScalarNode {
			what = "must be one word, not " + yamlKindName(kindNode)
		}
		l.errHint(nodePos(file, kindNode), "write kind: Organization, FlexibleAssetType or FlexibleAsset",
			"kind: %s", what)
	default:
		hint := l.didYouMean(kindNode.Value, docKinds)
		if hint == "" {
			hint = "use Organization, FlexibleAssetType or FlexibleAsset"
		}
		l.errHint(nodePos(file, kindNode), hint, "kind: unknown document kind %q", kindNode.Value)
	}
}

// The decoders below are lenient: they take what is well-formed and leave
// the rest to the schema's diagnostics, so that one bad value does not
// cascade into "unknown organization" errors elsewhere.

// str returns the text of a scalar the schema sees as a string (see
// instance), else nil.
func str(n *yaml.Node) *string {
	if s, ok := strOK(n); ok {
		return &s
	}
	return nil
}

// strOK is str without the allocation: the text and whether there is one.
func strOK(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	if t := n.ShortTag(); t != "!!str" && t != "!!timestamp" {
		if kind, _ := scalarValue(n); kind != 'S' {
			return "", false
		}
	}
	return n.Value, true
}

// isStr reports whether str(n) is not nil.
func isStr(n *yaml.Node) bool {
	_, ok := strOK(n)
	return ok
}

func strVal(n *yaml.Node) string {
	s, _ := strOK(n)
	return s
}

func boolp(n *yaml.Node) *bool {
	if n == nil || n.ShortTag() != "!!bool" {
		return nil
	}
	var b bool
	if n.Decode(&b) != nil {
		return nil
	}
	return &b
}

func int64p(n *yaml.Node) *int64 {
	if n == nil || n.ShortTag() != "!!int" {
		return nil
	}
	i, err := strconv.ParseInt(n.Value, 10, 64)
	if err != nil {
		return nil
	}
	return &i
}

func intp(n *yaml.Node) *int {
	p := int64p(n)
	if p == nil || *p < 0 || *p > 1<<20 {
		return nil
	}
	i := int(*p)
	return &i
}

func strList(n *yaml.Node) []string {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		if s := str(c); s != nil {
			out = append(out, *s)
		}
	}
	return out
}

func decodeOrganization(file string, n *yaml.Node) *Organization {
	return &Organization{
		Pos:         nodePos(file, n),
		Name:        strVal(lookup(n, "name")),
		ID:          int64p(lookup(n, "id")),
		Previously:  strList(lookup(n, "previously")),
		Type:        str(lookup(n, "type")),
		Status:      str(lookup(n, "status")),
		ShortName:   str(lookup(n, "shortName")),
		Description: str(lookup(n, "description")),
		Alert:       str(lookup(n, "alert")),
		QuickNotes:  str(lookup(n, "quickNotes")),
		Parent:      str(lookup(n, "parent")),
	}
}

func decodeAssetType(file string, n *yaml.Node) *AssetType {
	t := &AssetType{
		Pos:         nodePos(file, n),
		Name:        strVal(lookup(n, "name")),
		ID:          int64p(lookup(n, "id")),
		Previously:  strList(lookup(n, "previously")),
		Description: str(lookup(n, "description")),
		Icon:        str(lookup(n, "icon")),
		Enabled:     boolp(lookup(n, "enabled")),
		ShowInMenu:  boolp(lookup(n, "showInMenu")),
	}
	if fs := lookup(n, "fields"); fs != nil && fs.Kind == yaml.SequenceNode {
		for _, fn := range fs.Content {
			if fn.Kind == yaml.MappingNode {
				t.Fields = append(t.Fields, decodeField(file, fn))
			}
		}
	}
	return t
}

func decodeField(file string, n *yaml.Node) *Field {
	f := &Field{
		Pos:         nodePos(file, n),
		Name:        strVal(lookup(n, "name")),
		Kind:        strVal(lookup(n, "kind")),
		Previously:  strList(lookup(n, "previously")),
		Hint:        str(lookup(n, "hint")),
		Required:    boolp(lookup(n, "required")),
		UseForTitle: boolp(lookup(n, "useForTitle")),
		ShowInList:  boolp(lookup(n, "showInList")),
		Expiration:  boolp(lookup(n, "expiration")),
		Decimals:    intp(lookup(n, "decimals")),
		Default:     str(lookup(n, "default")),
		Options:     strList(lookup(n, "options")),
	}
	if tt := lookup(n, "tagType"); tt != nil {
		if s := str(tt); s != nil {
			f.TagTarget = &TagTarget{Kind: *s}
		} else if a := str(lookup(tt, "flexibleAssetType")); a != nil {
			f.TagTarget = &TagTarget{Kind: TagKindAsset, AssetType: *a}
		}
	}
	return f
}

// contentOf is n's children, or nil for a nil node.
func contentOf(n *yaml.Node) []*yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	return n.Content
}
