// Package schemas embeds glue-sync's JSON Schemas (draft 2020-12): one per
// document kind, one for the repository configuration, and
// document.schema.json, which accepts any document kind. Editors use the
// same files through the yaml-language-server $schema comment.
package schemas
