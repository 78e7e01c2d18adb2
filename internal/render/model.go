package render

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// section is where a change is listed: plan order puts types and fields
// first, then organizations, then assets.
type section int

const (
	secTypes section = iota
	secOrgs
	secAssets
	secOther
)

var sectionTitles = [...]string{
	secTypes:  "Flexible asset types and fields",
	secOrgs:   "Organizations",
	secAssets: "Flexible assets",
	secOther:  "Other objects",
}

func sectionOf(k plan.Kind) section {
	switch k {
	case plan.KindAssetType, plan.KindField:
		return secTypes
	case plan.KindOrganization:
		return secOrgs
	case plan.KindAsset:
		return secAssets
	}
	return secOther
}

// checkPlan refuses what no renderer can show faithfully: no plan, or a
// change whose action is unknown (plan.Decode refuses those too).
func checkPlan(p *plan.Plan) error {
	if p == nil {
		return errors.New("no plan")
	}
	for i, ch := range p.Changes {
		if !ch.Action.Valid() {
			return fmt.Errorf("change %d (%s) has unknown action %q; the plan is malformed", i, ch.ID, ch.Action)
		}
	}
	return nil
}

// attr is one attribute difference, ready to display.
type attr struct {
	sym       rune // '+', '~' or '-'
	path      string
	sensitive bool
	// secretEnv, on a sensitive attribute the change sets, names the
	// environment variable apply reads the value from.
	secretEnv string
	// before and after are displayed single-line values ("" when absent).
	before, after string
	// lines is set instead of before/after for multi-line values.
	lines []lineOp
	// note, when set, is all there is to show: an unchanged value that
	// the write still carries (a kept Password trait).
	note string
}

// shape controls how values are shortened.
type shape struct {
	width    int // characters per value
	maxLines int // lines per multi-line value
}

func (s shape) withDefaults() shape {
	if s.width <= 0 {
		s.width = defaultMaxValueWidth
	}
	if s.maxLines <= 0 {
		s.maxLines = 40
	}
	return s
}

// attrsOf turns a change's diffs into display attributes, sorted by path.
// It never reads a value of a sensitive diff.
func attrsOf(ch *plan.Change, sh shape) []attr {
	diffs := ch.Diffs
	if !slices.IsSortedFunc(diffs, byPath) {
		diffs = slices.Clone(diffs)
		slices.SortStableFunc(diffs, byPath)
	}
	out := make([]attr, 0, len(diffs))
	for _, d := range diffs {
		if isSensitive(ch, d) {
			out = append(out, attr{path: sanitizeLine(d.Path), sensitive: true, secretEnv: secretEnvOf(ch, d),
				sym: actionSym(ch.Action, len(d.Before) > 0, len(d.After) > 0)})
			continue
		}
		for _, l := range flatten(d.Path, d.Before, d.After, 0, nil) {
			out = append(out, valueAttr(ch.Action, l, sh))
		}
	}
	return append(out, keptSecrets(ch)...)
}

// keptSecrets says, for every Password trait an update sends again
// unchanged, how apply will keep it: IT Glue replaces every trait on
// update, and glue-sync never sends a password back as its id.
func keptSecrets(ch *plan.Change) []attr {
	w := ch.Write
	if w == nil || !w.SendTraits || len(w.Secrets) == 0 {
		return nil
	}
	var out []attr
	for _, k := range slices.Sorted(maps.Keys(w.Secrets)) {
		src := w.Secrets[k]
		if !src.Keep {
			continue
		}
		name := src.Field
		if name == "" {
			name = k
		}
		how := "kept: apply reads it through IT Glue's passwords API (the key needs Password Access) and sends it again, or refuses this change"
		if src.Env != "" {
			how = "kept: apply sends $" + src.Env + " when set, else reads it through IT Glue's passwords API (the key needs Password Access), else refuses this change"
		}
		out = append(out, attr{sym: ' ', path: sanitizeLine("traits." + name), note: sanitizeLine(how)})
	}
	return out
}

// valueAttr formats one non-sensitive leaf: a line diff for multi-line
// strings, otherwise single values elided around where they differ.
func valueAttr(act plan.Action, l leaf, sh shape) attr {
	a := attr{path: sanitizeLine(l.path)}
	before, after := decodeValue(l.before), decodeValue(l.after)
	a.sym = actionSym(act, before.present, after.present)
	if before.multiline() || after.multiline() {
		a.lines = collapse(diffLines(before.lines(), after.lines()), sh.maxLines)
		for i := range a.lines {
			if a.lines[i].op != '…' {
				a.lines[i].text = sanitizeLine(a.lines[i].text)
			}
		}
		return a
	}
	focus := 0
	if before.present && after.present {
		focus = firstDifference(before.str, after.str)
	}
	a.before, a.after = "(absent)", "(absent)"
	if before.present {
		a.before = before.display(sh.width, focus)
	}
	if after.present {
		a.after = after.display(sh.width, focus)
	}
	return a
}

func byPath(a, b plan.Diff) int { return cmp.Compare(a.Path, b.Path) }

// actionSym is the symbol for one attribute: added, removed or changed.
func actionSym(a plan.Action, hasBefore, hasAfter bool) rune {
	switch {
	case hasBefore && !hasAfter:
		return '-'
	case hasAfter && !hasBefore:
		return '+'
	case hasAfter && hasBefore:
		return '~'
	}
	switch a {
	case plan.Create:
		return '+'
	case plan.Delete:
		return '-'
	}
	return '~'
}

// isSensitive reports whether a diff's values must never be shown: it is
// marked Sensitive, or it is a trait the change's Write names as a secret
// (defence in depth against a planner that forgot the mark).
func isSensitive(ch *plan.Change, d plan.Diff) bool {
	if d.Sensitive {
		return true
	}
	if ch.Write == nil || len(ch.Write.Secrets) == 0 {
		return false
	}
	name, ok := strings.CutPrefix(d.Path, "traits.")
	if !ok {
		return false
	}
	key := looseKey(name)
	for k := range ch.Write.Secrets {
		if looseKey(k) == key {
			return true
		}
	}
	return false
}

// secretEnvOf names the environment variable of the Password trait d
// that ch sets, sanitised; "" when ch does not set it.
func secretEnvOf(ch *plan.Change, d plan.Diff) string {
	if ch.Write == nil || len(ch.Write.Secrets) == 0 {
		return ""
	}
	name, ok := strings.CutPrefix(d.Path, "traits.")
	if !ok {
		return ""
	}
	key := looseKey(name)
	for k, src := range ch.Write.Secrets {
		if looseKey(k) == key && src.Env != "" && !src.Keep {
			return sanitizeLine(src.Env)
		}
	}
	return ""
}

// sensitiveNote is what a sensitive attribute shows instead of a value.
func sensitiveNote(a attr) string {
	switch {
	case a.secretEnv != "" && a.sym == '~':
		return "(sensitive value changed; set from $" + a.secretEnv + " at apply)"
	case a.secretEnv != "":
		return "(sensitive value; set from $" + a.secretEnv + " at apply)"
	case a.sym == '~':
		return "(sensitive value changed)"
	}
	return "(sensitive value)"
}

// looseKey folds a field name or name-key ("Admin Password",
// "admin-password") to letters and digits only, lower case.
func looseKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// address names a change's object as "kind \"name\"" with every
// user-controlled part quoted, so no name can inject control characters.
func address(ch *plan.Change) string {
	q := strconv.Quote
	switch ch.Kind {
	case plan.KindOrganization, plan.KindAssetType:
		return string(ch.Kind) + " " + q(ch.Name)
	case plan.KindField:
		return string(ch.Kind) + " " + q(ch.AssetType) + " / " + q(ch.Name)
	case plan.KindAsset:
		return string(ch.Kind) + " " + q(ch.Organization) + " / " + q(ch.AssetType) + " / " + q(ch.Name)
	}
	kind := sanitizeLine(string(ch.Kind))
	if kind == "" {
		kind = "object"
	}
	return kind + " " + q(ch.ID)
}

// kindNoun is a kind's name for humans, singular or plural.
func kindNoun(k plan.Kind, n int) string {
	var s string
	switch k {
	case plan.KindOrganization:
		s = "organization"
	case plan.KindAssetType:
		s = "flexible asset type"
	case plan.KindField:
		s = "flexible asset field"
	case plan.KindAsset:
		s = "flexible asset"
	default:
		s = "object"
	}
	if n != 1 {
		s += "s"
	}
	return s
}

// plural is "1 thing" or "n things".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// summaryLine is the final line of a text plan, terraform-style.
func summaryLine(c plan.Counts) string {
	return "Plan: " + strconv.Itoa(c.Create) + " to create, " + strconv.Itoa(c.Update) +
		" to update, " + strconv.Itoa(c.Delete) + " to delete."
}
