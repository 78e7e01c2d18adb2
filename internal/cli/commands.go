package cli

import "github.com/spf13/cobra"

// commands lists glue-sync's subcommands. Each lives in a file of its own.
func commands(d *deps) []*cobra.Command {
	return []*cobra.Command{
		newVersionCmd(d),
		newValidateCmd(d),
		newSandboxCmd(d),
		newPlanCmd(d),
		newApplyCmd(d),
		newExportCmd(d),
		newGitHubCmd(d),
	}
}
