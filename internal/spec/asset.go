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
//
// Every stated trait of every asset holds one, so it is kept small (80
// bytes, an asset's four values one 320-byte slab; TestTraitValueSize,
// BENCHMARKS.md): the file is the asset's (a pointer to its name), the
// field's name and kind are read from its definition, and the rarer shapes
// (tags, a secret, an upload, Markdown) sit behind one pointer. Build one
// outside Load with NewTraitValue.
type TraitValue struct {
	// Key is the key as written (a field name or a name-key).
	Key string
	// Text holds Text, Textbox and Select values as written, a Date as
	// yyyy-mm-dd, and a Number or Percent as its exact decimal text
	// (digits with optional "-" and ".", never an exponent: "7.50" stays
	// "7.50", so compare numbers numerically).
	Text string
	// def is the field definition Key resolved to; file the name of the
	// asset's file.
	def  *Field
	file *string
	// ext holds the rarer shapes, nil when the value has none.
	ext *traitExt
	// line and col are the key's position; ValueLine and ValueCol those
	// of its value, in the same file (see Pos and ValuePos).
	line, col           int32
	ValueLine, ValueCol int32
	// Null is set when the YAML states an empty value (null or ~): the
	// trait must be cleared.
	Null bool
	// Bool holds a Checkbox value.
	Bool bool
}

// traitExt holds a TraitValue's rarer shapes.
type traitExt struct {
	tags     []TagRef
	secret   *SecretRef
	upload   *UploadRef
	markdown *MarkdownSource
}

// TraitParts are the parts of a TraitValue, for building one outside Load
// (NewTraitValue) and for its JSON form.
type TraitParts struct {
	// Pos is the position of the trait's key; ValueLine and ValueCol
	// those of its value, in the same file.
	Pos       Pos   `json:"pos"`
	ValueLine int32 `json:"valueLine"`
	ValueCol  int32 `json:"valueCol"`
	// Null, Bool, Key and Text are TraitValue's.
	Null bool   `json:"null,omitempty"`
	Bool bool   `json:"bool,omitempty"`
	Key  string `json:"key"`
	// Field is the canonical field name the key resolved to; Kind is that
	// field's kind.
	Field string `json:"field"`
	Kind  string `json:"kind"`
	Text  string `json:"text,omitempty"`
	// Tags, Secret, Upload and Markdown are as TraitValue's accessors
	// return them.
	Tags     []TagRef        `json:"tags,omitempty"`
	Secret   *SecretRef      `json:"secret,omitempty"`
	Upload   *UploadRef      `json:"upload,omitempty"`
	Markdown *MarkdownSource `json:"markdown,omitempty"`
}

// NewTraitValue builds the value p describes, for a field named p.Field of
// kind p.Kind.
func NewTraitValue(p TraitParts) *TraitValue {
	file := p.Pos.File
	tv := &TraitValue{Key: p.Key, Text: p.Text, def: &Field{Name: p.Field, Kind: p.Kind}, file: &file,
		line: int32(p.Pos.Line), col: int32(p.Pos.Col), ValueLine: p.ValueLine, ValueCol: p.ValueCol, Null: p.Null, Bool: p.Bool}
	tv.SetTags(p.Tags)
	tv.SetSecret(p.Secret)
	tv.SetUpload(p.Upload)
	tv.SetMarkdown(p.Markdown)
	return tv
}

// Parts returns the parts of tv.
func (tv *TraitValue) Parts() TraitParts {
	return TraitParts{Pos: tv.Pos(), ValueLine: tv.ValueLine, ValueCol: tv.ValueCol, Null: tv.Null, Bool: tv.Bool,
		Key: tv.Key, Field: tv.Field(), Kind: tv.Kind(), Text: tv.Text,
		Tags: tv.Tags(), Secret: tv.Secret(), Upload: tv.Upload(), Markdown: tv.Markdown()}
}

// Equal reports whether tv and o are the same value at the same position,
// part by part (go-cmp compares values with it: the parts are unexported).
func (tv *TraitValue) Equal(o *TraitValue) bool {
	if tv == nil || o == nil {
		return tv == o
	}
	a, b := tv.Parts(), o.Parts()
	return a.Pos == b.Pos && a.ValueLine == b.ValueLine && a.ValueCol == b.ValueCol && a.Null == b.Null && a.Bool == b.Bool &&
		a.Key == b.Key && a.Field == b.Field && a.Kind == b.Kind && a.Text == b.Text && slices.Equal(a.Tags, b.Tags) &&
		equalPtr(a.Secret, b.Secret) && equalPtr(a.Upload, b.Upload) && equalPtr(a.Markdown, b.Markdown)
}

// equalPtr reports whether a and b are both nil or point to equal values.
func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// MarshalJSON writes tv as its TraitParts.
func (tv *TraitValue) MarshalJSON() ([]byte, error) { return json.Marshal(tv.Parts()) }

// Field is the canonical name of the field the key resolved to.
func (tv *TraitValue) Field() string {
	if tv.def == nil {
		return ""
	}
	return tv.def.Name
}

// Kind is the kind of the field the key resolved to.
func (tv *TraitValue) Kind() string {
	if tv.def == nil {
		return ""
	}
	return tv.def.Kind
}

// Pos is the position of the trait's key.
func (tv *TraitValue) Pos() Pos {
	p := Pos{Line: int(tv.line), Col: int(tv.col)}
	if tv.file != nil {
		p.File = *tv.file
	}
	return p
}

// ValuePos is the position of the trait's value.
func (tv *TraitValue) ValuePos() Pos {
	p := tv.Pos()
	p.Line, p.Col = int(tv.ValueLine), int(tv.ValueCol)
	return p
}

// setValuePos records p (in the key's file) as the value's position.
func (tv *TraitValue) setValuePos(p Pos) {
	tv.ValueLine, tv.ValueCol = int32(p.Line), int32(p.Col)
}

// Tags are a Tag value's references, in the written order.
func (tv *TraitValue) Tags() []TagRef {
	if tv.ext == nil {
		return nil
	}
	return tv.ext.tags
}

// Secret is a Password value's source; never a cleartext value.
func (tv *TraitValue) Secret() *SecretRef {
	if tv.ext == nil {
		return nil
	}
	return tv.ext.secret
}

// Upload is an Upload value.
func (tv *TraitValue) Upload() *UploadRef {
	if tv.ext == nil {
		return nil
	}
	return tv.ext.upload
}

// Markdown is set for a Textbox written as Markdown ({markdown: file} or
// {markdownText: ...}): the Markdown source, while Text holds the
// sanitised HTML rendered from it (what is sent and compared).
func (tv *TraitValue) Markdown() *MarkdownSource {
	if tv.ext == nil {
		return nil
	}
	return tv.ext.markdown
}

// extFor returns tv.ext, made when set is true and there is none.
func (tv *TraitValue) extFor(set bool) *traitExt {
	if tv.ext == nil && set {
		tv.ext = &traitExt{}
	}
	return tv.ext
}

// SetTags replaces the Tag value's references.
func (tv *TraitValue) SetTags(refs []TagRef) {
	if e := tv.extFor(refs != nil); e != nil {
		e.tags = refs
	}
}

// SetSecret replaces the Password value's source.
func (tv *TraitValue) SetSecret(s *SecretRef) {
	if e := tv.extFor(s != nil); e != nil {
		e.secret = s
	}
}

// SetUpload replaces the Upload value.
func (tv *TraitValue) SetUpload(u *UploadRef) {
	if e := tv.extFor(u != nil); e != nil {
		e.upload = u
	}
}

// SetMarkdown replaces the Markdown source.
func (tv *TraitValue) SetMarkdown(m *MarkdownSource) {
	if e := tv.extFor(m != nil); e != nil {
		e.markdown = m
	}
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
		if tv.Field() == field {
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
