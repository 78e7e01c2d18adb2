// Package guard owns apply's pre-flight checks: the fingerprints a plan
// holds for the live objects it updates or deletes, the check that an
// object did not change since the plan was made, and the check that the
// objects a saved plan would create do not exist yet.
//
// Fingerprints. reconcile fills each change's plan.Guard from the live
// object it compared (Organization, AssetType, Field, Asset, or
// FieldOrder for a reorder of a type's fields): the object's updated-at
// and a hash of what a change compares or writes back, normalised like
// the comparison (Tag traits as sorted ids, text without trailing
// whitespace), and nothing server-owned. Organizations, types and fields
// hash every attribute of their table in package attrs, so an attribute
// added there is part of the stale check without further code.
//
// Stale checks. CheckAll re-reads every guarded object of a plan through
// the small API interface declared here (lists where they cost fewer
// requests than one GET per object, see reread.go) and returns a typed
// Verdict per change: Fresh, Stale (with the reason a user reads) or
// Unchecked (the re-read or the plan's guard failed). Check judges one
// change against one re-read object, described by a Live value built with
// the same functions as the fingerprints, so the planner and the check
// cannot drift apart. A guard without a hash is refused, never checked
// more weakly.
//
// Create conflicts. CreatedSince lists the creates of a saved plan whose
// object exists now (IT Glue has no idempotent create), as Conflicts.
//
// The package may import client and plan, and nothing that imports it:
// reconcile uses it to fill plan.Guard, apply to check before writing.
// ClientAPI adapts a *client.Client to API. See docs/apply.md.
package guard
