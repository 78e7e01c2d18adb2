package spec

import (
	"gopkg.in/yaml.v3"
	"path"
	"strings"

	"github.com/glue-sync/glue-sync/schemas"
)

// parseConfig reads the repository configuration file.
func (l *loader) parseConfig(file string, docs []*yaml.Node) {
	if len(docs) == 0 {
		l.errHint(Pos{File: file}, "add at least: version: 1", "the configuration file is empty")
		return
	}
	if len(docs) > 1 {
		l.errHint(nodePos(file, docs[1]), "move documents with a kind: to other files",
			"the configuration file must hold exactly one document")
	}
	doc := docs[0]
	if !l.checkNode(file, doc) {
		return
	}
	if doc.Kind != yaml.MappingNode {
		l.errf(nodePos(file, doc), "the configuration must be a mapping, not %s", yamlKindName(doc))
		return
	}
	if k := lookupKey(doc, "kind"); k != nil {
		l.errHint(nodePos(file, k), "declare organizations, types and assets in other files",
			"%s is the repository configuration and takes no kind:", file)
		return
	}
	defer l.warnBareDates(file, doc, len(l.diags))
	l.validate(schemas.Config, file, doc)
	c := &RepoConfig{
		Pos:     nodePos(file, doc),
		Region:  strVal(lookup(doc, "region")),
		BaseURL: strVal(lookup(doc, "baseURL")),
	}
	if m := lookup(doc, "manage"); m != nil {
		c.Manage.Organizations = decodeScope(file, lookup(m, "organizations"))
		c.Manage.AssetTypes = decodeScope(file, lookup(m, "flexibleAssetTypes"))
	}
	if p := lookup(doc, "prune"); p != nil {
		c.Prune.Organizations = decodePrune(file, lookup(p, "organizations"))
		c.Prune.Assets = decodePrune(file, lookup(p, "assets"))
		c.Prune.Fields = decodePrune(file, lookup(p, "fields"))
	}
	if d := lookup(doc, "defaults"); d != nil {
		c.Defaults.OrganizationType = str(lookup(d, "organizationType"))
		c.Defaults.OrganizationStatus = str(lookup(d, "organizationStatus"))
	}
	if sn := lookup(doc, "secrets"); sn != nil && sn.Kind == yaml.MappingNode {
		c.Secrets.Pos = nodePos(file, sn)
		var prefixPos Pos
		if pn := lookup(sn, "envPrefix"); pn != nil {
			c.Secrets.EnvPrefix, prefixPos = strVal(pn), nodePos(file, pn)
		}
		var namePos []Pos
		if nn := lookup(sn, "envNames"); nn != nil && nn.Kind == yaml.SequenceNode {
			for _, e := range nn.Content {
				if s := str(e); s != nil {
					c.Secrets.EnvNames = append(c.Secrets.EnvNames, *s)
					namePos = append(namePos, nodePos(file, e))
				}
			}
		}
		l.checkSecretsPolicy(c.Secrets, prefixPos, namePos)
	}
	if en := lookup(doc, "exclude"); en != nil && en.Kind == yaml.SequenceNode {
		for _, e := range en.Content {
			s := str(e)
			if s == nil {
				continue
			}
			if _, err := path.Match(strings.TrimSuffix(*s, "/"), ""); err != nil {
				l.errHint(nodePos(file, e), "use *, ? and [abc] (path.Match), relative to the repository root; end a folder with /",
					"exclude: %q is not a valid pattern", *s)
				continue
			}
			c.Exclude = append(c.Exclude, *s)
		}
	}
	l.config = c
}

func decodeScope(file string, n *yaml.Node) Scope {
	if n == nil {
		return Scope{}
	}
	s := Scope{Pos: nodePos(file, n)}
	if n.Kind == yaml.ScalarNode && n.Value == "all" {
		s.All = true
		return s
	}
	if n.Kind != yaml.SequenceNode {
		return Scope{} // the schema reported it
	}
	s.Names = strList(n)
	return s
}

func decodePrune(file string, n *yaml.Node) Prune {
	if n == nil {
		return Prune{}
	}
	p := Prune{Pos: nodePos(file, n)}
	if b := boolp(lookup(n, "enabled")); b != nil {
		p.Enabled = *b
	}
	if v := lookup(n, "maxCount"); v != nil && (v.ShortTag() == "!!int" || v.ShortTag() == "!!float") {
		// The schema refuses what is not a whole number from 1 to
		// MaxPruneCount; decoding through float64 keeps 0x10 or 5.0 from
		// being dropped (read as no cap) where the schema accepted them.
		var f float64
		if v.Decode(&f) == nil && f >= 1 && f <= MaxPruneCount && f == float64(int(f)) {
			p.MaxCount = int(f)
		}
	}
	if v := lookup(n, "maxShare"); v != nil && (v.ShortTag() == "!!float" || v.ShortTag() == "!!int") {
		var f float64
		if v.Decode(&f) == nil && f > 0 && f <= 1 {
			p.MaxShare = f
		}
	}
	return p
}
