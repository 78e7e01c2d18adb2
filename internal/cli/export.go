package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/glue-sync/glue-sync/internal/export"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/textsafe"
)

// exportOptions are the export command's flags and argument.
type exportOptions struct {
	dir    string
	orgs   []string
	types  []string
	force  bool
	target targetOptions
}

func newExportCmd(d *deps) *cobra.Command {
	opts := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export DIR",
		Short: "Write a live IT Glue account as a new repository",
		Long: `export reads the live IT Glue account and writes it to DIR as a glue-sync
repository: glue-sync.yaml (the exported names as the managed scope, every
prune off), organizations/, types/ and assets/<organization>/<type>.yaml.
Planning the result against the same account shows no changes.

Password traits are written as {env: NAME} references, never as values;
the names are listed on stderr. Upload traits are not exported. Anything
else left out is listed on stderr too (see docs/export.md).

--org and --type (repeatable) narrow the export; --type also exports the
types the named types tag. DIR must be empty or missing unless --force.
--region and --base-url, when given, are also written to glue-sync.yaml as
the repository's connection hints. --sandbox exports the built-in demo
account.`,
		Example: `  # the demo account, as a repository to look at
  $ glue-sync export --sandbox demo-repo

  # one client of an EU account, with only one type
  $ glue-sync export --region eu --org "Contoso Ltd" --type "Backup Job" contoso`,
		Args: exactArg("DIR", "the new or empty folder to write the repository to"),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.dir = args[0]
			return runExport(d, opts)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&opts.orgs, "org", nil, "export only the organization called `NAME` (repeatable)")
	f.StringArrayVar(&opts.types, "type", nil, "export only the flexible asset type called `NAME` (repeatable)")
	f.BoolVar(&opts.force, "force", false, "write into a non-empty directory, replacing files of the same name")
	addTargetFlags(cmd, &opts.target)
	f.Lookup("region").Usage = "IT Glue `REGION`: us, eu or au (default: ITGLUE_REGION, else us); also written to glue-sync.yaml"
	f.Lookup("base-url").Usage = "IT Glue API root `URL` (default: ITGLUE_BASE_URL); overrides --region; also written to glue-sync.yaml"
	return cmd
}

func runExport(d *deps, opts *exportOptions) error {
	if fi, err := os.Stat(opts.dir); err == nil && !fi.IsDir() {
		return withExitCode(ExitError, fmt.Errorf("%s is a file: export writes a whole repository, so give a new or empty folder", opts.dir))
	}
	if err := export.WriteDir(opts.dir, nil, opts.force); err != nil {
		return withExitCode(ExitError, err) // fail before reading the account
	}
	t, err := openTarget(d, &opts.target, nil)
	if err != nil {
		return withExitCode(ExitError, err)
	}
	defer t.Close()
	eo := export.Options{Organizations: opts.orgs, Types: opts.types,
		Region: strings.ToLower(opts.target.region), BaseURL: opts.target.baseURL}
	live, err := export.Read(d.ctx, reconcile.ClientAPI(t.client), eo)
	if err != nil {
		return withExitCode(ExitError, liveReadError(d.ctx, err))
	}
	res, err := export.Build(live, eo)
	if err != nil {
		return withExitCode(ExitError, err)
	}
	if err := export.WriteDir(opts.dir, res.Files, opts.force); err != nil {
		return withExitCode(ExitError, err)
	}
	w := d.io.ErrOut
	for _, n := range res.Notes {
		fmt.Fprintf(w, "note: %s\n", textsafe.Line(n)) // notes name live objects
	}
	if len(res.Secrets) > 0 {
		fmt.Fprintf(w, "Password traits refer to these environment variables (set them where plan and apply run to manage the passwords):\n")
		for _, s := range res.Secrets {
			fmt.Fprintf(w, "  %s  (%s %q of %q, field %q)\n", s.Env, textsafe.Line(s.Type), s.Asset, s.Organization, s.Field)
		}
	}
	fmt.Fprintf(d.io.Out, "Exported %d %s, %d flexible asset %s and %d %s to %s (%d %s).\n",
		res.Organizations, plural(res.Organizations, "organization", "organizations"),
		res.Types, plural(res.Types, "type", "types"),
		res.Assets, plural(res.Assets, "asset", "assets"), opts.dir,
		len(res.Files), plural(len(res.Files), "file", "files"))
	fmt.Fprintln(w, requestSummary(t.client.Stats()))
	return nil
}
