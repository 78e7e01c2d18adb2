// Package github is the small GitHub REST client glue-sync's "github"
// commands need: issue and pull-request comments (listed page by page
// through the Link header, created, edited), the pull requests of a
// commit, and issues found by label (created, updated, closed).
//
// Every call takes a context first and returns an *Error for an HTTP
// failure, which names the request, the status, GitHub's message and, for
// 403 and 404, the workflow permission the call needs (for example
// "pull-requests: write"). The token is sent only to the configured API
// host and never appears in an error or any other output: GitHub's own
// messages are sanitised and scrubbed of it. A base URL with a path
// (GitHub Enterprise Server's https://HOST/api/v3) is kept in front of
// every request path.
package github
