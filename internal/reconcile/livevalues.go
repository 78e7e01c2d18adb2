package reconcile

import (
	"encoding/json"
	"strings"

	"github.com/glue-sync/glue-sync/internal/spec"
)

// The exported helpers below give other packages (export) the live values
// in the normalised form Compute compares them in, so that what they
// write back plans as no change.

// LiveScalar returns a live scalar trait (Text, Textbox, Select, Date,
// Number, Percent, Checkbox) as a repository would state it: text without
// CRLF or trailing white space, a Date as yyyy-mm-dd, a Number or Percent
// as a plain decimal without redundant zeros ("25.0" gives "25"), a
// Checkbox as "true" or "false". ok is false when the trait holds no value
// (a Checkbox is absent only when raw is).
func LiveScalar(kind string, raw json.RawMessage) (string, bool) {
	if kind == spec.KindCheckbox {
		if len(raw) == 0 {
			return "", false
		}
		return canonLive(kind, raw), true
	}
	if !hasValue(raw) {
		return "", false
	}
	s := canonLive(kind, raw)
	if kind == spec.KindNumber || kind == spec.KindPercent {
		s = strings.TrimPrefix(s, "d")
	}
	return s, s != ""
}

// LiveHasValue reports whether a live trait holds a value (not null, "",
// or []).
func LiveHasValue(raw json.RawMessage) bool { return hasValue(raw) }

// SelectOptions splits a live Select field's default-value into its
// options, as Compute reads them.
func SelectOptions(defaultValue string) []string { return selectOptions(defaultValue) }

// LiveTagType reads a live field's tag-type: a built-in kind
// ("Configurations"), or the id of the tagged flexible asset type.
func LiveTagType(s string) (kind string, typeID int64) { return liveTagType(s) }

// NormText is the form Compute compares text attributes in (CRLF becomes
// LF, trailing white space dropped).
func NormText(s string) string { return normText(s) }
