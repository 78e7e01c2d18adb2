// Package baseline is issue 10's bare-parse baseline, defined once for the
// two places that measure it (`.ci/benchgen baseline` and
// `BenchmarkPlanVsBaseline` in internal/apply): a yaml.v3 decode of a
// repository's files into yaml.Node documents plus an encoding/json decode
// of the API's list pages into the typed structs a client would declare.
// It is measuring support only; glue-sync itself never uses it.
package baseline

import (
	"bytes"
	"encoding/json"
	"io"

	"gopkg.in/yaml.v3"
)

// Page is a list page of resources with attributes A.
type Page[A any] struct {
	Data []struct {
		ID         string `json:"id"`
		Type       string `json:"type"`
		Attributes A      `json:"attributes"`
	} `json:"data"`
	Included []json.RawMessage `json:"included"`
	Meta     struct {
		NextPage *int `json:"next-page"`
	} `json:"meta"`
	Links struct {
		Next string `json:"next"`
	} `json:"links"`
}

// Named is an organization type's or status's attributes.
type Named struct {
	Name string `json:"name"`
}

// Org is an organization's attributes.
type Org struct {
	Name               string `json:"name"`
	ShortName          string `json:"short-name"`
	Description        string `json:"description"`
	OrganizationTypeID int64  `json:"organization-type-id"`
	OrganizationStatus int64  `json:"organization-status-id"`
	QuickNotes         string `json:"quick-notes"`
	UpdatedAt          string `json:"updated-at"`
}

// Type is a flexible asset type's attributes.
type Type struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Icon        string `json:"icon"`
	Enabled     bool   `json:"enabled"`
	UpdatedAt   string `json:"updated-at"`
}

// Asset is a flexible asset's attributes.
type Asset struct {
	OrganizationID      int64                      `json:"organization-id"`
	FlexibleAssetTypeID int64                      `json:"flexible-asset-type-id"`
	Name                string                     `json:"name"`
	Archived            bool                       `json:"archived"`
	UpdatedAt           string                     `json:"updated-at"`
	Traits              map[string]json.RawMessage `json:"traits"`
}

// DecodeFiles decodes every YAML document of files into a yaml.Node and
// returns how many there were.
func DecodeFiles(files [][]byte) (int, error) {
	nodes := 0
	for _, f := range files {
		dec := yaml.NewDecoder(bytes.NewReader(f))
		for {
			var n yaml.Node
			if err := dec.Decode(&n); err == io.EOF {
				break
			} else if err != nil {
				return nodes, err
			}
			nodes++
		}
	}
	return nodes, nil
}
