// Package export writes a live IT Glue account as a glue-sync repository:
// the bootstrap step before a team starts keeping its documentation in git.
//
// Read reads the account (through reconcile.ReadLive, so with the same
// normalisation plan uses); Build turns the snapshot into repository files
// in the documented format (docs/format.md): glue-sync.yaml,
// organizations/<slug>.yaml, types/<slug>.yaml and
// assets/<org-slug>/<type-slug>.yaml; WriteDir writes them. The output is
// deterministic (sorted, stable slugs, no timestamps), and planning it
// against the same account gives no changes: values are written in the
// form reconcile compares them in, Password traits become {env: NAME}
// references (never a value), and whatever the format cannot state
// faithfully (Upload traits, tags the repository cannot name) is left out,
// which the format reads as unmanaged, and listed in Result.Notes.
// Organization and type attributes, and field flags, are written by
// walking the tables of package attrs, under the repository's names.
package export
