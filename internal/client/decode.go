package client

import (
	"encoding/json"
	"time"
)

// Response bodies are decoded by decodeBody. A page of flexible assets,
// organizations or types is first read by the hand-written one-pass
// decoder (fastDecode, fastdecode.go); any other document is first decoded
// by encoding/json with its data as an array (every list page). Anything
// the first pass does not take (data as one object or null, a malformed
// body, a shape it does not expect) is decoded again by the tolerant
// decoder, json.Unmarshal into document[A] (resources, flexString,
// flexBool, flexTime), whose result or error is then the answer. So the
// first pass never changes what a body decodes to: where it succeeds, the
// tolerant decoder gives the same values (TestFastDecodeIsTheTolerantOne,
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
	switch p := any(d).(type) {
	case *document[assetWire]:
		if fastDecode(b, p, &assetFields) {
			return nil
		}
	case *document[organizationWire]:
		if fastDecode(b, p, &organizationFields) {
			return nil
		}
	case *document[typeWire]:
		if fastDecode(b, p, &typeFields) {
			return nil
		}
	default:
		var l listDocument[A]
		if json.Unmarshal(b, &l) == nil {
			*d = document[A]{Data: l.Data, Included: l.Included, Meta: l.Meta, Links: l.Links}
			return nil
		}
	}
	*d = document[A]{}
	return json.Unmarshal(b, d)
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
