package export

import (
	"encoding/json"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/markdown"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/richtext"
	"github.com/glue-sync/glue-sync/internal/spec"
)

func (b *builder) hasValue(raw json.RawMessage) bool { return reconcile.LiveHasValue(raw) }

// scalarTrait writes a Text, Textbox, Select, Date, Number, Percent or
// Checkbox trait in the form validate accepts and plan compares equal.
// text is the value as it counts in an identity: in plan's comparable
// form (canonical rich text for a Textbox). name is the value as validate
// reads it from what is written (a Textbox's string, or the HTML its
// Markdown file renders to), which a tag naming the asset must spell.
// ok is false when the trait is absent, or left out because the format
// cannot state it (a Select value that is no longer an option, ...;
// noted).
func (b *builder) scalarTrait(a *assetOut, f client.FlexibleAssetField, raw json.RawMessage) (n *yaml.Node, text, name string, ok bool) {
	switch f.Kind {
	case spec.KindText, spec.KindTextbox, spec.KindSelect, spec.KindDate, spec.KindNumber, spec.KindPercent, spec.KindCheckbox:
	default:
		return nil, "", "", false
	}
	s, ok := reconcile.LiveScalar(f.Kind, raw)
	if !ok {
		return nil, "", "", false
	}
	skip := func(why string) (*yaml.Node, string, string, bool) {
		b.note("%s: trait %q is left out (unmanaged): %s", a.label(), f.Name, why)
		return nil, "", "", false
	}
	switch f.Kind {
	case spec.KindSelect:
		if !slices.Contains(reconcile.SelectOptions(f.DefaultValue), s) {
			return skip("its value is not one of the field's options")
		}
		return str(s), s, s, true
	case spec.KindDate:
		if !isDate(s) {
			return skip("its value is not a date")
		}
		return plain(s, ""), s, s, true
	case spec.KindNumber, spec.KindPercent:
		if !plainDecimal(s) {
			return skip("its value is not a plain decimal number")
		}
		if _, frac, _ := strings.Cut(s, "."); int64(len(frac)) > f.Decimals {
			return skip("its value has more decimal places than the field's decimals")
		}
		tag := "!!int"
		if strings.Contains(s, ".") {
			tag = "!!float"
		}
		return plain(s, tag), s, s, true
	case spec.KindCheckbox:
		return plain(s, "!!bool"), s, s, true
	case spec.KindTextbox:
		// HTML as IT Glue holds it, not its canonical form: that is for
		// comparing, and read as HTML it runs paragraphs and lines
		// together. Plain text with its line ends and trailing blanks
		// tidied (which changes nothing a reader sees), since its
		// canonical form has & < > escaped.
		v := s
		var live string
		if err := json.Unmarshal(raw, &live); err == nil && strings.TrimSpace(live) != "" {
			v = live
			if !richtext.IsHTML(v) {
				v = tidyText(v)
			}
		}
		if md, ok := textboxMarkdown(v); ok {
			html, _ := markdown.Render([]byte(md))
			return a.markdownNode(f.Name, md), s, html, true
		}
		return str(v), s, v, true
	}
	return str(s), s, s, true
}

// passwordTrait writes a set Password trait as {env: NAME}, never its
// value; the name is derived from the organization, type, asset and field
// (PW_ORG_TYPE_ASSET_FIELD), made unique with _2, _3, ...
func (b *builder) passwordTrait(a *assetOut, f client.FlexibleAssetField, raw json.RawMessage) *yaml.Node {
	if !b.hasValue(raw) {
		return nil
	}
	asset := a.key
	if asset == "" {
		asset = "id " + itoa(a.live.ID)
	}
	base := envName(a.org.Name, a.typ.Name, asset, f.Name)
	name := base
	for i := 2; b.envs[name]; i++ {
		name = base + "_" + itoa(int64(i))
	}
	b.envs[name] = true
	b.res.Secrets = append(b.res.Secrets, Secret{Env: name, Organization: a.org.Name, Type: a.typ.Name, Asset: asset, Field: f.Name})
	return newMapping().add("env", str(name)).flow()
}

// tidyText is plain text with CRLF as LF, blanks at line ends and blank
// lines at the end dropped.
func tidyText(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

func isDate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	return allDigits(s[:4]) && allDigits(s[5:7]) && allDigits(s[8:])
}

// plainDecimal reports whether s is -?digits(.digits)?.
func plainDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	i, f, dot := strings.Cut(s, ".")
	return allDigits(i) && (!dot || allDigits(f))
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
