// Package apply carries out a plan: it walks a *plan.Plan's changes in
// order and performs each change's Write through the IT Glue client.
//
// Per change, Apply
//   - skips it when a change it depends on did not succeed;
//   - for updates and deletes, re-reads the live object and refuses it as
//     stale when it no longer matches the plan's Guard (updated-at and a
//     hash of the compared values), while the other changes go ahead; the
//     objects are re-read with lists, one GET each only where that costs
//     fewer requests (package guard does the re-reads and the comparison);
//   - sends ready asset updates in bulk PATCHes and ready asset creates of
//     one organization in one POST, keeping one result per change;
//   - resolves references to objects created earlier in the same run
//     (plan.Ref{Change: ...}) to their new ids;
//   - reads Password values from the environment at that moment, never
//     earlier, never into anything it prints;
//   - creates through the client's CreateSafe helpers, so that a POST whose
//     outcome is unknown is never blindly repeated.
//
// Write bodies are built from the attribute tables of package attrs: a
// plan attribute no table knows is refused, never silently dropped.
//
// Apply talks to IT Glue through the small API interface declared here
// (guard.API's reads plus the writes); ClientAPI adapts a *client.Client,
// and tests may supply a fake.
//
// Apply runs in phases (preflight, guards, writes in plan order, the
// duplicate sweep, the report); docs/apply.md lists what each reads and
// produces.
//
// Every change ends up in the Report as applied, failed, skipped, stale or
// not attempted (after a cancellation). Re-running plan and apply starts
// from what remains: the plan of a converged account is empty.
package apply
