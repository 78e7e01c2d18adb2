// Package plan defines glue-sync's plan: the list of changes that would make
// a live IT Glue account match the repository, as pure data.
//
// A Plan is computed by package reconcile, shown by package render (text,
// Markdown, JSON) and carried out by package apply. It never holds closures,
// never holds a secret value and never holds the API key, so it can be
// written to a file, reviewed in a pull request and applied later exactly as
// it was shown. Its JSON form is versioned by FormatVersion.
package plan
