package cli

// Internals that the tests of package cli_test (which run the command line
// through internal/clitest) look at.

// GhData and GhProp are the GitHub workflow-command escapes of validate.
var GhData, GhProp = ghData, ghProp

// ValidateJSON is the validate --format json document.
type ValidateJSON = validateJSON

// CommittedExampleGit is a git repository holding examples/repo,
// committed, copied from one made once per test binary, and the commit.
var CommittedExampleGit = committedExampleGit
