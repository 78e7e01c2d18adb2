package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// resource is one JSON:API resource object with typed attributes.
type resource[A any] struct {
	ID            flexInt                 `json:"id"`
	Type          string                  `json:"type"`
	Attributes    A                       `json:"attributes"`
	Relationships map[string]relationship `json:"relationships,omitempty"`
}

// relationship holds linkage: an object for to-one, an array for to-many.
type relationship struct {
	Data json.RawMessage `json:"data"`
}

// ids returns the ids of the linked resources.
func (r relationship) ids() []int64 {
	b := bytes.TrimSpace(r.Data)
	if len(b) == 0 || bytes.Equal(b, jsonNull) {
		return nil
	}
	var one struct {
		ID flexInt `json:"id"`
	}
	if b[0] == '{' {
		if json.Unmarshal(b, &one) != nil {
			return nil
		}
		return []int64{int64(one.ID)}
	}
	var many []struct {
		ID flexInt `json:"id"`
	}
	if json.Unmarshal(b, &many) != nil {
		return nil
	}
	out := make([]int64, len(many))
	for i, m := range many {
		out[i] = int64(m.ID)
	}
	return out
}

// resources decodes `data` given as an array, a single object or null.
type resources[A any] []resource[A]

func (r *resources[A]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, jsonNull):
		*r = nil
		return nil
	case b[0] == '{':
		var one resource[A]
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*r = resources[A]{one}
		return nil
	}
	var many []resource[A]
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*r = many
	return nil
}

// document is a response body: data (one or many), included, meta, links.
type document[A any] struct {
	Data     resources[A]                `json:"data"`
	Included []resource[json.RawMessage] `json:"included"`
	Meta     pageMeta                    `json:"meta"`
	Links    pageLinks                   `json:"links"`
}

// pageMeta is the pagination block of meta.
type pageMeta struct {
	CurrentPage flexInt  `json:"current-page"`
	NextPage    *flexInt `json:"next-page"`
	TotalPages  flexInt  `json:"total-pages"`
	TotalCount  flexInt  `json:"total-count"`
}

// pageLinks holds links.next when there are more pages.
type pageLinks struct {
	Next string `json:"next"`
}

// hasNext reports whether the server says there is a page after this one:
// meta.next-page, or failing that a links.next.
func (d *document[A]) hasNext() bool {
	if d.Meta.NextPage != nil {
		return *d.Meta.NextPage > 0
	}
	return d.Links.Next != ""
}

// sameType compares JSON:API type names across kebab and snake spellings.
func sameType(a, b string) bool {
	return strings.ReplaceAll(a, "_", "-") == strings.ReplaceAll(b, "_", "-")
}

// writeResource is a request resource object.
type writeResource struct {
	Type          string                   `json:"type"`
	ID            string                   `json:"id,omitempty"`
	Attributes    map[string]any           `json:"attributes"`
	Relationships map[string]writeRelation `json:"relationships,omitempty"`
}

// writeRelation carries nested resources (fields created with their type).
type writeRelation struct {
	Data []writeResource `json:"data"`
}

// encodeOne encodes {"data": r}.
func encodeOne(r writeResource) ([]byte, error) {
	return marshal(struct {
		Data writeResource `json:"data"`
	}{r})
}

// marshal encodes v without HTML escaping (so "<" in a note stays "<").
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encoding request body: %w", err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// one returns the single resource of a document, or an error naming what
// was expected.
func one[A any](d *document[A], what string) (resource[A], error) {
	if len(d.Data) != 1 {
		return resource[A]{}, fmt.Errorf("%s: want one object in the response, got %d", what, len(d.Data))
	}
	return d.Data[0], nil
}
