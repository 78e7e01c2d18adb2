// Package render shows a plan.Plan to people and machines: Text for a
// terminal, Markdown for a pull-request comment and JSON for tools.
//
// Rendering is separate from computing: render only reads a plan, never
// changes it and never talks to IT Glue. Every renderer is deterministic (no
// timestamps, stable order) and none of them ever prints a sensitive value:
// a Sensitive diff, or a diff of a trait that the change's Write names as a
// secret, is shown only as "changed", and JSON output drops its values, even
// if a malformed plan carried them.
package render
