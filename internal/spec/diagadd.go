package spec

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// errf records an error at pos.
func (l *loader) errf(pos Pos, format string, args ...any) {
	l.diags = append(l.diags, Diagnostic{Pos: pos, Severity: SeverityError, Message: fmt.Sprintf(format, args...)})
}

// warnf records a warning at pos.
func (l *loader) warnf(pos Pos, format string, args ...any) {
	l.diags = append(l.diags, Diagnostic{Pos: pos, Severity: SeverityWarning, Message: fmt.Sprintf(format, args...)})
}

// warnHint records a warning at pos with a hint.
func (l *loader) warnHint(pos Pos, hint string, format string, args ...any) {
	l.diags = append(l.diags, Diagnostic{Pos: pos, Severity: SeverityWarning, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// errHint records an error at pos with a hint.
func (l *loader) errHint(pos Pos, hint string, format string, args ...any) {
	l.diags = append(l.diags, Diagnostic{Pos: pos, Severity: SeverityError, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// suggestBudget caps the candidate comparisons one Load spends on "did
// you mean" hints, so a huge file full of typos stays fast.
const suggestBudget = 2_000_000

// didYouMean is a hint suggesting the closest candidate, or "".
func (l *loader) didYouMean(s string, candidates []string) string {
	if l.suggestSpent += len(candidates); l.suggestSpent > suggestBudget {
		return ""
	}
	if c := suggest(s, candidates); c != "" && c != s {
		return fmt.Sprintf("did you mean %q?", c)
	}
	return ""
}

// nodePos is the position of n in file.
func nodePos(file string, n *yaml.Node) Pos { return Pos{File: file, Line: n.Line, Col: n.Column} }

// posKey identifies one key of one decoded object.
type posKey struct {
	obj any
	key string
}

// rememberKeys records where each of keys' values sits in mapping n, so
// that cross-file checks can point at the value rather than the object.
func (l *loader) rememberKeys(obj any, file string, n *yaml.Node, keys ...string) {
	if l.keyPos == nil {
		l.keyPos = map[posKey]Pos{}
	}
	for _, k := range keys {
		if v := lookup(n, k); v != nil {
			l.keyPos[posKey{obj, k}] = nodePos(file, v)
		}
	}
}

// at returns the remembered position of obj's key, or fallback.
func (l *loader) at(obj any, key string, fallback Pos) Pos {
	if p, ok := l.keyPos[posKey{obj, key}]; ok {
		return p
	}
	return fallback
}
