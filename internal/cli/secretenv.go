package cli

import (
	"fmt"
	"strings"
)

// checkSecretEnv says why a Password trait may not read the environment
// variable name, or nil: the variables glue-sync itself reads (the API key
// above all) and the ones CI runners hold their own credentials in must
// never be written into IT Glue. A saved plan's names pass through it
// before apply sends anything.
//
// It is the one place this list lives in the cli; validate gets its own
// check in package spec, and this function is to call that one when it
// exists, so that validate and apply agree.
func checkSecretEnv(name string) error {
	upper := strings.ToUpper(name)
	for _, exact := range deniedEnv {
		if upper == exact {
			return fmt.Errorf("%s holds a CI or glue-sync credential, never a password to store: name a variable of your own, such as ACME_ADMIN_PASSWORD", name)
		}
	}
	for _, prefix := range deniedEnvPrefixes {
		if strings.HasPrefix(upper, prefix) {
			return fmt.Errorf("%s is a %s* variable, which CI or glue-sync keeps for itself, never a password to store: name a variable of your own, such as ACME_ADMIN_PASSWORD", name, prefix)
		}
	}
	return nil
}

// deniedEnvPrefixes are the prefixes of glue-sync's own and CI runners'
// variables.
var deniedEnvPrefixes = []string{
	"ITGLUE_", "GLUE_SYNC_", "GITHUB_", "ACTIONS_", "RUNNER_", "CI_", "GITLAB_", "BUILDKITE_", "CIRCLE_",
	"TRAVIS_", "BITBUCKET_", "AWS_", "AZURE_", "GOOGLE_", "ARM_", "VAULT_",
}

// deniedEnv are single variables that hold credentials in common CI setups.
var deniedEnv = []string{
	"GH_TOKEN", "GITEA_TOKEN", "NPM_TOKEN", "NODE_AUTH_TOKEN", "DOCKER_PASSWORD", "DOCKER_AUTH_CONFIG",
	"CODECOV_TOKEN", "SONAR_TOKEN", "SYSTEM_ACCESSTOKEN",
}
