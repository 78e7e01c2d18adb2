package render

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// keptPlan updates Seats on an asset with two Password traits that stay
// as they are: one the repository states, one it does not.
func keptPlan() *plan.Plan {
	return &plan.Plan{FormatVersion: plan.FormatVersion, Changes: []plan.Change{{
		ID: "flexible-asset/Acme/Server/web01", Action: plan.Update, Kind: plan.KindAsset, Organization: "Acme",
		AssetType: "Server", Name: "web01", LiveID: 7,
		Diffs: []plan.Diff{{Path: "traits.Seats", Before: json.RawMessage(`10`), After: json.RawMessage(`12`)}},
		Write: &plan.Write{SendTraits: true, Traits: map[string]json.RawMessage{"seats": json.RawMessage(`12`)},
			Secrets: map[string]plan.SecretSource{
				"admin-password": {Env: "WEB_PW", Keep: true, PasswordID: 9001, Field: "Admin Password"},
				"root-password":  {Keep: true, PasswordID: 9002, Field: "Root\x1b[2J Password"},
			}},
	}}}
}

// TestKeptSecretsAreExplained: a plan says how apply will keep each
// Password trait an update sends again, in text and in Markdown, and
// never shows the ids it reads back as.
func TestKeptSecretsAreExplained(t *testing.T) {
	outputs := map[string]string{
		"text":     renderText(t, keptPlan(), TextOptions{}),
		"markdown": renderMD(t, keptPlan(), MarkdownOptions{}),
	}
	for name, out := range outputs {
		for _, want := range []string{
			"traits.Admin Password: kept: apply sends $WEB_PW when set, else reads it through IT Glue's passwords API",
			"traits.Root\\x1b[2J Password: kept: apply reads it through IT Glue's passwords API (the key needs Password Access)",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%s plan lacks %q:\n%s", name, want, out)
			}
		}
		for _, bad := range []string{"9001", "9002", "\x1b"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s plan shows %q:\n%s", name, bad, out)
			}
		}
	}
}
