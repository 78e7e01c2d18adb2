package spec

import (
	"encoding/json"
	"slices"
	"strings"
)

// Asset is a declared flexible asset. It is matched to a live asset of the
// same organization and type by ID when pinned, else by Identity: the values
// of its MatchFields joined with single spaces, compared with the same join
// of the live asset's values (for the default MatchFields, the use-for-title
// fields, that join is exactly the name IT Glue builds, so the live asset's
// "name" can be compared directly).
//
// Traits not stated are unmanaged: because an API PATCH replaces all traits,
// the reconciler must send the live values of unstated traits back unchanged.
type Asset struct {
	Pos Pos `json:"pos"`
	// Organization is the owning organization's name (declared in the repo).
	Organization string `json:"organization"`
	// Type is the flexible asset type's name (declared in the repo).
	Type string `json:"type"`
	// ID pins the live asset by its numeric id.
	ID *int64 `json:"id,omitempty"`
	// MatchFields are the canonical names of the fields whose values
	// identify the asset: the YAML's match: list, or by default the type's
	// use-for-title fields.
	MatchFields []string `json:"matchFields"`
	// Identity is the join of the MatchFields values with single spaces;
	// unique within organization and type. It is also the name other assets
	// use to tag this one.
	Identity string `json:"identity"`
	// Archived archives (true) or unarchives (false) the asset.
	Archived *bool `json:"archived,omitempty"`
	// Traits are the stated trait values, by the key as written in the
	// YAML (a field name or a name-key).
	Traits Traits `json:"traits"`
}

// Traits are an asset's stated trait values sorted by Key, at most one per
// key. (A slice, not a map: every asset holds one, and a map of a few
// entries costs about 200 bytes more, BENCHMARKS.md.)
type Traits []*TraitValue

// Get returns the value stated under key, or nil.
func (ts Traits) Get(key string) *TraitValue {
	i, ok := slices.BinarySearchFunc(ts, key, func(tv *TraitValue, k string) int { return strings.Compare(tv.Key, k) })
	if !ok {
		return nil
	}
	return ts[i]
}

// Set states tv under tv.Key, replacing a value stated under that key.
func (ts *Traits) Set(tv *TraitValue) {
	i, ok := slices.BinarySearchFunc(*ts, tv.Key, func(tv *TraitValue, k string) int { return strings.Compare(tv.Key, k) })
	if ok {
		(*ts)[i] = tv
		return
	}
	*ts = slices.Insert(*ts, i, tv)
}

// Delete removes the value stated under key, if any.
func (ts *Traits) Delete(key string) {
	if i, ok := slices.BinarySearchFunc(*ts, key, func(tv *TraitValue, k string) int { return strings.Compare(tv.Key, k) }); ok {
		*ts = slices.Delete(*ts, i, i+1)
	}
}

// MarshalJSON writes the values as an object keyed by Key, as a map of
// them would be.
func (ts Traits) MarshalJSON() ([]byte, error) {
	m := make(map[string]*TraitValue, len(ts))
	for _, tv := range ts {
		m[tv.Key] = tv
	}
	return json.Marshal(m)
}

// TraitValue is one stated trait value. Exactly one of the value fields is
// meaningful, chosen by Kind; Null overrides them all.
type TraitValue struct {
	// Pos is the position of the trait's key; ValueLine and ValueCol
	// those of its value, in the same file (see ValuePos).
	Pos       Pos   `json:"pos"`
	ValueLine int32 `json:"valueLine"`
	ValueCol  int32 `json:"valueCol"`
	// Null is set when the YAML states an empty value (null or ~): the
	// trait must be cleared.
	Null bool `json:"null,omitempty"`
	// Bool holds a Checkbox value.
	Bool bool `json:"bool,omitempty"`
	// Key is the key as written; Field is the canonical field name it
	// resolved to; Kind is that field's kind.
	Key   string `json:"key"`
	Field string `json:"field"`
	Kind  string `json:"kind"`
	// Text holds Text, Textbox and Select values as written, a Date as
	// yyyy-mm-dd, and a Number or Percent as its exact decimal text
	// (digits with optional "-" and ".", never an exponent: "7.50" stays
	// "7.50", so compare numbers numerically).
	Text string `json:"text,omitempty"`
	// Tags hold a Tag value's references, in the written order.
	Tags []TagRef `json:"tags,omitempty"`
	// Secret is a Password value's source; never a cleartext value.
	Secret *SecretRef `json:"secret,omitempty"`
	// Upload is an Upload value.
	Upload *UploadRef `json:"upload,omitempty"`
	// Markdown is set for a Textbox written as Markdown ({markdown: file}
	// or {markdownText: ...}): the Markdown source, while Text holds the
	// sanitised HTML rendered from it (what is sent and compared).
	Markdown *MarkdownSource `json:"markdown,omitempty"`
	// (The rarer shapes sit behind pointers and the value's position is
	// two int32s, so that the struct is 160 bytes and an asset's four
	// values one 640-byte slab: every stated trait of every asset holds
	// one, BENCHMARKS.md.)
}

// ValuePos is the position of the trait's value.
func (tv *TraitValue) ValuePos() Pos {
	return Pos{File: tv.Pos.File, Line: int(tv.ValueLine), Col: int(tv.ValueCol)}
}

// setValuePos records p (in tv.Pos's file) as the value's position.
func (tv *TraitValue) setValuePos(p Pos) {
	tv.ValueLine, tv.ValueCol = int32(p.Line), int32(p.Col)
}

// UploadRef is an Upload value's source.
type UploadRef struct {
	// File is the file's path relative to the repository root.
	File string `json:"file"`
}

// MarkdownSource is the Markdown a Textbox value was rendered from.
type MarkdownSource struct {
	// File is the Markdown file's path relative to the repository root;
	// empty for Markdown written inline with markdownText.
	File string `json:"file,omitempty"`
	// Text is the Markdown source.
	Text string `json:"text"`
}

// TagRef names one object a Tag trait tags.
type TagRef struct {
	Pos Pos `json:"pos"`
	// Kind is the target kind: one of TagKinds, or TagKindAsset.
	Kind string `json:"kind"`
	// AssetType is the target's type name when Kind is TagKindAsset.
	AssetType string `json:"assetType,omitempty"`
	// Name is the target's name in IT Glue (a configuration's name, a
	// contact's full name, a domain, a location's name, a password's name,
	// an organization's name), or a declared asset's Identity.
	Name string `json:"name"`
	// Organization is the organization the target belongs to: the asset's
	// own unless the YAML names another.
	Organization string `json:"organization"`
}

// SecretRef says where a Password trait's value comes from. It is resolved
// at plan or apply time, never by spec.
type SecretRef struct {
	// Env is the name of an environment variable holding the value.
	Env string `json:"env"`
}

// TraitByField returns the asset's value for the field with the given
// canonical name, whatever key the YAML used, or nil when unstated.
func (a *Asset) TraitByField(field string) *TraitValue {
	for _, tv := range a.Traits {
		if tv.Field == field {
			return tv
		}
	}
	return nil
}

// Asset returns the declared asset of the organization and type with the
// given identity, or nil. Tag references with Kind TagKindAsset resolve
// through it (Organization, AssetType, Name). It scans the assets; index
// them yourself for many lookups.
func (d *DesiredState) Asset(org, assetType, identity string) *Asset {
	for _, a := range d.Assets {
		if a.Organization == org && a.Type == assetType && a.Identity == identity {
			return a
		}
	}
	return nil
}
