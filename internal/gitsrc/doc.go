// Package gitsrc reads a glue-sync repository from a git commit instead of
// the work tree: it opens the git repository holding a directory, resolves
// a revision (a branch, tag, HEAD~1, short hash or origin/main) to a
// commit, and exposes that commit's tree as a read-only fs.FS that
// spec.Load can read. It also finds the merge base of two revisions, for
// planning the base and head of a pull request.
//
// Errors say what to do: a directory outside any git repository, an
// unknown revision (how to fetch it), and a shallow clone that lacks the
// commit (fetch the full history; fetch-depth: 0 for actions/checkout).
//
// The package reads only through go-git; it never runs the git binary and
// never writes to the repository.
package gitsrc
