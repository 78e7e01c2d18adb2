// Package sandbox is an in-memory server that speaks the subset of the IT
// Glue REST API glue-sync uses: organizations with their types and statuses,
// flexible asset types, fields and assets, and the objects Tag traits point
// at (configurations, contacts, locations, domains, passwords).
//
// It is written from the API facts alone and shares no code with the client,
// so that a misreading on either side shows up as a failing test. It follows
// the JSON:API conventions of the real service (string data ids, kebab-case
// answers, snake- or kebab-case input), its pagination, filter and sort
// rules, its validation (name-keys, unique field names and orders, trait
// checks, PATCH replacing the whole trait set) and its limits (x-api-key,
// the rate limit, the 10 MB body limit). Faults (latency, 429s, 5xx, dropped
// connections) can be injected deterministically for tests.
//
// Where the API documentation leaves the behaviour open, the default profile
// takes the convenient reading; ProfilePessimistic takes the least
// convenient one the documentation allows (Options.Profile).
//
// A Server is an http.Handler. Use sandboxtest.Start in tests and
// "glue-sync sandbox" from the command line; see docs/sandbox.md.
package sandbox
