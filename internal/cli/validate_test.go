package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/clitest"
)

// brokenRepo writes a repository with one unknown trait key and one
// unknown organization, and returns its directory.
func brokenRepo(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	doc := `kind: FlexibleAssetType
name: Email
fields:
  - {name: Type, kind: Select, options: [Cloud, On-Premises], useForTitle: true, showInList: true}
---
kind: Organization
name: Contoso
---
kind: FlexibleAsset
organization: Contoso
type: Email
traits:
  Type: Cloud
  select: Cloud
---
kind: FlexibleAsset
organization: Contosso
type: Email
traits:
  Type: On-Premises
`
	if err := os.WriteFile(filepath.Join(dir, "repo.yaml"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestValidateExampleRepo(t *testing.T) {
	t.Parallel()
	code, out, errOut := clitest.Run(t, nil, "validate", "../../examples/repo").Outputs()
	if code != cli.ExitOK {
		t.Fatalf("validate examples/repo = %d; want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if out != "" {
		t.Errorf("stdout = %q; want nothing for a clean repo", out)
	}
	want := "validated 12 files and 2 Markdown: 3 organizations, 4 types, 21 assets\n"
	if errOut != want {
		t.Errorf("stderr = %q; want %q", errOut, want)
	}
}

func TestValidateFormats(t *testing.T) {
	t.Parallel()
	dir := brokenRepo(t)
	file := filepath.ToSlash(filepath.Join(dir, "repo.yaml"))
	tests := []struct {
		format     string
		wantOut    string
		wantStderr string
	}{
		{"text", file + `:14:3: trait "select": type "Email" has no such field (its fields are: Type)` + "\n" +
			file + `:17:15: organization: unknown organization "Contosso" (did you mean "Contoso"?)` + "\n", "2 errors\n"},
		{"github", "::error file=" + cli.GhProp(file) + `,line=14,col=3::trait "select": type "Email" has no such field (its fields are: Type)` + "\n" +
			"::error file=" + cli.GhProp(file) + `,line=17,col=15::organization: unknown organization "Contosso" (did you mean "Contoso"?)` + "\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			code, out, errOut := clitest.Run(t, nil, "validate", "--format", tt.format, dir).Outputs()
			if code != cli.ExitError {
				t.Errorf("exit code = %d; want %d", code, cli.ExitError)
			}
			if out != tt.wantOut {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, tt.wantOut)
			}
			if errOut != tt.wantStderr {
				t.Errorf("stderr = %q; want %q", errOut, tt.wantStderr)
			}
		})
	}
}

func TestValidateJSON(t *testing.T) {
	t.Parallel()
	code, out, _ := clitest.Run(t, nil, "validate", "--format", "json", brokenRepo(t)).Outputs()
	if code != cli.ExitError {
		t.Errorf("exit code = %d; want %d", code, cli.ExitError)
	}
	var got cli.ValidateJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, out)
	}
	if got.Valid || got.Files != 1 || got.Organizations != 1 || got.Assets != 2 || len(got.Diagnostics) != 2 {
		t.Errorf("got %+v; want invalid, 1 file, 1 organization, 2 assets, 2 diagnostics", got)
	}
	if d := got.Diagnostics[0]; d.Pos.Line != 14 || d.Pos.Col != 3 || d.Severity != "error" {
		t.Errorf("first diagnostic = %+v; want an error at line 14 col 3", d)
	}
	// Versioned, with the plan's key style (snake_case).
	var keys map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &keys); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"format_version", "valid", "files", "organizations", "asset_types", "assets", "diagnostics"} {
		if _, ok := keys[k]; !ok {
			t.Errorf("validate JSON has no %q key: %s", k, out)
		}
	}
	if v := string(keys["format_version"]); v != `"2.0"` {
		t.Errorf("format_version = %s; want \"2.0\"", v)
	}
}

func TestValidateBadFormat(t *testing.T) {
	t.Parallel()
	code, _, errOut := clitest.Run(t, nil, "validate", "--format", "xml", ".").Outputs()
	if code != cli.ExitError || !strings.Contains(errOut, `unknown --format "xml"`) {
		t.Errorf("code %d, stderr %q; want 1 and an unknown-format error", code, errOut)
	}
}

func TestValidateMissingDir(t *testing.T) {
	t.Parallel()
	code, out, _ := clitest.Run(t, nil, "validate", filepath.Join(t.TempDir(), "nope")).Outputs()
	if code != cli.ExitError || !strings.Contains(out, "nope") {
		t.Errorf("code %d, stdout %q; want 1 and an error naming the folder", code, out)
	}
}

// TestValidateGitHubEscaping checks the workflow-command escaping GitHub
// requires: %, CR and LF in the message; those and : and , in properties.
func TestValidateGitHubEscaping(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, data, prop string }{
		{"plain", "plain", "plain"},
		{"100% sure", "100%25 sure", "100%25 sure"},
		{"a\r\nb", "a%0D%0Ab", "a%0D%0Ab"},
		{"C:\\repo,x", "C:\\repo,x", "C%3A\\repo%2Cx"},
		{"%0A", "%250A", "%250A"},
	}
	for _, tt := range tests {
		if got := cli.GhData(tt.in); got != tt.data {
			t.Errorf("cli.GhData(%q) = %q; want %q", tt.in, got, tt.data)
		}
		if got := cli.GhProp(tt.in); got != tt.prop {
			t.Errorf("cli.GhProp(%q) = %q; want %q", tt.in, got, tt.prop)
		}
	}

	dir := filepath.Join(t.TempDir(), "a,b:c%d")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	doc := "kind: Organization\nname: Contoso\nparent: 100% Holdings\n"
	if err := os.WriteFile(filepath.Join(dir, "orgs.yaml"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := clitest.Run(t, nil, "validate", "--format", "github", dir).Outputs()
	escaped := strings.NewReplacer("%", "%25", ":", "%3A", ",", "%2C").Replace(filepath.ToSlash(dir))
	want := "::error file=" + escaped + "/orgs.yaml,line=3,col=9::parent: unknown organization \"100%25 Holdings\"" +
		" (declare it with kind: Organization)\n"
	if code != cli.ExitError || out != want {
		t.Errorf("exit %d, stdout:\n%q\nwant 1 and:\n%q", code, out, want)
	}
}

// TestValidateEscapesFileNames checks that a file name holding a line
// break or an escape sequence cannot forge a GitHub workflow command or act
// on the terminal, in the default text output or with --format github.
func TestValidateEscapesFileNames(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("file names cannot hold control characters on Windows")
	}
	dir := t.TempDir()
	name := "a\n::error file=README.md,line=1::forged\x1b[2J.yaml"
	doc := "kind: Organization\nname: Contoso\nparent: Nobody\n"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "github"} {
		code, out, errOut := clitest.Run(t, nil, "validate", "--format", format, dir).Outputs()
		if code != cli.ExitError {
			t.Errorf("%s: exit %d; want 1", format, code)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 1 || strings.Contains(out+errOut, "\x1b") {
			t.Errorf("%s: stdout = %q; want one line without raw control characters", format, out)
		}
		if format == "text" && strings.Contains(out, "::error") && !strings.Contains(out, `a\n::error`) {
			t.Errorf("text: stdout = %q; want the line break shown as \\n", out)
		}
	}
}
