// Package attrs holds one table per object kind (organization, flexible
// asset type, flexible asset field) of the attributes glue-sync compares
// and writes: the name a user writes in the repository (quickNotes,
// showInList), the name the API uses (quick-notes, show-in-list), the
// accessor on the client's live struct and on its write struct, and the
// compare rule (text normalised, bool, integer, reference, exact).
//
// The tables drive reconcile's diff (diff paths are the repository
// spelling), apply's write bodies, guard's fingerprints (every attribute of
// a table is fingerprinted, so a forgotten one cannot silently weaken the
// stale check) and export's documents.
//
// Why a package of its own: the tables name client structs, so they
// belong on the client side of the one-way flow (spec -> reconcile ->
// plan <- apply), yet guard (which must not import reconcile) needs them
// as much as reconcile, apply and export do. attrs imports only client;
// it never imports spec, so the desired-side accessors (spec's structs)
// stay in reconcile, keyed by the YAML names of these tables. The sandbox
// does not use the tables: it shares no code with the client.
package attrs
