package export

import (
	"encoding/json"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/reconcile"
)

// targetIndex finds the live tag targets (configurations, contacts, ...)
// by kind and id, and counts their names per organization: a name that is
// not unique in its organization cannot be a reference.
type targetIndex struct {
	byID  map[string]map[int64]client.TagTarget
	names map[string]map[int64]map[string]int
}

func newTargetIndex(live *reconcile.Live) targetIndex {
	x := targetIndex{byID: map[string]map[int64]client.TagTarget{}, names: map[string]map[int64]map[string]int{}}
	for kind, byOrg := range live.TagTargets {
		x.byID[kind] = map[int64]client.TagTarget{}
		x.names[kind] = map[int64]map[string]int{}
		for orgID, ts := range byOrg {
			x.names[kind][orgID] = map[string]int{}
			for _, t := range ts {
				x.byID[kind][t.ID] = t
				x.names[kind][orgID][t.Name]++
			}
		}
	}
	return x
}

// tagGraph holds the asset-to-asset tags written so far, to keep the
// repository free of cycles (validate refuses them). Visits are stamped
// with a generation instead of a fresh set per search, so a long chain of
// tags costs no allocation per check.
type tagGraph struct {
	edges map[int64][]int64
	// tagged are the assets some written tag points at: a path can only
	// reach those, so a search to any other asset is skipped.
	tagged map[int64]bool
	seen   map[int64]int
	gen    int
	stack  []int64
}

func newTagGraph() *tagGraph {
	return &tagGraph{edges: map[int64][]int64{}, tagged: map[int64]bool{}, seen: map[int64]int{}}
}

// add records that from tags each of to.
func (g *tagGraph) add(from int64, to []int64) {
	g.edges[from] = append(g.edges[from], to...)
	for _, t := range to {
		g.tagged[t] = true
	}
}

// reaches reports whether to can be reached from from along tags.
func (g *tagGraph) reaches(from, to int64) bool {
	if from != to && !g.tagged[to] {
		return false
	}
	g.gen++
	g.stack = append(g.stack[:0], from)
	for len(g.stack) > 0 {
		n := g.stack[len(g.stack)-1]
		g.stack = g.stack[:len(g.stack)-1]
		if n == to {
			return true
		}
		if g.seen[n] != g.gen {
			g.seen[n] = g.gen
			g.stack = append(g.stack, g.edges[n]...)
		}
	}
	return false
}

// tagTrait writes a Tag trait as the names of what it tags: a name in the
// asset's organization, or {name, organization} in another exported one.
// The whole trait is left out (unmanaged, noted) when one of its targets
// cannot be named: not exported, not unique, not readable, or closing a
// cycle of asset tags.
func (b *builder) tagTrait(a *assetOut, f client.FlexibleAssetField, raw json.RawMessage, g *tagGraph) *yaml.Node {
	ids, ok := client.TagIDs(raw)
	if !ok || len(ids) == 0 {
		return nil
	}
	skip := func(why string) *yaml.Node {
		b.note("%s: Tag trait %q is left out (unmanaged): %s", a.label(), f.Name, why)
		return nil
	}
	kind, typeID := reconcile.LiveTagType(f.TagType)
	list := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	var edges []int64
	for _, id := range ids {
		var name string
		var orgID int64
		switch {
		case typeID != 0:
			t := b.exported[id]
			if t == nil || t.identity == "" {
				return skip("it tags asset #" + itoa(id) + ", which is not exported or has no identity")
			}
			if t.typ.ID != typeID {
				return skip("it tags " + t.label() + ", which is not of the type the field tags")
			}
			if t.live.ID == a.live.ID || g.reaches(t.live.ID, a.live.ID) {
				return skip("it would close a cycle of asset tags (" + t.label() + " already leads back here)")
			}
			name, orgID = t.identity, t.org.ID
			edges = append(edges, t.live.ID)
		case kind == "Organizations":
			o := b.orgByIDAll(id)
			if o == nil || b.orgCount[o.Name] != 1 {
				return skip("it tags organization #" + itoa(id) + ", which has no unique name")
			}
			list.Content = append(list.Content, str(o.Name))
			continue
		default:
			t, found := b.targets.byID[kind][id]
			if !found {
				return skip("it tags " + strings.ToLower(kind) + " #" + itoa(id) + ", which was not read (outside the exported organizations, or a kind glue-sync cannot name)")
			}
			if b.targets.names[kind][t.OrganizationID][t.Name] != 1 {
				return skip("more than one of " + strings.ToLower(kind) + " of its organization is called " + t.Name)
			}
			name, orgID = t.Name, t.OrganizationID
		}
		switch o := b.orgByID[orgID]; {
		case orgID == a.org.ID:
			list.Content = append(list.Content, str(name))
		case o != nil:
			list.Content = append(list.Content, newMapping().add("name", str(name)).add("organization", str(o.Name)).flow())
		default:
			return skip("it tags " + name + " of organization #" + itoa(orgID) + ", which is not exported")
		}
	}
	g.add(a.live.ID, edges)
	return list
}

// orgByIDAll finds a live organization by id, exported or not.
func (b *builder) orgByIDAll(id int64) *client.Organization {
	for i := range b.live.Organizations {
		if b.live.Organizations[i].ID == id {
			return &b.live.Organizations[i]
		}
	}
	return nil
}
