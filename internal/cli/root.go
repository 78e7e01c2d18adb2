package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/glue-sync/glue-sync/internal/version"
)

// Exit codes. They are part of glue-sync's interface: scripts and the
// GitHub Action rely on them.
const (
	// ExitOK means success; for plan --detailed-exitcode, no changes.
	ExitOK = 0
	// ExitError means the command failed (bad input, API error, ...).
	ExitError = 1
	// ExitChanges is returned by plan --detailed-exitcode when the plan has changes.
	ExitChanges = 2
	// ExitStale is returned by apply from a plan file when some objects
	// changed since the plan was made and were therefore refused.
	ExitStale = 3
	// ExitCancel means the user declined a confirmation or interrupted the run.
	ExitCancel = 130
)

// deps are what every command may need; they are built once per run and
// passed down, so that tests can substitute any of them.
type deps struct {
	ctx    context.Context
	getenv func(string) string
	io     *IOStreams
}

// ExitError is returned by a command that wants a specific exit code. When
// Err is nil nothing more is printed (the command already said what it had
// to say).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// withExitCode wraps err (which may be nil) so that Main exits with code.
func withExitCode(code int, err error) error { return &exitError{code: code, err: err} }

// Main runs glue-sync with args (without the program name) and returns the
// process exit code. It never panics on bad input and never calls os.Exit.
func Main(ctx context.Context, args []string, getenv func(string) string, ios *IOStreams) int {
	d := &deps{ctx: ctx, getenv: getenv, io: ios}
	root := newRootCmd(d)
	root.SetArgs(args)
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)

	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(ios.ErrOut, "error: %v\n", ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(ios.ErrOut, "error: %v\n", err)
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(ios.ErrOut, "Run '%s --help' for usage.\n", ue.cmd)
	case strings.HasPrefix(err.Error(), "unknown command "): // from cobra, for the root
		fmt.Fprintf(ios.ErrOut, "Run '%s --help' for the list of commands.\n", root.Name())
	}
	if errors.Is(err, context.Canceled) {
		return ExitCancel
	}
	return ExitError
}

func newRootCmd(d *deps) *cobra.Command {
	root := &cobra.Command{
		Use:   "glue-sync",
		Short: "Keep IT Glue documentation in git",
		Long: `glue-sync keeps IT Glue documentation in git.

YAML files describe organizations, flexible asset types and flexible assets
by name. glue-sync validates them, plans what would change in a live IT Glue
account, and applies exactly those changes.

Credentials come from the environment, never from flags:
  ITGLUE_API_KEY or ITGLUE_API_KEY_FILE   the API key
  ITGLUE_REGION (us, eu, au) or ITGLUE_BASE_URL`,
		Example: `  # try it without an account, in a clone of glue-sync
  $ glue-sync plan --sandbox examples/repo
  $ glue-sync apply --sandbox --auto-approve examples/repo

  # your own repository against IT Glue
  $ export ITGLUE_API_KEY=ITG.…
  $ glue-sync validate && glue-sync plan`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.CompletionOptions.HiddenDefaultCmd = true
	// --version prints what the version command prints.
	root.Version = version.String()
	root.SetVersionTemplate("glue-sync {{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	root.SetHelpCommand(newHelpCmd(root))
	for _, c := range commands(d) {
		root.AddCommand(c)
	}
	return root
}
