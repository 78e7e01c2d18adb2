package cli

import "github.com/glue-sync/glue-sync/internal/spec"

// checkSecretEnv says why a Password trait may not read the environment
// variable name, or nil: validate's rule (spec.CheckSecretEnv's denylist of
// glue-sync's own, CI and cloud credentials), applied to a saved plan's
// names before apply sends anything. A plan file does not carry the
// repository's secrets: allow-list, so only the denylist applies here.
func checkSecretEnv(name string) error { return spec.CheckSecretEnv(name, spec.SecretsPolicy{}) }
