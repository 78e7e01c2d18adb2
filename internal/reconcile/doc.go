// Package reconcile compares the desired state of a repository (package
// spec) with a live IT Glue account and computes a plan (package plan).
//
// It works in two steps. ReadLive reads everything the plan needs from the
// account once, in bulk (one list per resource, 1000 objects a page, narrowed
// to the organizations in scope when that saves requests), into a Live
// snapshot. Compute then compares the snapshot with the desired state
// without any IO: it matches objects (organizations and types by pinned id,
// name or a previous name; fields by name within their type; assets by
// organization, type and identity), normalises live values so that a
// repository matching the account gives no changes, resolves Tag references
// by name to live ids or to changes earlier in the same plan, orders the
// changes (types and fields, organizations, assets in tag order), applies
// the prune policy and its thresholds, and fingerprints every live object
// it touches (with package guard) so that apply can refuse stale ones.
// Compute runs as phases (index the live state, targets, types and fields,
// organizations, assets, prune, order), each a function from the results
// of the ones before to its own result; docs/reconcile.md lists their
// inputs and outputs.
//
// Attributes are compared by walking the tables of package attrs; diff
// paths use the repository's spelling (quickNotes, fields.Type.showInList).
//
// The API the package needs is the small API interface, declared here;
// ClientAPI adapts a *client.Client to it.
//
// Secrets: Compute never reads a password. It only asks Options.LookupEnv
// whether the environment variable a Password trait names is set. See
// docs/reconcile.md for every normalisation rule and decision.
package reconcile
