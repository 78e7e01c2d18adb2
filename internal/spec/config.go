package spec

// ConfigFile is the repository configuration's file name, read only at the
// repository root (ConfigFileAlt is accepted too).
const (
	ConfigFile    = "glue-sync.yaml"
	ConfigFileAlt = "glue-sync.yml"
)

// RepoConfig is the repository configuration. Its zero value (no config
// file) manages only what is declared and never deletes anything.
type RepoConfig struct {
	// Pos is the config file's position (zero when there is no file).
	Pos Pos `json:"pos"`
	// Region is "us", "eu" or "au" when stated: a hint that must agree with
	// the API key's region; the environment (ITGLUE_REGION,
	// ITGLUE_BASE_URL) wins. Never a key.
	Region string `json:"region,omitempty"`
	// BaseURL is a custom API base URL hint (e.g. a proxy).
	BaseURL string `json:"baseURL,omitempty"`
	// Manage says which live organizations and types the repo is
	// authoritative for: the ones where extra live objects are reported,
	// and pruned when Prune allows.
	Manage ManageScope `json:"manage"`
	// Prune is the opt-in delete policy per kind.
	Prune PrunePolicy `json:"prune"`
	// Defaults are values applied at load to objects that leave them out.
	Defaults Defaults `json:"defaults"`
	// Secrets restricts the environment variables Password traits read.
	Secrets SecretsPolicy `json:"secrets"`
	// Exclude lists the files and folders not read, as path patterns
	// relative to the repository root (see Excluded).
	Exclude []string `json:"exclude,omitempty"`
}

// ManageScope lists the managed organizations and flexible asset types.
type ManageScope struct {
	Organizations Scope `json:"organizations"`
	AssetTypes    Scope `json:"assetTypes"`
}

// Scope is a set of names. With All set it covers every live object; with
// Names it covers those names (which must include every declared one);
// the zero value covers exactly the declared objects.
type Scope struct {
	Pos   Pos      `json:"pos"`
	All   bool     `json:"all,omitempty"`
	Names []string `json:"names,omitempty"`
}

// Includes reports whether the scope covers the object called name;
// declared says whether the repo declares it.
func (s Scope) Includes(name string, declared bool) bool {
	if s.All || declared {
		return true
	}
	for _, n := range s.Names {
		if n == name {
			return true
		}
	}
	return false
}

// PrunePolicy says, per kind, whether live objects in scope that the repo
// does not declare are deleted. Flexible asset types cannot be deleted
// through the API, so they have no policy.
type PrunePolicy struct {
	Organizations Prune `json:"organizations"`
	Assets        Prune `json:"assets"`
	// Fields covers fields of declared types missing from the YAML;
	// deleting a field deletes its data.
	Fields Prune `json:"fields"`
}

// MaxPruneCount is the largest prune.<kind>.maxCount accepted.
const MaxPruneCount = 1 << 20

// Prune is one kind's delete policy. Deletes happen only when Enabled, and
// a plan whose deletes of this kind exceed MaxCount or MaxShare (a fraction
// of the live objects of that kind in scope) must be refused.
type Prune struct {
	Pos     Pos  `json:"pos"`
	Enabled bool `json:"enabled"`
	// MaxCount caps the number of deletes of this kind, from 1 to
	// MaxPruneCount; 0 means the file states no count cap (the loader
	// refuses maxCount: 0, which would read as "no cap").
	MaxCount int `json:"maxCount,omitempty"`
	// MaxShare caps deletes as a share (0 < s <= 1) of live objects of this
	// kind in scope; 0 means no cap.
	MaxShare float64 `json:"maxShare,omitempty"`
}

// Defaults are applied by the loader to declared organizations that do not
// state the attribute themselves.
type Defaults struct {
	OrganizationType   *string `json:"organizationType,omitempty"`
	OrganizationStatus *string `json:"organizationStatus,omitempty"`
}
