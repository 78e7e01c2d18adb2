// Package reposeed derives, for tests, the sandbox seed of the account a
// repository describes, so that a test states its account once (as the
// repository) instead of twice (a snake_case seed next to camelCase YAML
// that must be kept in step by hand).
//
// Organizations, flexible asset types and fields are written attribute by
// attribute through the tables of package attrs, each under its seed key
// (Key); their values are read from the loaded repository by the names
// package spec gives them, not through reconcile's accessors, so a test
// comparing the seeded account with the repository still catches an
// accessor that reads the wrong field. Assets' traits are written by field
// kind: Tag traits as the tagged objects' names, Passwords from Options.Env,
// Uploads from Options.Files. What a repository cannot state (the objects
// tags name, objects outside the managed scope) comes from Options.Extra,
// and values the account holds in another spelling from Options.Live.
//
// Like package clitest it is test support: no command imports it.
package reposeed
