package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/progress"
	"github.com/glue-sync/glue-sync/internal/textsafe"
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
	// clientOpts are added after glue-sync's own options to every client
	// the run builds (WithClientOptions).
	clientOpts []client.Option
	// opened, when set, sees every target a command opens (tests).
	opened func(*target)
	// loading, when set, is called right before plan, apply DIR or
	// github plan loads the repository, after the early live read
	// started (tests).
	loading func()
	// printer shows progress on stderr (progress.go); nil until used.
	printer *progress.Printer
}

// Option changes how Main runs. The glue-sync binary passes none.
type Option func(*deps)

// WithClientOptions adds opts to every IT Glue client the run builds, after
// glue-sync's own options so that they win. Tests use it to give the client
// short backoff and retry waits against a sandbox (client.WithBackoff,
// client.WithMaxRetryAfter), so that they never pay production waits.
func WithClientOptions(opts ...client.Option) Option {
	return func(d *deps) { d.clientOpts = append(d.clientOpts, opts...) }
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
func Main(ctx context.Context, args []string, getenv func(string) string, ios *IOStreams, opts ...Option) int {
	d := &deps{ctx: ctx, getenv: getenv, io: ios}
	for _, o := range opts {
		o(d)
	}
	return run(d, args)
}

// run runs glue-sync with args and d, and returns the exit code.
func run(d *deps, args []string) int {
	ctx, ios := d.ctx, d.io
	root := newRootCmd(d)
	root.SetArgs(args)
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)

	err := root.ExecuteContext(ctx)
	d.clearProgress()
	if err == nil {
		return ExitOK
	}
	code := ExitError
	var rt *runTimeoutError
	if runTimedOut(d.ctx) != nil || errors.As(err, &rt) { // d.ctx is the run's own again once an early read is abandoned
		defer fmt.Fprintln(ios.ErrOut, runTimeoutHint)
	}
	var ee *exitError
	if errors.As(err, &ee) {
		code, err = ee.code, ee.err
	} else if errors.Is(err, context.Canceled) {
		code = ExitCancel
	}
	if ctx.Err() != nil && code == ExitError {
		// Ctrl-C (or SIGTERM) ended the run: say so briefly, as apply
		// does, rather than "context canceled", and exit 130.
		code = ExitCancel
		if err == nil || errors.Is(err, context.Canceled) {
			err = errInterrupted
		}
	}
	if err == nil {
		return code
	}
	printError(ios.ErrOut, err)
	if ee != nil {
		return code
	}
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(ios.ErrOut, "Run '%s --help' for usage.\n", ue.cmd)
	case strings.HasPrefix(err.Error(), "unknown command "): // from cobra, for the root
		fmt.Fprintf(ios.ErrOut, "Run '%s --help' for the list of commands.\n", root.Name())
	}
	return code
}

// printError prints err as "error: message". The message may hold names
// from the repository or the API, so it passes textsafe.Line: a line break
// in a file name cannot start a line of its own (which CI would read as a
// command). A linesError keeps its own line breaks, each line sanitised.
func printError(w io.Writer, err error) {
	var le *linesError
	if errors.As(err, &le) && le == err {
		lines := make([]string, len(le.lines))
		for i, l := range le.lines {
			lines[i] = textsafe.Line(l)
		}
		fmt.Fprintf(w, "error: %s\n", strings.Join(lines, "\n"))
		return
	}
	fmt.Fprintf(w, "error: %s\n", textsafe.Line(err.Error()))
}

// errInterrupted is what plan, validate and export say when Ctrl-C (or
// SIGTERM) stops them; they exit 130 like apply.
var errInterrupted = errors.New("interrupted")

// checkInterrupted returns the error of a run whose context ended, before
// partial results are shown as if they were complete: the --timeout stop
// (exit 1) when --timeout ran out (it can while the repository loads,
// when the live read started first), else errInterrupted (exit 130).
func checkInterrupted(d *deps) error {
	if d.ctx.Err() == nil {
		return nil
	}
	if rt := runTimedOut(d.ctx); rt != nil {
		return withExitCode(ExitError, rt)
	}
	return withExitCode(ExitCancel, errInterrupted)
}

// linesError is an error message of several lines, printed as such.
type linesError struct{ lines []string }

func (e *linesError) Error() string { return strings.Join(e.lines, "\n") }

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
