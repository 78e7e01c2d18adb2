// Package githubtest is an in-process fake of the parts of GitHub's REST
// API that glue-sync uses (issue comments, issues, the pull requests of a
// commit), for tests. It can be mounted under a path prefix like GitHub
// Enterprise Server's /api/v3, pages lists through the Link header, and
// fails chosen requests with chosen statuses.
package githubtest
