package reposeed

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// Options tune the seed.
type Options struct {
	// Assets includes the repository's assets; without it the seed holds
	// only its organizations and types (an account that apply fills).
	Assets bool
	// Extra is seed YAML merged into the derived seed: what a repository
	// cannot state. Organizations are merged by name (an Extra entry adds
	// keys, such as configurations, to the derived one); the other lists
	// are appended.
	Extra string
	// Env gives Password values by variable name, Files the content of
	// Upload files by repository path.
	Env, Files map[string]string
	// Live, when set, gives the value the account holds instead of v, the
	// repository's: object is an organization, type or field name (key a
	// seed key) or an asset's identity (key a trait's field name). ok false
	// keeps v.
	Live func(object, key string, v any) (live any, ok bool)
}

// Key is how the sandbox's seed format (snake_case, like IT Glue's own
// scripts) names a table attribute: references by their repository name
// (type, status, parent: the seed names them), others by the API name in
// snake_case.
func Key[T, W any](a attrs.Attr[T, W]) string {
	if a.Rule == attrs.Ref {
		return a.YAML
	}
	return strings.ReplaceAll(a.API, "-", "_")
}

// FromFiles loads a repository given as file contents by path and
// derives its seed (see FromState). A repository with an error diagnostic
// is an error.
func FromFiles(ctx context.Context, files map[string]string, opts Options) (string, error) {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	d, diags := spec.Load(ctx, fsys, ".")
	for _, dg := range diags {
		if dg.Severity == spec.SeverityError {
			return "", fmt.Errorf("loading the repository: %v", dg)
		}
	}
	if opts.Files == nil {
		opts.Files = files
	}
	return FromState(d, opts)
}

// seed is the part of the sandbox's seed format reposeed writes.
type seed struct {
	OrganizationTypes    []string         `yaml:"organization_types"`
	OrganizationStatuses []string         `yaml:"organization_statuses"`
	Organizations        []map[string]any `yaml:"organizations"`
	FlexibleAssetTypes   []map[string]any `yaml:"flexible_asset_types"`
	FlexibleAssets       []map[string]any `yaml:"flexible_assets,omitempty"`
}

// FromState derives the seed of the account d describes (see the package
// documentation).
func FromState(d *spec.DesiredState, opts Options) (string, error) {
	var s seed
	put := func(m map[string]any, object, key string, v any) {
		if opts.Live != nil {
			if alt, ok := opts.Live(object, key, v); ok {
				v = alt
			}
		}
		m[key] = v
	}
	orgTypes, orgStatuses := map[string]bool{}, map[string]bool{}
	for _, o := range d.Organizations {
		m, stated := map[string]any{}, stated(o)
		for _, a := range attrs.Organization {
			if v, ok := stated[a.YAML]; ok && !a.ReadOnly {
				put(m, o.Name, Key(a), v)
			}
		}
		if o.Type != nil && *o.Type != "" {
			orgTypes[*o.Type] = true
		}
		if o.Status != nil && *o.Status != "" {
			orgStatuses[*o.Status] = true
		}
		s.Organizations = append(s.Organizations, m)
	}
	kindOf := map[string]map[string]string{} // type -> field -> kind
	for _, at := range d.AssetTypes {
		m, stated := map[string]any{}, stated(at)
		for _, a := range attrs.AssetType {
			if v, ok := stated[a.YAML]; ok && !a.ReadOnly {
				put(m, at.Name, Key(a), v)
			}
		}
		kindOf[at.Name] = map[string]string{}
		var fields []any
		for _, f := range at.Fields {
			kindOf[at.Name][f.Name] = f.Kind
			fm, stated := map[string]any{}, statedField(f)
			for _, a := range attrs.Field {
				if v, ok := stated[a.YAML]; ok && !a.ReadOnly {
					put(fm, f.Name, Key(a), v)
				}
			}
			if v, ok := stated["options"]; ok {
				put(fm, f.Name, "options", v) // the seed's spelling of a Select's default
			}
			fields = append(fields, fm)
		}
		m["fields"] = fields
		s.FlexibleAssetTypes = append(s.FlexibleAssetTypes, m)
	}
	if opts.Assets {
		for _, a := range d.Assets {
			traits := map[string]any{}
			for _, tv := range a.Traits {
				v, err := trait(kindOf[a.Type][tv.Field()], tv, opts)
				if err != nil {
					return "", fmt.Errorf("asset %q, trait %q: %w", a.Identity, tv.Field(), err)
				}
				put(traits, a.Identity, tv.Field(), v)
			}
			s.FlexibleAssets = append(s.FlexibleAssets, map[string]any{"organization": a.Organization, "type": a.Type, "traits": traits})
		}
	}
	if err := s.merge(opts.Extra, orgTypes, orgStatuses); err != nil {
		return "", err
	}
	out, err := yaml.Marshal(s)
	return string(out), err
}

// merge merges extra (seed YAML) into s, and sets the organization types
// and statuses to those named by either.
func (s *seed) merge(extra string, orgTypes, orgStatuses map[string]bool) error {
	var x seed
	if err := yaml.Unmarshal([]byte(extra), &x); err != nil {
		return fmt.Errorf("reading the extra seed: %w", err)
	}
	for _, xo := range x.Organizations {
		i := slices.IndexFunc(s.Organizations, func(o map[string]any) bool { return o["name"] == xo["name"] })
		if i < 0 {
			s.Organizations = append(s.Organizations, xo)
			continue
		}
		for k, v := range xo {
			s.Organizations[i][k] = v
		}
	}
	s.FlexibleAssetTypes = append(s.FlexibleAssetTypes, x.FlexibleAssetTypes...)
	s.FlexibleAssets = append(s.FlexibleAssets, x.FlexibleAssets...)
	for _, n := range x.OrganizationTypes {
		orgTypes[n] = true
	}
	for _, n := range x.OrganizationStatuses {
		orgStatuses[n] = true
	}
	s.OrganizationTypes, s.OrganizationStatuses = sortedKeys(orgTypes), sortedKeys(orgStatuses)
	return nil
}

// stated is what a loaded repository object states, by the names the
// repository uses: package spec tags its fields with them.
func stated(obj any) map[string]any {
	b, err := json.Marshal(obj)
	if err != nil {
		panic(err) // spec's types always marshal
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	for k, v := range m {
		if v == nil || v == "" {
			delete(m, k)
		}
	}
	return m
}

// statedField is stated of a field, with its Tag target as the seed's tag
// type ("Configurations", "FlexibleAssetType: Server") and a Select's
// options in place of its default.
func statedField(f *spec.Field) map[string]any {
	m := stated(f)
	delete(m, "tagTarget")
	switch {
	case f.TagTarget == nil:
	case f.TagTarget.Kind == spec.TagKindAsset:
		m["tagType"] = spec.TagKindAsset + ": " + f.TagTarget.AssetType
	default:
		m["tagType"] = f.TagTarget.Kind
	}
	if f.Kind == spec.KindSelect {
		delete(m, "default")
	} else {
		delete(m, "options")
	}
	return m
}

// trait is a stated trait's value as a seed holds it: Tag traits as the
// tagged objects' names, Passwords as the value of their variable, Uploads
// as the file's name and content, numbers as numbers.
func trait(kind string, tv *spec.TraitValue, opts Options) (any, error) {
	switch kind {
	case spec.KindTag:
		names := make([]any, len(tv.Tags()))
		for i, r := range tv.Tags() {
			names[i] = r.Name
		}
		return names, nil
	case spec.KindPassword:
		if tv.Secret() == nil {
			return nil, nil
		}
		v, ok := opts.Env[tv.Secret().Env]
		if !ok {
			return nil, fmt.Errorf("Options.Env has no value for $%s", tv.Secret().Env)
		}
		return v, nil
	case spec.KindUpload:
		if tv.Upload() == nil { // a null value
			return nil, nil
		}
		body, ok := opts.Files[tv.Upload().File]
		if !ok {
			return nil, fmt.Errorf("Options.Files has no file %s", tv.Upload().File)
		}
		return map[string]any{"file_name": path.Base(tv.Upload().File), "content": base64.StdEncoding.EncodeToString([]byte(body))}, nil
	case spec.KindNumber, spec.KindPercent:
		return strconv.ParseFloat(tv.Text, 64)
	case spec.KindCheckbox:
		return tv.Bool, nil
	}
	return tv.Text, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
