// Package textsafe makes text from a repository or from IT Glue safe to
// print on a terminal or in a CI log. It owns one rule: control, format and
// bidirectional characters (and invalid UTF-8) are shown escaped, as Go
// writes them in a quoted string (\x1b, \n, \u202e), so a name cannot move
// the cursor, recolour or retitle a terminal, reorder text, or start a new
// line that a CI system would read as a command (GitHub's ::error).
//
// Everything glue-sync prints that comes from a repository or the API goes
// through Line: plan renderers, validate's diagnostics, apply's progress
// and report lines, and error messages.
package textsafe
