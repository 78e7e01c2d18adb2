package export

// SchemaBase is where the JSON Schemas of the yaml-language-server line
// live (their $id).
const SchemaBase = "https://raw.githubusercontent.com/glue-sync/glue-sync/main/schemas/"

// Options narrow an export.
type Options struct {
	// Organizations, when not empty, are the only organizations exported
	// (by exact name).
	Organizations []string
	// Types, when not empty, are the only flexible asset types exported
	// (by exact name), plus the types their Tag fields tag.
	Types []string
	// Region and BaseURL, when set, are written to glue-sync.yaml as the
	// repository's connection hints (the export's --region / --base-url).
	Region, BaseURL string
}

// File is one repository file: a slash-separated path relative to the
// repository root, and its content.
type File struct {
	Path string
	Data []byte
}

// Secret is a Password trait written as an environment variable reference.
type Secret struct {
	// Env is the variable's name.
	Env string
	// Organization, Type and Asset (the asset's identity, or "#id") and
	// Field say which trait it stands for.
	Organization, Type, Asset, Field string
}

// Result is what Build produced.
type Result struct {
	// Files are the repository files, sorted by path.
	Files []File
	// Organizations, Types and Assets count what was exported.
	Organizations, Types, Assets int
	// Secrets are the Password variables the repository names, sorted.
	Secrets []Secret
	// Notes say what was left out or changed, and why, sorted.
	Notes []string
}
