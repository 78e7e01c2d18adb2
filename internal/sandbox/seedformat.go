package sandbox

// The seed file format: an account written by hand, everything referenced
// by name. Keys are snake_case. See docs/sandbox.md.

type seedFile struct {
	OrganizationTypes    []string    `yaml:"organization_types"`
	OrganizationStatuses []string    `yaml:"organization_statuses"`
	Organizations        []seedOrg   `yaml:"organizations"`
	FlexibleAssetTypes   []seedType  `yaml:"flexible_asset_types"`
	FlexibleAssets       []seedAsset `yaml:"flexible_assets"`
}

type seedOrg struct {
	ID             int64        `yaml:"id"`
	Name           string       `yaml:"name"`
	Type           string       `yaml:"type"`
	Status         string       `yaml:"status"`
	ShortName      *string      `yaml:"short_name"`
	Description    *string      `yaml:"description"`
	Alert          *string      `yaml:"alert"`
	QuickNotes     *string      `yaml:"quick_notes"`
	Parent         string       `yaml:"parent"`
	Primary        bool         `yaml:"primary"`
	Configurations []seedTarget `yaml:"configurations"`
	Contacts       []seedTarget `yaml:"contacts"`
	Locations      []seedTarget `yaml:"locations"`
	Domains        []seedTarget `yaml:"domains"`
	Passwords      []seedTarget `yaml:"passwords"`
}

// seedTarget is a configuration, contact, location, domain or password:
// id and name, plus the kind's own attributes (hostname, first_name, ...).
type seedTarget map[string]any

type seedType struct {
	ID          int64       `yaml:"id"`
	Name        string      `yaml:"name"`
	Description *string     `yaml:"description"`
	Icon        *string     `yaml:"icon"`
	Enabled     *bool       `yaml:"enabled"`
	ShowInMenu  *bool       `yaml:"show_in_menu"`
	Fields      []seedField `yaml:"fields"`
}

type seedField struct {
	ID           int64    `yaml:"id"`
	Name         string   `yaml:"name"`
	Kind         string   `yaml:"kind"`
	Order        *int64   `yaml:"order"`
	Hint         *string  `yaml:"hint"`
	Required     bool     `yaml:"required"`
	UseForTitle  bool     `yaml:"use_for_title"`
	ShowInList   bool     `yaml:"show_in_list"`
	Expiration   bool     `yaml:"expiration"`
	Decimals     *int64   `yaml:"decimals"`
	Options      []string `yaml:"options"`
	DefaultValue *string  `yaml:"default_value"`
	TagType      string   `yaml:"tag_type"`
}

type seedAsset struct {
	ID           int64          `yaml:"id"`
	Organization string         `yaml:"organization"`
	Type         string         `yaml:"type"`
	Archived     bool           `yaml:"archived"`
	Restricted   bool           `yaml:"restricted"`
	Traits       map[string]any `yaml:"traits"`
}
