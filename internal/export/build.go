package export

import (
	"cmp"
	"fmt"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/reconcile"
)

// builder holds what Build works out before it writes files.
type builder struct {
	live  *reconcile.Live
	res   *Result
	orgs  []client.Organization      // exported, by name then id
	types []client.FlexibleAssetType // exported, by name then id

	orgByID   map[int64]*client.Organization
	orgSlug   map[int64]string
	orgCount  map[string]int // live organizations per name
	typeByID  map[int64]*client.FlexibleAssetType
	typeSlug  map[int64]string
	exported  map[int64]*assetOut // exported assets by live id
	envs      map[string]bool
	byOrgType map[[2]int64][]*assetOut
	// noRequired are fields whose required: is left out because an
	// exported asset has no value for them.
	noRequired map[int64]bool
	uploads    map[int64]int // Upload traits left out, by field id
	targets    targetIndex
	// mdFiles are the Markdown files of Textbox traits, and mdSlugs their
	// names.
	mdFiles []File
	mdSlugs slugs
}

// collect picks the organizations and types opts names and collects
// their assets (collectAssets): the state every file is then built from.
func collect(live *reconcile.Live, opts Options) (*builder, error) {
	orgs, err := selectOrgs(live.Organizations, opts.Organizations)
	if err != nil {
		return nil, err
	}
	types, err := selectTypes(live.AssetTypes, opts.Types)
	if err != nil {
		return nil, err
	}
	b := &builder{live: live, res: &Result{}, orgByID: map[int64]*client.Organization{}, orgSlug: map[int64]string{},
		orgCount: map[string]int{}, typeByID: map[int64]*client.FlexibleAssetType{}, typeSlug: map[int64]string{},
		exported: map[int64]*assetOut{}, envs: map[string]bool{}, byOrgType: map[[2]int64][]*assetOut{}, noRequired: map[int64]bool{}, uploads: map[int64]int{}}
	for _, o := range live.Organizations {
		b.orgCount[o.Name]++
	}
	b.pickOrgs(orgs)
	b.types = slices.Clone(types)
	slices.SortFunc(b.types, func(x, y client.FlexibleAssetType) int {
		return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.ID, y.ID))
	})
	ts := slugs{}
	var kept []client.FlexibleAssetType
	for i := range b.types {
		t := &b.types[i]
		if prev := len(kept); prev > 0 && kept[prev-1].Name == t.Name {
			b.note("flexible asset type %q (id %d): another type has the same name (id %d); only that one is exported", t.Name, t.ID, kept[prev-1].ID)
			continue
		}
		kept = append(kept, *t)
	}
	b.types = kept
	for i := range b.types {
		t := &b.types[i]
		b.typeByID[t.ID] = t
		b.typeSlug[t.ID] = ts.take(t.Name, fmt.Sprintf("type-%d", t.ID))
	}
	b.collectAssets()
	return b, nil
}

// Build turns a snapshot (as Read returns it) into repository files.
// Unknown names in opts are errors; everything else is exported, and what
// cannot be is left out and listed in Result.Notes.
func Build(live *reconcile.Live, opts Options) (*Result, error) {
	b, err := collect(live, opts)
	if err != nil {
		return nil, err
	}
	var files []File
	add := func(path, schema string, docs []*yaml.Node) error {
		data, err := encodeFile(schema, docs)
		if err != nil {
			return fmt.Errorf("writing %s: %w", path, err)
		}
		files = append(files, File{Path: path, Data: data})
		return nil
	}
	// Assets first: building them decides which fields lose required:.
	if err := b.writeAssets(func(path string, docs []*yaml.Node) error { return add(path, "document.schema.json", docs) }); err != nil {
		return nil, err
	}
	b.requiredNotes()
	files = append(files, b.mdFiles...)
	if err := add("glue-sync.yaml", "config.schema.json", []*yaml.Node{b.config(opts)}); err != nil {
		return nil, err
	}
	for i := range b.orgs {
		o := &b.orgs[i]
		if err := add("organizations/"+b.orgSlug[o.ID]+".yaml", "document.schema.json", []*yaml.Node{b.organization(o)}); err != nil {
			return nil, err
		}
	}
	for i := range b.types {
		t := &b.types[i]
		if err := add("types/"+b.typeSlug[t.ID]+".yaml", "document.schema.json", []*yaml.Node{b.assetType(t)}); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(files, func(x, y File) int { return cmp.Compare(x.Path, y.Path) })
	b.res.Files = files
	b.res.Organizations, b.res.Types = len(b.orgs), len(b.types)
	slices.SortFunc(b.res.Secrets, func(x, y Secret) int { return cmp.Compare(x.Env, y.Env) })
	slices.Sort(b.res.Notes)
	return b.res, nil
}

// pickOrgs sorts the organizations, drops same-name duplicates (a
// repository names each organization once) and gives each a slug.
func (b *builder) pickOrgs(orgs []client.Organization) {
	sorted := slices.Clone(orgs)
	slices.SortFunc(sorted, func(x, y client.Organization) int {
		return cmp.Or(cmp.Compare(x.Name, y.Name), cmp.Compare(x.ID, y.ID))
	})
	s := slugs{}
	for _, o := range sorted {
		if n := len(b.orgs); n > 0 && b.orgs[n-1].Name == o.Name {
			b.note("organization %q (id %d): another organization has the same name (id %d); only that one is exported", o.Name, o.ID, b.orgs[n-1].ID)
			continue
		}
		b.orgs = append(b.orgs, o)
	}
	for i := range b.orgs {
		o := &b.orgs[i]
		b.orgByID[o.ID] = o
		b.orgSlug[o.ID] = s.take(o.Name, fmt.Sprintf("organization-%d", o.ID))
	}
}

func (b *builder) note(format string, args ...any) {
	b.res.Notes = append(b.res.Notes, fmt.Sprintf(format, args...))
}

// config is glue-sync.yaml: the connection hints given, the exported
// names as the managed scope, and every prune off (an export must never
// lead to a delete by itself).
func (b *builder) config(opts Options) *yaml.Node {
	var orgs, types []string
	for _, o := range b.orgs {
		orgs = append(orgs, o.Name)
	}
	for _, t := range b.types {
		types = append(types, t.Name)
	}
	manage := newMapping().add("organizations", flowList(orgs)).add("flexibleAssetTypes", flowList(types))
	off := func() *yaml.Node { return newMapping().add("enabled", boolean(false)).flow() }
	prune := newMapping().add("assets", off()).add("fields", off()).add("organizations", off())
	m := newMapping().add("version", plain("1", "!!int"))
	m.addText("region", opts.Region).addText("baseURL", opts.BaseURL)
	return m.add("manage", manage.n).add("prune", prune.n).n
}
