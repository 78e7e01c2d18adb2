package spec

// DesiredState is everything a repository declares, as loaded by Load. Its
// slices are sorted deterministically: organizations and asset types by
// name, assets by organization, type, identity, then position.
type DesiredState struct {
	// Config is the repository configuration (glue-sync.yaml at the root);
	// defaults apply when the file is absent.
	Config RepoConfig `json:"config"`
	// Organizations are the declared organizations.
	Organizations []*Organization `json:"organizations"`
	// AssetTypes are the declared flexible asset types.
	AssetTypes []*AssetType `json:"assetTypes"`
	// Assets are the declared flexible assets.
	Assets []*Asset `json:"assets"`
	// Files is the number of YAML files read.
	Files int `json:"files"`
	// MarkdownFiles is the number of distinct Markdown files Textbox
	// traits name.
	MarkdownFiles int `json:"markdownFiles,omitempty"`
}

// Organization is a declared IT Glue organization, matched to a live one by
// ID when pinned, else by Name, else by one of Previously (a rename).
// Nil pointers are unmanaged: the live value is left alone.
type Organization struct {
	Pos Pos `json:"pos"`
	// Name is the organization's name (required, unique in the repo).
	Name string `json:"name"`
	// ID pins the live organization by its numeric id.
	ID *int64 `json:"id,omitempty"`
	// Previously lists former names, so a rename updates the live
	// organization instead of creating a new one.
	Previously []string `json:"previously,omitempty"`
	// Type is the organization type's name (e.g. "Customer"); the repo
	// config's defaults.organizationType applies when unset.
	Type *string `json:"type,omitempty"`
	// Status is the organization status's name (e.g. "Active"); the repo
	// config's defaults.organizationStatus applies when unset.
	Status *string `json:"status,omitempty"`
	// ShortName is the short name ("short-name" in the API).
	ShortName *string `json:"shortName,omitempty"`
	// Description is the free-text description.
	Description *string `json:"description,omitempty"`
	// Alert is the alert banner text; "" clears it.
	Alert *string `json:"alert,omitempty"`
	// QuickNotes are the quick notes ("quick-notes" in the API).
	QuickNotes *string `json:"quickNotes,omitempty"`
	// Parent is the parent organization's name; it must be declared too.
	// A pointer to "" means "no parent".
	Parent *string `json:"parent,omitempty"`
}

// Organization returns the declared organization called name, or nil.
func (d *DesiredState) Organization(name string) *Organization {
	for _, o := range d.Organizations {
		if o.Name == name {
			return o
		}
	}
	return nil
}

// AssetType returns the declared flexible asset type called name, or nil.
func (d *DesiredState) AssetType(name string) *AssetType {
	for _, t := range d.AssetTypes {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// AssetsOf returns the declared assets of the given organization and type,
// in DesiredState order.
func (d *DesiredState) AssetsOf(org, assetType string) []*Asset {
	var out []*Asset
	for _, a := range d.Assets {
		if a.Organization == org && a.Type == assetType {
			out = append(out, a)
		}
	}
	return out
}
