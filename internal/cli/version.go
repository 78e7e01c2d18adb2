package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/glue-sync/glue-sync/internal/version"
)

func newVersionCmd(d *deps) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print glue-sync's version",
		Long: `version prints the release tag of a release binary, or else what the Go
toolchain recorded: the module version of a 'go install ...@vX.Y.Z', the
commit it was built from and "modified" when the work tree had uncommitted
changes. 'glue-sync --version' prints the same line.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(d.io.Out, "glue-sync %s\n", version.String())
			return err
		},
	}
}
