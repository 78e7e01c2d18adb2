package reconcile

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"path"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// accountOnly is what the account holds that a repository cannot state:
// the objects Tag traits name (configurations, contacts, domains,
// locations, passwords), an organization outside the managed scope, and
// its organization type. seedFromRepo merges it into the seed it derives,
// organization by name.
const accountOnly = `
organization_types: [Vendor]
organizations:
  - name: Acme
    configurations: [{name: mail-01}, {name: mail-02}]
    contacts: [{first_name: Ada, last_name: Lovelace}]
    domains: [{name: acme.example}]
    locations: [{name: Head Office}]
    passwords: [{name: Router admin, password: not-kept}]
  - {name: Unrelated Co, type: Vendor, status: Active}
`

// liveSpelling are the values the account holds in another spelling than
// the repository, though equal to it: each is a normalisation rule the
// equality test holds Compute to. A key is "object/key": an organization,
// type or field name and a seed key, or an asset's identity and a trait.
// seedFromRepo refuses an entry that matches nothing or spells the value
// as the repository does.
var liveSpelling = map[string]any{
	"Acme/description": "Main office",               // the repository's block scalar ends with a newline
	"Web/Notes":        "line one\r\nline two",      // CRLF line breaks, no final newline
	"Web/Servers":      []any{"mail-01", "mail-02"}, // the repository lists the tags in another order
}

// seedFromRepo derives the sandbox seed of the account a repository
// describes: its organizations, types and fields attribute by attribute
// through the tables of package attrs (under their seed keys, seedKey),
// and its assets' traits by field kind, with Password values from env and
// Upload contents from files; then it merges in accountOnly and applies
// liveSpelling. The repository stays the one statement of what it
// declares.
func seedFromRepo(t *testing.T, d *spec.DesiredState, files, env map[string]string) string {
	t.Helper()
	spelled := map[string]bool{}
	put := func(m map[string]any, object, key string, v any) {
		if alt, ok := liveSpelling[object+"/"+key]; ok {
			if reflect.DeepEqual(alt, v) {
				t.Fatalf("liveSpelling[%q] spells the value as the repository does: drop it", object+"/"+key)
			}
			spelled[object+"/"+key], v = true, alt
		}
		m[key] = v
	}
	var orgs, types, assets []any
	orgTypes, orgStatuses := map[string]bool{}, map[string]bool{}
	for _, o := range d.Organizations {
		m, stated := map[string]any{}, statedAttrs(t, o)
		for _, a := range attrs.Organization {
			if v, ok := stated[a.YAML]; ok && !a.ReadOnly {
				put(m, o.Name, seedKey(a), v)
			}
		}
		if o.Type != nil {
			orgTypes[*o.Type] = true
		}
		if o.Status != nil {
			orgStatuses[*o.Status] = true
		}
		orgs = append(orgs, m)
	}
	kindOf := map[string]map[string]string{} // type -> field -> kind
	for _, at := range d.AssetTypes {
		m, stated := map[string]any{}, statedAttrs(t, at)
		for _, a := range attrs.AssetType {
			if v, ok := stated[a.YAML]; ok && !a.ReadOnly {
				put(m, at.Name, seedKey(a), v)
			}
		}
		kindOf[at.Name] = map[string]string{}
		var fields []any
		for _, f := range at.Fields {
			kindOf[at.Name][f.Name] = f.Kind
			fm, stated := map[string]any{}, statedField(t, f)
			for _, a := range attrs.Field {
				if v, ok := stated[a.YAML]; ok && !a.ReadOnly {
					put(fm, f.Name, seedKey(a), v)
				}
			}
			if v, ok := stated["options"]; ok {
				put(fm, f.Name, "options", v) // the seed's spelling of a Select's default
			}
			fields = append(fields, fm)
		}
		m["fields"] = fields
		types = append(types, m)
	}
	for _, a := range d.Assets {
		traits := map[string]any{}
		for _, tv := range a.Traits {
			v, err := seedTrait(kindOf[a.Type][tv.Field], tv, files, env)
			if err != nil {
				t.Fatalf("asset %q, trait %q: %v", a.Identity, tv.Field, err)
			}
			put(traits, a.Identity, tv.Field, v)
		}
		assets = append(assets, map[string]any{"organization": a.Organization, "type": a.Type, "traits": traits})
	}
	var extra struct {
		OrganizationTypes []string         `yaml:"organization_types"`
		Organizations     []map[string]any `yaml:"organizations"`
	}
	if err := yaml.Unmarshal([]byte(accountOnly), &extra); err != nil {
		t.Fatal(err)
	}
	for _, x := range extra.Organizations {
		merged := false
		for _, o := range orgs {
			if om := o.(map[string]any); om["name"] == x["name"] {
				for k, v := range x {
					om[k] = v
				}
				merged = true
			}
		}
		if !merged {
			orgs = append(orgs, x)
		}
	}
	for _, n := range extra.OrganizationTypes {
		orgTypes[n] = true
	}
	for k := range liveSpelling {
		if !spelled[k] {
			t.Fatalf("liveSpelling[%q] matches nothing the repository states", k)
		}
	}
	out, err := yaml.Marshal(map[string]any{
		"organization_types": sortedKeys(orgTypes), "organization_statuses": sortedKeys(orgStatuses),
		"organizations": orgs, "flexible_asset_types": types, "flexible_assets": assets})
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// statedAttrs is what a loaded repository object states, by the names the
// repository uses: package spec tags its fields with them. Reading them
// this way, not through reconcile's own accessors (orgDesired...), lets
// the equality test catch an accessor that reads the wrong field.
func statedAttrs(t *testing.T, obj any) map[string]any {
	t.Helper()
	b, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range m {
		if v == nil || v == "" {
			delete(m, k)
		}
	}
	return m
}

// statedField is statedAttrs of a field, with its Tag target as the
// seed's tag type ("Configurations", "FlexibleAssetType: Server") and a
// Select's options in place of its default.
func statedField(t *testing.T, f *spec.Field) map[string]any {
	m := statedAttrs(t, f)
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

// seedTrait is a stated trait's value as a seed holds it: Tag traits as
// the tagged objects' names, Passwords as the value of their variable,
// Uploads as the file's name and content, numbers as numbers.
func seedTrait(kind string, tv *spec.TraitValue, files, env map[string]string) (any, error) {
	switch kind {
	case spec.KindTag:
		names := make([]any, len(tv.Tags))
		for i, r := range tv.Tags {
			names[i] = r.Name
		}
		return names, nil
	case spec.KindPassword:
		v, ok := env[tv.Secret.Env]
		if !ok {
			return nil, fmt.Errorf("no value for $%s", tv.Secret.Env)
		}
		return v, nil
	case spec.KindUpload:
		body, ok := files[tv.File]
		if !ok {
			return nil, fmt.Errorf("no file %s", tv.File)
		}
		return map[string]any{"file_name": path.Base(tv.File), "content": base64.StdEncoding.EncodeToString([]byte(body))}, nil
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
