package cli

import "github.com/spf13/cobra"

func newGitHubDriftCmd(d *deps) *cobra.Command { return &cobra.Command{Use: "drift"} }
