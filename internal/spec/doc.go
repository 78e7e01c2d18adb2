// Package spec loads a glue-sync documentation repository (YAML files
// describing IT Glue organizations, flexible asset types and flexible
// assets by name) into a typed desired state.
//
// It owns the file format: reading files through an fs.FS (a directory
// today, a git tree later), parsing YAML with source positions, validating
// each document against the embedded JSON Schemas (package schemas),
// checking references across files, and reporting every problem at once as
// sorted, positioned Diagnostics.
//
// Files are parsed in parallel, in two rounds so that no asset's YAML node
// tree outlives its document: first the files that may declare a flexible
// asset type (and glue-sync.yaml), then the others, one document at a
// time, each asset's traits converted as soon as its document is parsed.
// A document equal, for its
// schema, to one that already passed is not validated again. CountsOnly
// drops trait values as it goes, for callers that need only diagnostics
// and counts (glue-sync validate).
//
// spec does no network IO and resolves nothing against a live account: names
// stay names, and secrets stay references (SecretRef) until the reconciler
// resolves them at plan or apply time.
//
// The central rule of the desired state is that nil means unmanaged: an
// optional attribute that the YAML does not state is a nil pointer, and the
// reconciler must leave the live value alone.
package spec
