package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/glue-sync/glue-sync/internal/spec"
	"github.com/glue-sync/glue-sync/internal/textsafe"
)

// validateFormats are validate's --format values, the default first.
var validateFormats = []string{"text", "github", "json"}

// validateOptions are the validate command's flags and argument.
type validateOptions struct {
	dir    string
	format string
	ref    string
}

func newValidateCmd(d *deps) *cobra.Command {
	opts := &validateOptions{}
	cmd := &cobra.Command{
		Use:   "validate [DIR]",
		Short: "Check a repository's YAML files without contacting IT Glue",
		Long: `validate reads every *.yaml and *.yml file under DIR (default: the current
directory) and reports every problem at once, sorted, as file:line:col: message.
It exits 0 when there are no errors and 1 otherwise. Nothing is sent to IT Glue.

--format github prints GitHub Actions annotations (::error file=...,line=...,col=...::);
--format json prints {"valid":..., "files":..., "diagnostics":[...]} for machines
(docs/format.md describes every field). The exit code is the same in every format.

--ref REV reads DIR as it is in that git commit (a branch, tag, HEAD~1,
origin/main or hash) instead of the files on disk, which stay untouched;
positions then name files by their path from the git repository's root.`,
		Example: `  # check the repository in the current folder
  $ glue-sync validate

  # annotate a pull request's files in GitHub Actions
  $ glue-sync validate --format github .

  # check the repository as it was one commit ago
  $ glue-sync validate --ref HEAD~1 examples/repo`,
		Args: optionalArg("DIR"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = dirArg(args)
			if err := checkFormat(cmd, opts.format, validateFormats...); err != nil {
				return err
			}
			return runValidate(d, opts)
		},
	}
	formatFlag(cmd, &opts.format, "", validateFormats...)
	cmd.Flags().StringVar(&opts.ref, "ref", "", refFlagHelp)
	return cmd
}

// runValidate loads the repository and prints its diagnostics.
func runValidate(d *deps, opts *validateOptions) error {
	opts.dir = discoverRepo(d, opts.dir)
	// Validate prints diagnostics and counts only: trait values need not stay in memory.
	ds, diags, _, err := loadSource(d, opts.dir, opts.ref, spec.CountsOnly())
	if err != nil {
		return withExitCode(ExitError, err)
	}
	if err := checkInterrupted(d); err != nil {
		return err
	}
	switch opts.format {
	case "json":
		err = writeValidateJSON(d.io.Out, ds, diags)
	case "github":
		err = writeValidateGitHub(d.io.Out, diags)
	default:
		_, err = io.WriteString(d.io.Out, diags.String())
		if err == nil {
			err = writeValidateSummary(d.io.ErrOut, ds, diags)
		}
	}
	if err != nil {
		return fmt.Errorf("writing diagnostics: %w", err)
	}
	if diags.HasErrors() {
		return withExitCode(ExitError, nil)
	}
	return nil
}

func writeValidateSummary(w io.Writer, ds *spec.DesiredState, diags spec.Diagnostics) error {
	if n := diags.Errors(); n > 0 {
		_, err := fmt.Fprintf(w, "%d %s\n", n, plural(n, "error", "errors"))
		return err
	}
	count := func(n int, one, many string) string { return fmt.Sprintf("%d %s", n, plural(n, one, many)) }
	files := count(ds.Files, "file", "files")
	if ds.MarkdownFiles > 0 {
		files += fmt.Sprintf(" and %d Markdown", ds.MarkdownFiles)
	}
	_, err := fmt.Fprintf(w, "validated %s: %s, %s, %s\n", files,
		count(len(ds.Organizations), "organization", "organizations"), count(len(ds.AssetTypes), "type", "types"),
		count(len(ds.Assets), "asset", "assets"))
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// writeValidateGitHub prints one workflow command per diagnostic.
func writeValidateGitHub(w io.Writer, diags spec.Diagnostics) error {
	for _, dg := range diags {
		level := "error"
		if dg.Severity == spec.SeverityWarning {
			level = "warning"
		}
		props := "file=" + ghProp(textsafe.Line(dg.Pos.File))
		if dg.Pos.Line > 0 {
			props += fmt.Sprintf(",line=%d,col=%d", dg.Pos.Line, dg.Pos.Col)
		}
		msg := dg.Message
		if dg.Hint != "" {
			msg += " (" + dg.Hint + ")"
		}
		if _, err := fmt.Fprintf(w, "::%s %s::%s\n", level, props, ghData(textsafe.Line(msg))); err != nil {
			return err
		}
	}
	return nil
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command's property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// validateFormatVersion is the version of validate's JSON document; its
// keys are snake_case like the plan's (docs/format.md, Diagnostics).
const validateFormatVersion = "2.0"

// validateJSON is the --format json document.
type validateJSON struct {
	FormatVersion string            `json:"format_version"`
	Valid         bool              `json:"valid"`
	Files         int               `json:"files"`
	MarkdownFiles int               `json:"markdown_files,omitempty"`
	Organizations int               `json:"organizations"`
	AssetTypes    int               `json:"asset_types"`
	Assets        int               `json:"assets"`
	Diagnostics   []spec.Diagnostic `json:"diagnostics"`
}

func writeValidateJSON(w io.Writer, ds *spec.DesiredState, diags spec.Diagnostics) error {
	out := validateJSON{FormatVersion: validateFormatVersion, Valid: !diags.HasErrors(), Diagnostics: diags}
	if out.Diagnostics == nil {
		out.Diagnostics = []spec.Diagnostic{}
	}
	if ds != nil {
		out.Files, out.Organizations, out.AssetTypes, out.Assets = ds.Files, len(ds.Organizations), len(ds.AssetTypes), len(ds.Assets)
		out.MarkdownFiles = ds.MarkdownFiles
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
