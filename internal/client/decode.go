package client

import (
	"encoding/json"
	"time"
)

// Response bodies are decoded by decodeBody. A document is first decoded in
// one pass with its data as an array (every list page), and an asset page
// with plain encoding/json field types for what the API writes plainly
// (strings, booleans, RFC 3339 timestamps into time.Time). Anything that pass does not
// take (data as one object, a number where a string was expected, "1" for a
// boolean, a malformed body) is decoded again by the tolerant decoder,
// json.Unmarshal into document[A] (resources, flexString, flexBool,
// flexTime), whose result or error is then the answer. So the fast pass
// never changes what a body decodes to: where it succeeds, the tolerant
// decoder gives the same values (TestFastDecodeIsTheTolerantOne,
// FuzzFastDecode). Ids keep flexInt: the API writes them as strings and as
// numbers.

// bodyDecoder is a response type with its own decoder.
type bodyDecoder interface {
	decodeBody(b []byte) error
}

// decodeBody decodes a response body into out.
func decodeBody(b []byte, out any) error {
	if d, ok := out.(bodyDecoder); ok {
		return d.decodeBody(b)
	}
	return json.Unmarshal(b, out)
}

// listDocument is a document whose data is an array.
type listDocument[A any] struct {
	Data     []resource[A]               `json:"data"`
	Included []resource[json.RawMessage] `json:"included"`
	Meta     pageMeta                    `json:"meta"`
	Links    pageLinks                   `json:"links"`
}

func (d *document[A]) decodeBody(b []byte) error {
	if p, ok := any(d).(*document[assetWire]); ok {
		if decodeAssetList(b, p) {
			return nil
		}
	} else {
		var l listDocument[A]
		if json.Unmarshal(b, &l) == nil {
			*d = document[A]{Data: l.Data, Included: l.Included, Meta: l.Meta, Links: l.Links}
			return nil
		}
	}
	*d = document[A]{}
	return json.Unmarshal(b, d)
}

// assetPlain is assetWire with plain field types where the API's values
// are plain. time.Time takes strict RFC 3339 only: a page with "", a bare
// date or another form flexTime accepts goes to the tolerant decoder.
type assetPlain struct {
	OrganizationID        flexInt   `json:"organization-id"`
	OrganizationName      string    `json:"organization-name"`
	FlexibleAssetTypeID   flexInt   `json:"flexible-asset-type-id"`
	FlexibleAssetTypeName string    `json:"flexible-asset-type-name"`
	Name                  string    `json:"name"`
	Traits                Traits    `json:"traits"`
	Archived              bool      `json:"archived"`
	Restricted            bool      `json:"restricted"`
	MyGlue                bool      `json:"my-glue"`
	ResourceURL           string    `json:"resource-url"`
	CreatedAt             time.Time `json:"created-at"`
	UpdatedAt             time.Time `json:"updated-at"`
}

// decodeAssetList decodes an asset page in one pass with plain field
// types; false means the tolerant decoder must decide.
func decodeAssetList(b []byte, d *document[assetWire]) bool {
	var l listDocument[assetPlain]
	if json.Unmarshal(b, &l) != nil {
		return false
	}
	data := make(resources[assetWire], len(l.Data))
	for i, r := range l.Data {
		a := r.Attributes
		data[i] = resource[assetWire]{ID: r.ID, Type: r.Type, Relationships: r.Relationships, Attributes: assetWire{
			OrganizationID: a.OrganizationID, OrganizationName: flexString(a.OrganizationName),
			FlexibleAssetTypeID: a.FlexibleAssetTypeID, FlexibleAssetTypeName: flexString(a.FlexibleAssetTypeName),
			Name: flexString(a.Name), Traits: a.Traits, Archived: flexBool(a.Archived), Restricted: flexBool(a.Restricted),
			MyGlue: flexBool(a.MyGlue), ResourceURL: flexString(a.ResourceURL),
			CreatedAt: utc(a.CreatedAt), UpdatedAt: utc(a.UpdatedAt),
		}}
	}
	if l.Data == nil {
		data = nil
	}
	*d = document[assetWire]{Data: data, Included: l.Included, Meta: l.Meta, Links: l.Links}
	return true
}

// utc is t in UTC, as flexTime keeps it; the zero time stays zero.
func utc(t time.Time) flexTime {
	if t.IsZero() {
		return flexTime{}
	}
	return flexTime(t.UTC())
}

// timestampLayouts are the forms flexTime accepts, in the order tried.
var timestampLayouts = [...]string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"}

// parseTimestamp parses a timestamp as flexTime does: "" is the zero time.
func parseTimestamp(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	var err error
	for _, layout := range timestampLayouts {
		var t time.Time
		if t, err = time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, err
}
