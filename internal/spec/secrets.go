package spec

import (
	"fmt"
	"strings"
)

// SecretsPolicy is glue-sync.yaml's secrets: section: which environment
// variables Password traits ({env: NAME}) may read. Its zero value allows
// any name that is not denied (see CheckSecretEnv).
type SecretsPolicy struct {
	// Pos is the secrets: section's position (zero when absent).
	Pos Pos `json:"pos"`
	// EnvPrefix, when set, is a prefix every name must start with (e.g.
	// ITG_PW_), so that a repository can read only variables set for it.
	EnvPrefix string `json:"envPrefix,omitempty"`
	// EnvNames, when set, are names allowed besides those with EnvPrefix.
	EnvNames []string `json:"envNames,omitempty"`
}

// restricted reports whether the policy allows only some names.
func (p SecretsPolicy) restricted() bool { return p.EnvPrefix != "" || len(p.EnvNames) > 0 }

// deniedEnvPrefixes are the prefixes of environment variables that hold
// glue-sync's own settings, the CI system's tokens and context, or cloud
// credentials: a repository that could name them in {env: ...} would have
// apply copy them into IT Glue, where the repository's author could read
// them. Compared without regard to case (Windows ignores it).
var deniedEnvPrefixes = []string{
	"ITGLUE_", "GLUE_SYNC_", // glue-sync's own: the API key, its file, the base URL
	"GITHUB_", "ACTIONS_", "RUNNER_", "INPUT_", "STATE_", // GitHub Actions (INPUT_* are action inputs)
	"CI_", "GITLAB_", // GitLab CI (CI_JOB_TOKEN, ...)
	"SYSTEM_", "AGENT_", // Azure Pipelines (SYSTEM_ACCESSTOKEN)
	"BITBUCKET_", "CIRCLE_", "TRAVIS_", "BUILDKITE_", "DRONE_", "JENKINS_", "TEAMCITY_", "APPVEYOR_",
	"AWS_", "AZURE_", "ARM_", "GOOGLE_", "GCLOUD_", "GCP_", "CLOUDSDK_", // cloud credentials
	"VAULT_", "DOCKER_", "NPM_", "SSH_", "GPG_", "GNUPG", "KUBE", "TF_TOKEN_",
}

// deniedEnvNames are single well-known token variables not covered by a
// prefix.
var deniedEnvNames = []string{
	"CI", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "NODE_AUTH_TOKEN", "PYPI_TOKEN", "TWINE_USERNAME", "TWINE_PASSWORD",
	"CARGO_REGISTRY_TOKEN", "NUGET_API_KEY", "CODECOV_TOKEN", "SONAR_TOKEN", "SNYK_TOKEN", "HEROKU_API_KEY",
	"DIGITALOCEAN_ACCESS_TOKEN", "CLOUDFLARE_API_TOKEN", "SLACK_TOKEN", "SLACK_WEBHOOK_URL", "DATABASE_URL",
	"HOME", "PATH", "USER", "SHELL", "PWD",
}

// DeniedEnvPrefixes returns a copy of the denied prefixes, for
// documentation and tests.
func DeniedEnvPrefixes() []string { return append([]string(nil), deniedEnvPrefixes...) }

// CheckSecretEnv is THE rule for the environment variable a Password
// trait's {env: NAME} may name; the loader applies it to every repository,
// and the plan-file check must apply it to every secret a plan file names,
// with the policy of the repository the plan was made from (or the zero
// policy). A name must be a variable name (letters, digits and _, not
// starting with a digit), must not be one of glue-sync's own variables,
// the CI system's (GITHUB_*, ACTIONS_*, RUNNER_*, CI_JOB_TOKEN, ...) or a
// cloud's credentials (AWS_*, AZURE_*, GOOGLE_*, ...), compared without
// regard to case; and when policy restricts names (envPrefix, envNames),
// it must be allowed by it. The error says what to do; it names the
// variable, never its value.
func CheckSecretEnv(name string, policy SecretsPolicy) error {
	if !envName.MatchString(name) {
		return fmt.Errorf("%q is not an environment variable name (letters, digits and _, not starting with a digit)", name)
	}
	if why := deniedEnv(name); why != "" {
		return fmt.Errorf("{env: %s}: %s, which a repository may not read (apply would copy the value into IT Glue); "+
			"keep each password in a variable of its own, e.g. ITG_PW_CONTOSO_DC_ADMIN (secrets.envPrefix in glue-sync.yaml can require that prefix)",
			name, why)
	}
	if !policy.restricted() || (policy.EnvPrefix != "" && strings.HasPrefix(name, policy.EnvPrefix)) {
		return nil
	}
	for _, n := range policy.EnvNames {
		if n == name {
			return nil
		}
	}
	var allowed []string
	if policy.EnvPrefix != "" {
		allowed = append(allowed, "start with "+policy.EnvPrefix)
	}
	if len(policy.EnvNames) > 0 {
		allowed = append(allowed, "be listed in secrets.envNames")
	}
	return fmt.Errorf("{env: %s} is not allowed by secrets: in glue-sync.yaml, where names must %s: rename the variable, or add it there",
		name, strings.Join(allowed, " or "))
}

// deniedEnv says why name is denied ("" when it is not).
func deniedEnv(name string) string {
	upper := strings.ToUpper(name)
	for _, p := range deniedEnvPrefixes {
		if strings.HasPrefix(upper, p) {
			return p + "* variables belong to glue-sync, the CI system or a cloud"
		}
	}
	for _, n := range deniedEnvNames {
		if upper == n {
			return n + " belongs to the CI system or the shell"
		}
	}
	return ""
}

// checkSecretsPolicy refuses a policy whose prefix or names are denied
// themselves: every name it allowed would be refused.
func (l *loader) checkSecretsPolicy(p SecretsPolicy, prefixPos Pos, namePos []Pos) {
	if envName.MatchString(p.EnvPrefix) {
		if why := deniedEnv(p.EnvPrefix + "X"); why != "" {
			l.errHint(prefixPos, "choose a prefix of your own, e.g. ITG_PW_",
				"secrets.envPrefix %s: %s, which a repository may not read", p.EnvPrefix, why)
		}
	}
	for i, n := range p.EnvNames {
		if why := deniedEnv(n); why != "" && i < len(namePos) {
			l.errHint(namePos[i], "remove it, and keep each password in a variable of its own",
				"secrets.envNames: %s, which a repository may not read", why)
		}
	}
}
