package cli

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// usageError is a mistake in how a command was invoked (an unknown flag,
// a wrong number of arguments, a bad flag value). Main prints it with a
// pointer to the command's --help.
type usageError struct {
	cmd string // the command's path, e.g. "glue-sync plan"
	err error
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef returns a usageError for cmd.
func usagef(cmd *cobra.Command, format string, a ...any) error {
	return &usageError{cmd: cmd.CommandPath(), err: fmt.Errorf(format, a...)}
}

// flagError is cobra's FlagErrorFunc: flag parsing errors become usage errors.
func flagError(cmd *cobra.Command, err error) error {
	return &usageError{cmd: cmd.CommandPath(), err: err}
}

// newHelpCmd replaces cobra's help command, which exits 0 after "Unknown
// help topic": a typo in "glue-sync help plna" is a usage error like any other.
func newHelpCmd(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		RunE: func(cmd *cobra.Command, args []string) error {
			c, _, err := root.Find(args)
			if err != nil || c == nil || (c == root && len(args) > 0) {
				return usagef(root, "no help for %q: it is not a glue-sync command", strings.Join(args, " "))
			}
			return c.Help()
		},
	}
}

// noArgs accepts no positional arguments.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef(cmd, "%s takes no arguments, got %s", cmd.Name(), quoteArgs(args))
	}
	return nil
}

// optionalArg accepts at most one positional argument, named name in
// messages (e.g. "DIR").
func optionalArg(name string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > 1 {
			return usagef(cmd, "%s takes at most one %s, got %d arguments: %s (quote a path with spaces)",
				cmd.Name(), name, len(args), quoteArgs(args))
		}
		return nil
	}
}

// exactArg requires exactly one positional argument; what says what it is.
func exactArg(name, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		switch len(args) {
		case 1:
			return nil
		case 0:
			return usagef(cmd, "%s needs %s, %s", cmd.Name(), name, what)
		}
		return usagef(cmd, "%s takes one %s, got %d arguments: %s (quote a path with spaces)",
			cmd.Name(), name, len(args), quoteArgs(args))
	}
}

func quoteArgs(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = fmt.Sprintf("%q", a)
	}
	return strings.Join(q, " ")
}

// dirArg is the DIR argument of validate, plan and apply: "." when absent.
func dirArg(args []string) string {
	if len(args) == 1 {
		return args[0]
	}
	return "."
}

// checkFormat refuses a --format value that is not one of allowed.
func checkFormat(cmd *cobra.Command, format string, allowed ...string) error {
	if slices.Contains(allowed, format) {
		return nil
	}
	list := strings.Join(allowed[:len(allowed)-1], ", ") + " or " + allowed[len(allowed)-1]
	return usagef(cmd, "unknown --format %q: use %s", format, list)
}

// formatFlag adds --format with the same wording on every command.
func formatFlag(cmd *cobra.Command, p *string, extra string, allowed ...string) {
	list := strings.Join(allowed[:len(allowed)-1], ", ") + " or " + allowed[len(allowed)-1]
	cmd.Flags().StringVar(p, "format", allowed[0], "output `FORMAT`: "+list+extra)
}

// checkRepoDir refuses a repository folder that does not exist or is a
// file, before anything else is done. With --ref the folder may exist
// only in the commit, so it is not checked.
func checkRepoDir(dir, ref string) error {
	if ref != "" {
		return nil
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("%s does not exist: give the repository's folder (the one holding glue-sync.yaml and the YAML files)", dir)
	case err != nil:
		return fmt.Errorf("reading %s: %w", dir, err)
	case !fi.IsDir():
		return fmt.Errorf("%s is a file, not a folder: give the repository's folder (the one holding glue-sync.yaml and the YAML files)", dir)
	}
	return nil
}
