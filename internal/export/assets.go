package export

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/client"
)

// assetOut is one exported asset while Build works on it.
type assetOut struct {
	live     *client.FlexibleAsset
	org      *client.Organization
	typ      *client.FlexibleAssetType
	identity string // "" when the asset is pinned by id instead
	// key is the identity in plan's comparable form (canonical rich text
	// for a Textbox), by which plan finds the live asset.
	key string
	// match are the fields of identity when the type's title fields give
	// none (nil: the title fields).
	match []string
	// pinned says the asset carries id: because plan could not find it by
	// its identity alone (see pinAmbiguous).
	pinned bool
	// scalars are the written scalar traits, and written says which
	// fields got a value (for required:), both by the field's index in
	// typ.Fields (slices, not maps: every asset holds them until its file
	// is written, and two maps cost about 500 bytes an asset).
	scalars []*yaml.Node
	written []bool
	// markdown are the Textbox traits exported as Markdown files.
	markdown []markdownOut
}

// label names the asset in notes.
func (a *assetOut) label() string {
	name := a.identity
	if name == "" {
		name = a.live.Name // IT Glue's name, before the identity is known
	}
	if name == "" {
		name = "#" + itoa(a.live.ID)
	}
	return fmt.Sprintf("%s asset %q of %q", a.typ.Name, name, a.org.Name)
}

// collectAssets picks the assets of the exported organizations and types,
// writes their scalar traits and works out their identities. An asset
// with no identity is pinned by id; of assets sharing an identity, the
// one plan would match (not archived, lowest id) is kept.
func (b *builder) collectAssets() {
	b.targets = newTargetIndex(b.live)
	for i := range b.types {
		t := &b.types[i]
		byOrg := map[int64][]*assetOut{}
		// vals are one asset's scalar traits as identity parts, by field
		// index: kept here, not on the asset, which only needs the
		// joined identity (a map per asset cost about 10 MB at 20,000).
		vals := make([]identityPart, len(t.Fields))
		var names, keys []string
		for j := range b.live.Assets[t.ID] {
			la := &b.live.Assets[t.ID][j]
			o := b.orgByID[la.OrganizationID]
			if o == nil {
				continue
			}
			a := &assetOut{live: la, org: o, typ: t, scalars: make([]*yaml.Node, len(t.Fields)), written: make([]bool, len(t.Fields))}
			clear(vals)
			names, keys = names[:0], keys[:0]
			for k, f := range t.Fields {
				n, text, name, ok := b.scalarTrait(a, f, a.traitRaw(f))
				if !ok {
					continue
				}
				a.scalars[k], a.written[k] = n, true
				vals[k] = identityPart{name: name, key: text, ok: true}
				if titleField(f) {
					names, keys = append(names, name), append(keys, text)
				}
			}
			a.setIdentity(names, keys)
			if a.identity == "" {
				a.matchAll(vals)
			}
			byOrg[o.ID] = append(byOrg[o.ID], a)
		}
		for orgID, as := range byOrg {
			pinCollidingMatches(as)
			pinAmbiguous(as)
			slices.SortFunc(as, func(x, y *assetOut) int {
				return cmp.Or(cmp.Compare(x.identity, y.identity), boolCmp(x.live.Archived, y.live.Archived), cmp.Compare(x.live.ID, y.live.ID))
			})
			var kept []*assetOut
			for _, a := range as {
				if n := len(kept); n > 0 && a.identity != "" && kept[n-1].identity == a.identity {
					b.note("%s (id %d): another asset (id %d) has the same identity, so this one is left out; give it a distinct useForTitle value in IT Glue",
						a.label(), a.live.ID, kept[n-1].live.ID)
					continue
				}
				kept = append(kept, a)
				b.exported[a.live.ID] = a
			}
			b.byOrgType[[2]int64{orgID, t.ID}] = kept
		}
	}
}

// traitRaw returns the live value of field f, keyed by its name-key.
func (a *assetOut) traitRaw(f client.FlexibleAssetField) json.RawMessage {
	if f.NameKey != "" {
		return a.live.Traits.Value(f.NameKey)
	}
	return nil
}

// writeAssets builds the asset files, one organization and type at a
// time: each file's documents are encoded as soon as they are built and
// their node trees dropped, so that export holds one file's trees at a
// time, not every asset's (about 10 KB each). add receives each file.
func (b *builder) writeAssets(add func(path string, docs []*yaml.Node) error) error {
	g := newTagGraph()
	for _, o := range b.orgs {
		for _, t := range b.types {
			as := b.byOrgType[[2]int64{o.ID, t.ID}]
			if len(as) == 0 {
				continue
			}
			docs := make([]*yaml.Node, len(as))
			for i, a := range as {
				docs[i] = b.assetNode(a, g)
				a.scalars = nil // in docs[i] now; dropped with it
				b.markdownFiles(a, o, t)
			}
			if err := add("assets/"+b.orgSlug[o.ID]+"/"+b.typeSlug[t.ID]+".yaml", docs); err != nil {
				return err
			}
			b.res.Assets += len(as)
		}
	}
	return nil
}

// requiredNotes leaves out required: on fields some exported asset has no
// value for (known once every asset document is built).
func (b *builder) requiredNotes() {
	for _, t := range b.types {
		for k, f := range t.Fields {
			if n := b.uploads[f.ID]; n > 0 {
				b.note("type %q, field %q: %d Upload %s not exported (files are not downloaded) and %s unmanaged; each asset's document says so in a comment",
					t.Name, f.Name, n, pick(n, "trait is", "traits are"), pick(n, "stays", "stay"))
			}
			if !f.Required || f.Kind == "Header" {
				continue
			}
			for _, o := range b.orgs {
				for _, a := range b.byOrgType[[2]int64{o.ID, t.ID}] {
					if !a.written[k] && !b.noRequired[f.ID] {
						b.noRequired[f.ID] = true
						b.note("type %q, field %q: required: is left out because %s has no exported value for it", t.Name, f.Name, a.label())
					}
				}
			}
		}
	}
}

// assetNode is one FlexibleAsset document.
func (b *builder) assetNode(a *assetOut, g *tagGraph) *yaml.Node {
	m := newMapping().add("kind", str("FlexibleAsset")).add("organization", str(a.org.Name)).add("type", str(a.typ.Name))
	if a.identity == "" || a.pinned {
		m.add("id", plain(itoa(a.live.ID), "!!int"))
	}
	if a.match != nil {
		m.add("match", flowList(a.match))
	}
	if a.live.Archived {
		m.add("archived", boolean(true))
	}
	traits := newMapping()
	var skipped []string
	for k, f := range a.typ.Fields {
		raw := a.traitRaw(f)
		var n *yaml.Node
		switch f.Kind {
		case "Header":
			continue
		case "Tag":
			n = b.tagTrait(a, f, raw, g)
		case "Password":
			n = b.passwordTrait(a, f, raw)
		case "Upload":
			if b.hasValue(raw) {
				skipped = append(skipped, f.Name)
				b.uploads[f.ID]++
			}
			continue
		default:
			n = a.scalars[k]
		}
		if n != nil {
			traits.add(f.Name, n)
			a.written[k] = true
		}
	}
	if len(skipped) > 0 {
		traits.n.FootComment = "# not exported (Upload, unmanaged): " + strings.Join(skipped, ", ")
	}
	m.add("traits", traits.n)
	return m.n
}

func pick(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func jsonText(s string) json.RawMessage { b, _ := json.Marshal(s); return b }

func boolCmp(x, y bool) int {
	switch {
	case x == y:
		return 0
	case !x:
		return -1
	}
	return 1
}
