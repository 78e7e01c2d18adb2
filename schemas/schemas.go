package schemas

import (
	"embed"
	"io/fs"
)

//go:embed *.schema.json
var files embed.FS

// BaseURL is the prefix of every schema's $id.
const BaseURL = "https://raw.githubusercontent.com/glue-sync/glue-sync/main/schemas/"

// Schema file names.
const (
	Config            = "config.schema.json"
	Document          = "document.schema.json"
	Organization      = "organization.schema.json"
	FlexibleAssetType = "flexible-asset-type.schema.json"
	FlexibleAsset     = "flexible-asset.schema.json"
)

// Names lists every embedded schema file.
func Names() []string {
	return []string{Config, Document, Organization, FlexibleAssetType, FlexibleAsset}
}

// FS returns the embedded schema files.
func FS() fs.FS { return files }

// Read returns the named schema's bytes.
func Read(name string) ([]byte, error) { return files.ReadFile(name) }
