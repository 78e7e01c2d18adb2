package spec

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

func TestCheckSecretEnv(t *testing.T) {
	prefix := SecretsPolicy{EnvPrefix: "ITG_PW_"}
	both := SecretsPolicy{EnvPrefix: "ITG_PW_", EnvNames: []string{"LEGACY_DC_PASSWORD"}}
	tests := []struct {
		name   string
		policy SecretsPolicy
		want   string // a part of the error; "" for none
	}{
		{"CONTOSO_DC_ADMIN", SecretsPolicy{}, ""},
		{"ITG_PW_CONTOSO", prefix, ""},
		{"LEGACY_DC_PASSWORD", both, ""},
		{"ITGLUE_API_KEY", SecretsPolicy{}, "ITGLUE_* variables"},
		{"ITGLUE_API_KEY_FILE", SecretsPolicy{}, "ITGLUE_*"},
		{"GLUE_SYNC_DEBUG", SecretsPolicy{}, "GLUE_SYNC_*"},
		{"GITHUB_TOKEN", SecretsPolicy{}, "GITHUB_*"},
		{"github_token", SecretsPolicy{}, "GITHUB_*"}, // Windows reads it case-blind
		{"ACTIONS_ID_TOKEN_REQUEST_TOKEN", SecretsPolicy{}, "ACTIONS_*"},
		{"ACTIONS_RUNTIME_TOKEN", SecretsPolicy{}, "ACTIONS_*"},
		{"RUNNER_TEMP", SecretsPolicy{}, "RUNNER_*"},
		{"INPUT_API_KEY", SecretsPolicy{}, "INPUT_*"},
		{"CI_JOB_TOKEN", SecretsPolicy{}, "CI_*"},
		{"SYSTEM_ACCESSTOKEN", SecretsPolicy{}, "SYSTEM_*"},
		{"AWS_SECRET_ACCESS_KEY", SecretsPolicy{}, "AWS_*"},
		{"AZURE_CLIENT_SECRET", SecretsPolicy{}, "AZURE_*"},
		{"ARM_CLIENT_SECRET", SecretsPolicy{}, "ARM_*"},
		{"GOOGLE_APPLICATION_CREDENTIALS", SecretsPolicy{}, "GOOGLE_*"},
		{"NPM_TOKEN", SecretsPolicy{}, "NPM_*"},
		{"GH_TOKEN", SecretsPolicy{}, "GH_TOKEN belongs"},
		{"NODE_AUTH_TOKEN", SecretsPolicy{}, "NODE_AUTH_TOKEN belongs"},
		{"HOME", SecretsPolicy{}, "HOME belongs"},
		{"GITHUB_TOKEN", SecretsPolicy{EnvNames: []string{"GITHUB_TOKEN"}}, "GITHUB_*"}, // an allow-list cannot lift the denylist
		{"CONTOSO_DC_ADMIN", prefix, "names must start with ITG_PW_"},
		{"itg_pw_contoso", prefix, "names must start with ITG_PW_"}, // the prefix is exact
		{"OTHER", both, "start with ITG_PW_ or be listed in secrets.envNames"},
		{"1BAD", SecretsPolicy{}, "not an environment variable name"},
		{"A-B", SecretsPolicy{}, "not an environment variable name"},
		{"", SecretsPolicy{}, "not an environment variable name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckSecretEnv(tt.name, tt.policy)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("CheckSecretEnv(%q) = %v; want nil", tt.name, err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("CheckSecretEnv(%q) = %v; want an error containing %q", tt.name, err, tt.want)
			}
		})
	}
}

// TestSecretsEnvPrefix checks that secrets.envPrefix in glue-sync.yaml
// is enforced at the {env:} node's position, and that a name it allows
// loads.
func TestSecretsEnvPrefix(t *testing.T) {
	fsys := baseFS(t)
	fsys[ConfigFile] = &fstest.MapFile{Data: []byte("version: 1\nsecrets: {envPrefix: ITG_PW_, envNames: [LEGACY_PW]}\n")}
	fsys["case.yaml"] = &fstest.MapFile{Data: []byte(`kind: FlexibleAsset
organization: Contoso
type: Server
traits:
  Hostname: CON-FS01
  Admin Password: {env: ITG_PW_FS01}
---
kind: FlexibleAsset
organization: Contoso
type: Server
traits:
  Hostname: CON-FS02
  Admin Password: {env: LEGACY_PW}
---
kind: FlexibleAsset
organization: Contoso
type: Server
traits:
  Hostname: CON-FS03
  Admin Password: {env: FS03_ADMIN}
`)}
	ds, diags := Load(context.Background(), fsys, ".")
	want := `case.yaml:20:19: trait "Admin Password": {env: FS03_ADMIN} is not allowed by secrets: in glue-sync.yaml, ` +
		"where names must start with ITG_PW_ or be listed in secrets.envNames: rename the variable, or add it there\n"
	if got := diags.String(); got != want {
		t.Fatalf("diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if ds.Config.Secrets.EnvPrefix != "ITG_PW_" || len(ds.Config.Secrets.EnvNames) != 1 {
		t.Errorf("secrets = %+v", ds.Config.Secrets)
	}
}
