package spec

import (
	"errors"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/safefile"
)

// traitValue converts the YAML value v of a trait for field f into *tv,
// reporting values that do not fit the field's kind. It returns false when
// the value is unusable.
func (l *loader) traitValue(tv *TraitValue, file string, a *Asset, key, v *yaml.Node, f *Field) bool {
	k := key.Value
	if k == f.Name {
		k = f.Name // the type's string: the YAML's copy is not kept alive
	}
	// Field by field rather than *tv = TraitValue{...}: that copies a
	// temporary with a write barrier over all of it, a tenth of Load's
	// own time.
	tv.Key, tv.Text, tv.def, tv.file, tv.ext = k, "", f, &a.Pos.File, nil
	tv.line, tv.col, tv.Null, tv.Bool = int32(key.Line), int32(key.Column), false, false
	pos := nodePos(file, v)
	tv.setValuePos(pos)
	if f.Kind == KindHeader {
		l.errHint(tv.Pos(), "remove it", "trait %q: field %q is a Header and holds no value", key.Value, f.Name)
		return false
	}
	if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
		tv.Null = true
		return true
	}
	wrong := func(want string) bool {
		hint := ""
		if want == "text" && v.Kind == yaml.ScalarNode {
			hint = "quote it: \"" + v.Value + "\""
		}
		l.errHint(pos, hint, "trait %q: a %s field takes %s, not %s", key.Value, f.Kind, want, valueForm(v))
		return false
	}
	switch f.Kind {
	case KindText, KindTextbox:
		if f.Kind == KindTextbox && v.Kind == yaml.MappingNode && (lookup(v, "markdown") != nil || lookup(v, "markdownText") != nil) {
			if !l.markdownTrait(file, tv, key.Value, v) {
				return false
			}
			break
		}
		s, ok := strOK(v)
		if !ok {
			if f.Kind == KindTextbox && v.Kind == yaml.MappingNode {
				return wrong("text, {markdown: path/from/the/repository/root.md} or {markdownText: ...}")
			}
			return wrong("text")
		}
		tv.Text = s
	case KindSelect:
		s, ok := strOK(v)
		if !ok {
			return wrong("one of its options (text)")
		}
		i := slices.Index(f.Options, s)
		if i < 0 {
			l.errHint(pos, hintOr(l.didYouMean(s, f.Options), "options are: "+strings.Join(f.Options, ", ")),
				"trait %q: %q is not an option of field %q", key.Value, s, f.Name)
			return false
		}
		tv.Text = f.Options[i] // the same text; the YAML's copy is not kept alive
	case KindCheckbox:
		b := boolp(v)
		if b == nil {
			if v.Kind == yaml.ScalarNode {
				l.errHint(pos, "write true or false, without quotes", "trait %q: a Checkbox field takes true or false, not %q", key.Value, v.Value)
				return false
			}
			return wrong("true or false")
		}
		tv.Bool = *b
	case KindDate:
		s, ok := strOK(v)
		if !ok {
			return wrong("a date (yyyy-mm-dd)")
		}
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			l.errHint(pos, "write it as yyyy-mm-dd, e.g. 2024-03-31", "trait %q: %q is not a valid date", key.Value, s)
			return false
		}
		tv.Text = s
	case KindNumber, KindPercent:
		if t := v.ShortTag(); (t != "!!int" && t != "!!float") || !isPlainDecimal(v.Value) {
			switch {
			case v.Kind == yaml.ScalarNode && v.ShortTag() == "!!str" && isPlainDecimal(v.Value):
				l.errHint(pos, "remove the quotes", "trait %q: a %s field takes a number, not the text %q", key.Value, f.Kind, v.Value)
			case t == "!!int" || t == "!!float":
				l.errHint(pos, "write digits with an optional decimal point, e.g. 1500 or 0.5",
					"trait %q: %s is not a plain decimal number", key.Value, v.Value)
			default:
				return wrong("a number")
			}
			return false
		}
		if d := decimals(v.Value); f.Decimals != nil && d > *f.Decimals {
			l.errf(pos, "trait %q: %s has %d decimal places; field %q allows %d", key.Value, v.Value, d, f.Name, *f.Decimals)
			return false
		}
		tv.Text = v.Value
	case KindPassword:
		if v.Kind == yaml.ScalarNode {
			l.errHint(pos, "write {env: VARIABLE_NAME} and set the variable where glue-sync runs; remove the value from git history",
				"trait %q: plaintext password in a YAML file", key.Value)
			return false
		}
		env := str(lookup(v, "env"))
		if env == nil {
			return wrong("{env: VARIABLE_NAME}")
		}
		if !envName.MatchString(*env) || len(entries(v)) != 1 {
			// The value is not echoed: it might be the password itself.
			l.errHint(pos, "e.g. {env: CONTOSO_DC_ADMIN_PASSWORD}",
				"trait %q: {env: ...} must name one environment variable (letters, digits and _, not starting with a digit)", key.Value)
			return false
		}
		if err := CheckSecretEnv(*env, l.known.secrets); err != nil {
			l.errf(pos, "trait %q: %v", key.Value, err)
			return false
		}
		tv.SetSecret(&SecretRef{Env: *env})
	case KindUpload:
		file := str(lookup(v, "file"))
		if file == nil {
			return wrong("{file: path/from/the/repository/root}")
		}
		if len(entries(v)) != 1 {
			return wrong("{file: path/from/the/repository/root}")
		}
		if !l.checkUpload(pos, key.Value, *file) {
			return false
		}
		tv.SetUpload(&UploadRef{File: *file})
	case KindTag:
		refs, ok := l.tagRefs(file, a, key.Value, v, f)
		if !ok {
			return false
		}
		if len(refs) == 0 {
			tv.Null = true
		}
		tv.SetTags(refs)
	}
	return true
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// checkUpload checks that an Upload trait's file is inside the repository
// and exists.
func (l *loader) checkUpload(pos Pos, key, file string) bool {
	return l.checkRepoFile(pos, key, file, safefile.MaxUpload,
		"IT Glue takes at most 10 MB in one request, and an Upload is sent base64-encoded inside it: attach a smaller file")
}

// checkRepoFile checks that a file a trait names is inside the
// repository (no symbolic link leading out), exists, is a regular file and
// is at most limit bytes (bigHint says what to do when larger).
func (l *loader) checkRepoFile(pos Pos, key, file string, limit int64, bigHint string) bool {
	clean := path.Clean(file)
	if strings.Contains(file, "\\") {
		l.errHint(pos, "write "+strings.ReplaceAll(file, "\\", "/"), "trait %q: file \"%s\" uses \\ (paths use /)", key, file)
		return false
	}
	if path.IsAbs(file) || clean == ".." || strings.HasPrefix(clean, "../") {
		l.errHint(pos, "use a path relative to the repository root, with /", "trait %q: file %q is outside the repository", key, file)
		return false
	}
	p := clean
	if l.root != "." {
		p = l.root + "/" + clean
	}
	fi, err := statNoFollowOut(l, p)
	if errors.Is(err, errOutside) {
		l.errHint(pos, "copy the file into the repository", "trait %q: file %q is a symbolic link leading outside the repository", key, file)
		return false
	}
	if err != nil || fi.IsDir() {
		l.errf(pos, "trait %q: file %q does not exist in the repository", key, file)
		return false
	}
	if !fi.Mode().IsRegular() {
		l.errHint(pos, "give a regular file", "trait %q: file %q is %s, not a regular file", key, file, safefile.Describe(fi.Mode().Type()))
		return false
	}
	if fi.Size() > limit {
		l.errHint(pos, bigHint, "trait %q: file %q is %s, larger than %s", key, file, safefile.Size(fi.Size()), safefile.Size(limit))
		return false
	}
	return true
}

// decimals counts the significant digits after the decimal point of a
// plain decimal number (7.50 has one).
func decimals(num string) int {
	_, frac, ok := strings.Cut(num, ".")
	if !ok {
		return 0
	}
	return len(strings.TrimRight(frac, "0"))
}

// valueForm describes what a YAML value is, for messages.
func valueForm(v *yaml.Node) string {
	switch v.Kind {
	case yaml.MappingNode:
		if lookup(v, "env") != nil {
			return "{env: ...} (only Password fields read the environment)"
		}
		if lookup(v, "file") != nil {
			return "{file: ...} (only Upload fields take files)"
		}
		if lookup(v, "markdown") != nil || lookup(v, "markdownText") != nil {
			return "Markdown (only Textbox fields take Markdown)"
		}
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return yamlKindName(v) + " (" + v.Value + ")"
}
