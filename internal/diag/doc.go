// Package diag is the one diagnostics type of glue-sync: a problem found
// while loading a repository (package spec, glue-sync validate) or while
// planning (package reconcile, in plan.Plan.Diagnostics), with its
// severity, its position in the repository when it has one, what is wrong
// and what to do about it.
//
// spec and plan alias its types (spec.Diagnostic and plan.Diagnostic are
// diag.Diagnostic), so a warning found while loading and one found while
// planning are the same value, render the same way and serialise the same
// way: {"severity", "source" ("file:line:col"), "pos" ({"file", "line",
// "col"}), "message", "hint"}. Plans before format 1.3 held "source" only;
// decoding one reads the position back from it.
package diag
