package clitest

import (
	"context"
	"fmt"
	"maps"
	"os"
	"runtime/debug"
	"testing"
	"time"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
)

// ExampleRepo is examples/repo seen from a package folder under internal/
// (where go test runs a package's tests).
const ExampleRepo = "../../examples/repo"

// SandboxPlaceholder is the password value "--sandbox" gives variables
// that are not set (cli's sandboxPlaceholder): a password value like any
// other, which Run looks for in every output.
const SandboxPlaceholder = "sandbox-placeholder"

// FastClient are the client options Run gives glue-sync: backoff of 1 to
// 10 ms instead of 0.5 to 30 s, a Retry-After honoured for at most 10 ms,
// and no client-side pacing (the production budget lets 100 requests go at
// once, then 9 a second: a run under heavy faults retried past 100 and
// spent its time waiting for its own budget). Retries still happen, as many
// as in production, and the sandbox's 429s are still honoured; only the
// waits are short. The pacing itself is tested in internal/client.
func FastClient() []client.Option {
	return []client.Option{
		client.WithBackoff(time.Millisecond, 10*time.Millisecond),
		client.WithMaxRetryAfter(10 * time.Millisecond),
		client.WithRateLimit(0, 0, 0),
	}
}

// Result is one glue-sync run.
type Result struct {
	// Args are the arguments glue-sync ran with.
	Args []string
	// Code is the exit code.
	Code int
	// Stdout and Stderr are what the run printed.
	Stdout, Stderr string
}

// String shows the run for a test failure.
func (r Result) String() string {
	return fmt.Sprintf("glue-sync %q: exit %d\n--- stdout:\n%s\n--- stderr:\n%s", r.Args, r.Code, r.Stdout, r.Stderr)
}

// Outputs returns the exit code, stdout and stderr, for tests that look at
// them one by one.
func (r Result) Outputs() (code int, stdout, stderr string) { return r.Code, r.Stdout, r.Stderr }

// Run is RunContext with context.Background.
func Run(t testing.TB, env map[string]string, args ...string) Result {
	t.Helper()
	return RunContext(context.Background(), t, env, args...)
}

// RunContext runs glue-sync in-process with args under ctx, with only the
// variables of env set and the FastClient options. It fails the test if
// glue-sync panics, and checks stdout, stderr and any plan file "--out"
// wrote for the secrets of env (EnvSecrets) and the sandbox placeholder.
func RunContext(ctx context.Context, t testing.TB, env map[string]string, args ...string) Result {
	t.Helper()
	return RunWith(t, env, Opts{Context: ctx}, args...)
}

// Opts adjust RunWith. The zero value is what Run does.
type Opts struct {
	// Context is the run's context; nil means context.Background.
	Context context.Context
	// Stdin is what the user types.
	Stdin string
	// InTTY and OutTTY make stdin and stdout look like a terminal: for
	// prompts and colour.
	InTTY, OutTTY bool
	// ProductionWaits keeps the client's production backoff and
	// Retry-After waits instead of FastClient's: for a run against a live
	// IT Glue account, which must not be retried at sandbox speed.
	ProductionWaits bool
}

// RunWith is Run adjusted by o.
func RunWith(t testing.TB, env map[string]string, o Opts, args ...string) Result {
	t.Helper()
	ctx := o.Context
	if ctx == nil {
		ctx = context.Background()
	}
	env = maps.Clone(env)
	ios, in, out, errOut := cli.TestStreams()
	in.WriteString(o.Stdin)
	ios.InTTY, ios.OutTTY = o.InTTY, o.OutTTY
	var opts []cli.Option
	if !o.ProductionWaits {
		opts = append(opts, cli.WithClientOptions(FastClient()...))
	}
	r := Result{Args: args}
	func() {
		defer func() {
			if p := recover(); p != nil {
				t.Fatalf("glue-sync %q panicked: %v\n%s", args, p, debug.Stack())
			}
		}()
		r.Code = cli.Main(ctx, args, func(k string) string { return env[k] }, ios, opts...)
	}()
	r.Stdout, r.Stderr = out.String(), errOut.String()
	s := EnvSecrets(env)
	s["the sandbox placeholder"] = SandboxPlaceholder
	s.CheckResult(t, r)
	return r
}

// OutFile returns the file "--out FILE" names in args, or "".
func OutFile(args []string) string {
	for i, a := range args {
		if a == "--out" && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

// ReadFile returns a file's content, failing the test if it cannot.
func ReadFile(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
