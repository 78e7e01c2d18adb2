package export

import (
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/attrs"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// titleKinds are the kinds IT Glue (and validate) allow useForTitle on.
var titleKinds = []string{spec.KindText, spec.KindSelect, spec.KindDate}

// titleField reports whether f counts towards an asset's identity in the
// exported repository: useForTitle is written only where the format
// allows it.
func titleField(f client.FlexibleAssetField) bool {
	return f.UseForTitle && slices.Contains(titleKinds, f.Kind)
}

// assetType is one FlexibleAssetType document, its fields in order.
// Attributes the format forbids on a kind (useForTitle on a Number, ...)
// are left out: IT Glue ignores them, and unstated means unmanaged.
func (b *builder) assetType(t *client.FlexibleAssetType) *yaml.Node {
	m := newMapping().add("kind", str("FlexibleAssetType")).add("name", str(t.Name))
	for _, a := range attrs.AssetType {
		switch {
		case a.YAML == "name":
		case a.YAML == "enabled" && !t.EnabledStated: // unstated by the API: left unmanaged
		case a.Rule == attrs.Text:
			m.addText(a.YAML, a.Canon(t).(string))
		case a.Rule == attrs.Bool:
			m.add(a.YAML, boolean(a.Get(t).Bool))
		}
	}
	fields := &yaml.Node{Kind: yaml.SequenceNode}
	for _, f := range t.Fields {
		fields.Content = append(fields.Content, b.field(t, f))
	}
	m.add("fields", fields)
	return m.n
}

func (b *builder) field(t *client.FlexibleAssetType, f client.FlexibleAssetField) *yaml.Node {
	m := newMapping().add("name", str(f.Name)).add("kind", str(f.Kind))
	switch f.Kind {
	case spec.KindSelect:
		opts := reconcile.SelectOptions(f.DefaultValue)
		if uniq := uniqueStrings(opts); len(uniq) < len(opts) {
			b.note("type %q, field %q: an option is listed twice in IT Glue; the repository lists it once, so plan will propose dropping the repeat", t.Name, f.Name)
			opts = uniq
		}
		m.add("options", flowList(opts))
	case spec.KindTag:
		kind, id := reconcile.LiveTagType(f.TagType)
		switch {
		case id != 0 && b.typeByID[id] != nil:
			m.add("tagType", newMapping().add("flexibleAssetType", str(b.typeByID[id].Name)).flow())
		case id != 0:
			b.note("type %q, field %q: it tags flexible asset type id %d, which the account does not list; tagType is left out", t.Name, f.Name, id)
		case kind != "":
			m.add("tagType", str(kind))
		}
	}
	m.addText("hint", reconcile.NormText(f.Hint))
	if f.Kind == spec.KindNumber || f.Kind == spec.KindPercent {
		m.add("decimals", plain(itoa(f.Decimals), "!!int"))
	}
	if d := fieldDefault(f); d != "" {
		m.add("default", str(d))
	}
	for _, a := range attrs.Field {
		if a.Rule == attrs.Bool && a.Get(&f).Bool && b.allowed(a.YAML, f) {
			m.add(a.YAML, boolean(true))
		}
	}
	return m.n
}

// allowed reports whether the boolean attribute yaml, true on f, is
// written: only where the format allows it on f's kind (and required only
// where export could keep it, see noRequired).
func (b *builder) allowed(yaml string, f client.FlexibleAssetField) bool {
	switch yaml {
	case "required":
		return f.Kind != spec.KindHeader && !b.noRequired[f.ID]
	case "useForTitle":
		return titleField(f)
	case "expiration":
		return f.Kind == spec.KindDate
	}
	return true
}

// fieldDefault is a field's default in repository form ("" for none).
func fieldDefault(f client.FlexibleAssetField) string {
	if f.DefaultValue == "" {
		return ""
	}
	switch f.Kind {
	case spec.KindCheckbox, spec.KindNumber, spec.KindPercent, spec.KindDate:
		s, _ := reconcile.LiveScalar(f.Kind, jsonText(f.DefaultValue))
		return s
	case spec.KindText, spec.KindTextbox:
		return reconcile.NormText(f.DefaultValue)
	}
	return ""
}

// uniqueStrings returns ss without repeats, in first-seen order.
func uniqueStrings(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
