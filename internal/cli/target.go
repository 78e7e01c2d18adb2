package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/demo"
	"github.com/glue-sync/glue-sync/internal/reconcile"
	"github.com/glue-sync/glue-sync/internal/safefile"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// envDebug turns on request logging like --debug.
const envDebug = "GLUE_SYNC_DEBUG"

// targetOptions say which IT Glue account plan and apply talk to. The key
// never comes from a flag: only from ITGLUE_API_KEY or ITGLUE_API_KEY_FILE.
type targetOptions struct {
	sandbox bool
	region  string
	baseURL string
	debug   bool
	// requestTimeout bounds one API read; timeout the whole run's API work.
	requestTimeout time.Duration
	timeout        time.Duration
	// pageSize and bulkSize tune list pages and bulk requests (0: default).
	pageSize int
	bulkSize int
	// sharedBudget is --shared-budget: the folder of the rate budget
	// shared with other processes, "off", or "" for the default.
	sharedBudget string
}

// defaultRunTimeout is --timeout's default: far more than planning and
// applying thousands of changes takes at IT Glue's rate limit (about 9
// requests a second), far less than a CI job left hanging.
const defaultRunTimeout = time.Hour

// addTargetFlags adds the connection flags to cmd, with the same names,
// help and checks on every command that talks to IT Glue; the checks run
// before the command does any IO.
func addTargetFlags(cmd *cobra.Command, o *targetOptions) {
	cmd.PreRunE = func(cmd *cobra.Command, _ []string) error {
		if err := o.check(); err != nil {
			return usagef(cmd, "%v", err)
		}
		return nil
	}
	f := cmd.Flags()
	f.BoolVar(&o.sandbox, "sandbox", false, "use a built-in demo account in this process instead of IT Glue")
	f.StringVar(&o.region, "region", "", "IT Glue `REGION`: us, eu or au (default: ITGLUE_REGION, else the repository's region, else us)")
	f.StringVar(&o.baseURL, "base-url", "", "IT Glue API root `URL` (default: ITGLUE_BASE_URL); overrides --region")
	f.IntVar(&o.pageSize, "page-size", client.DefaultPageSize, "objects per list page, 50 to 1000 (halved for a list whose pages time out)")
	f.IntVar(&o.bulkSize, "bulk-size", client.DefaultBulkSize, "objects per bulk request, 1 to 1000")
	f.BoolVar(&o.debug, "debug", false, "log every API request (method, URL, status, time; never headers or bodies) to stderr (also "+envDebug+"=1)")
	f.DurationVar(&o.requestTimeout, "request-timeout", client.DefaultRequestTimeout, "give up on one API read after `DURATION` and retry it (writes wait at least "+client.DefaultWriteTimeout.String()+")")
	f.StringVar(&o.sharedBudget, "shared-budget", "", "`DIR` of the rate budget shared by the glue-sync processes of this machine on one account, or off for a budget of this process alone (default: "+envSharedBudget+", else glue-sync/budget in the user cache folder)")
	f.DurationVar(&o.timeout, "timeout", defaultRunTimeout, "stop after `DURATION` of talking to IT Glue, not counting a confirmation prompt (0: no limit)")
}

// check refuses contradictory or invalid connection flags. Commands call
// it before any IO, so that a typo is the first thing reported.
func (o *targetOptions) check() error {
	if o.sandbox && (o.region != "" || o.baseURL != "") {
		return errors.New("--sandbox cannot be combined with --region or --base-url: drop --sandbox to use IT Glue, or drop the others to use the demo account")
	}
	if o.requestTimeout < 0 {
		return fmt.Errorf("--request-timeout %s: want a positive duration such as 30s or 2m", o.requestTimeout)
	}
	if o.timeout < 0 {
		return fmt.Errorf("--timeout %s: want a positive duration such as 30m, or 0 for no limit", o.timeout)
	}
	if o.pageSize != 0 && (o.pageSize < 50 || o.pageSize > 1000) {
		return fmt.Errorf("--page-size %d is outside 50..1000 (IT Glue serves at most 1000 objects a page)", o.pageSize)
	}
	if o.bulkSize != 0 && (o.bulkSize < 1 || o.bulkSize > 1000) {
		return fmt.Errorf("--bulk-size %d is outside 1..1000", o.bulkSize)
	}
	if o.region != "" && o.baseURL == "" {
		if _, err := client.RegionURL(o.region); err != nil {
			return fmt.Errorf("--region: %w", err)
		}
	}
	return nil
}

// debugFromEnv reads GLUE_SYNC_DEBUG as a boolean: 1, true, yes, on turn
// request logging on; 0, false, no, off or unset/empty leave it off (case
// and surrounding spaces ignored). Anything else is an error, so that a
// typo is not silently taken for either.
func debugFromEnv(getenv func(string) string) (bool, error) {
	v := getenv(envDebug)
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off", "":
		return false, nil
	}
	return false, fmt.Errorf("%s=%q is not a boolean: use 1, true, yes or on to log requests, 0, false, no, off or leave it unset not to", envDebug, v)
}

// target is an open connection to an account.
type target struct {
	client  *client.Client
	baseURL string
	// sandbox is the demo sandbox when --sandbox was given.
	sandbox *demo.Sandbox

	mu        sync.Mutex
	placeheld map[string]bool // secret variables given a sandbox placeholder

	// prefetch is the live read started while the repository loaded
	// (overlap.go), for the first computePlan; nil when there is none.
	prefetch *reconcile.Prefetch

	// closeErr is what stopping the demo sandbox returned (tests).
	closeErr error

	clock runClock
}

// Close stops the run's clock and the demo sandbox, if any. The sandbox's
// error is kept for tests: the demo account is gone either way, and the
// command's outcome stands.
func (t *target) Close() {
	if t.prefetch != nil {
		t.prefetch.Stop() // never consumed: no read outlives the command
		t.prefetch = nil
	}
	if t.clock.cancel != nil {
		t.clock.cancel()
	}
	if t.sandbox != nil {
		t.closeErr = t.sandbox.Close()
	}
}

// runClock enforces --timeout: d.ctx gets a deadline whose cause is a
// *runTimeoutError. It can be held (while a confirmation prompt waits for
// a person) and resumed with the time that is left.
type runClock struct {
	parent context.Context
	limit  time.Duration
	used   time.Duration
	start  time.Time
	cancel context.CancelFunc
}

// startClock gives d.ctx the run's deadline (none for --timeout 0).
func (t *target) startClock(d *deps, limit time.Duration) {
	t.clock = runClock{parent: d.ctx, limit: limit}
	t.resumeClock(d)
}

// holdClock stops counting: d.ctx is the parent context again.
func (t *target) holdClock(d *deps) {
	c := &t.clock
	if c.cancel == nil {
		return
	}
	c.used += time.Since(c.start)
	c.cancel()
	c.cancel = nil
	d.ctx = c.parent
}

// resumeClock counts again with what is left of the limit.
func (t *target) resumeClock(d *deps) {
	c := &t.clock
	if c.limit <= 0 || c.cancel != nil {
		return
	}
	c.start = time.Now()
	d.ctx, c.cancel = context.WithTimeoutCause(c.parent, c.limit-c.used, &runTimeoutError{limit: c.limit})
}

// runTimeoutError is the cause of d.ctx's end when --timeout ran out.
type runTimeoutError struct{ limit time.Duration }

func (e *runTimeoutError) Error() string {
	return fmt.Sprintf("stopped after --timeout %s of talking to IT Glue", e.limit)
}

// Is lets errors.Is(err, context.DeadlineExceeded) match.
func (e *runTimeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// runTimeoutHint is printed after the error of a run that hit --timeout.
const runTimeoutHint = "The run hit --timeout: raise it (0 for no limit) for a large account, or look at the API's health with --debug."

// runTimedOut returns the *runTimeoutError that ended ctx, or nil.
func runTimedOut(ctx context.Context) *runTimeoutError {
	var rt *runTimeoutError
	if errors.As(context.Cause(ctx), &rt) {
		return rt
	}
	return nil
}

// liveReadError is err, what reading the live account returned, said as
// such: when --timeout ended the read, the --timeout stop, also where the
// read returned its context's bare error ("context deadline exceeded").
func liveReadError(ctx context.Context, err error) error {
	var rt *runTimeoutError
	if stop := runTimedOut(ctx); stop != nil && errors.Is(err, context.DeadlineExceeded) && !errors.As(err, &rt) {
		err = stop
	}
	return fmt.Errorf("reading the live account: %w", err)
}

// openTarget builds the client: against the demo sandbox with --sandbox,
// else from the environment, the flags and the repository's region hint.
func openTarget(d *deps, o *targetOptions, cfg *spec.RepoConfig) (*target, error) {
	return openTargetWith(d, o, cfg, d.progressHooks(), d.io.ErrOut, d.io.ErrOut)
}

// openTargetWith is openTarget with the client's progress hooks, the
// writer of its notices and that of --debug's request lines.
func openTargetWith(d *deps, o *targetOptions, cfg *spec.RepoConfig, hooks []client.Option, notices, debug io.Writer) (*target, error) {
	opts := hooks
	envOn, err := debugFromEnv(d.getenv)
	if err != nil {
		return nil, err
	}
	if o.debug || envOn {
		opts = append(opts, client.WithDebug(debug))
	}
	if o.pageSize != 0 {
		opts = append(opts, client.WithPageSize(o.pageSize))
	}
	if o.bulkSize != 0 {
		opts = append(opts, client.WithBulkSize(o.bulkSize))
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	reqTimeout := o.requestTimeout
	if reqTimeout == 0 {
		reqTimeout = client.DefaultRequestTimeout
	}
	opts = append(opts, client.WithNotices(notices), client.WithRequestTimeout(reqTimeout, 0))
	if o.sandbox {
		sb, err := demo.Start()
		if err != nil {
			return nil, err
		}
		opts = append(opts, client.WithRateLimit(0, 0, 0))
		c, err := client.New(client.Config{BaseURL: sb.URL, APIKey: sb.Key}, append(opts, d.clientOpts...)...)
		if err != nil {
			_ = sb.Close()
			return nil, err
		}
		fmt.Fprintln(d.io.ErrOut, "Using the built-in sandbox: a demo IT Glue account inside this process. Nothing is sent to IT Glue, and every change is gone when glue-sync exits.")
		t := &target{client: c, baseURL: sb.URL, sandbox: sb}
		t.startClock(d, o.timeout)
		return d.open(t), nil
	}
	region, base := o.region, o.baseURL
	if !originPinned(d, o) && cfg != nil {
		region, base = cfg.Region, cfg.BaseURL // the repository's hint, when nothing else says
	}
	env := d.getenv
	if region != "" || base != "" {
		env = func(k string) string {
			switch k {
			case client.EnvRegion:
				return region
			case client.EnvBaseURL:
				return base
			}
			return d.getenv(k)
		}
	}
	if strings.TrimSpace(env(client.EnvAPIKey)) == "" && strings.TrimSpace(env(client.EnvAPIKeyFile)) == "" {
		return nil, fmt.Errorf("no IT Glue API key: set %s (or %s to a file holding it); to try glue-sync without an account, add --sandbox",
			client.EnvAPIKey, client.EnvAPIKeyFile)
	}
	env, err = readKeyFile(env)
	if err != nil {
		return nil, err
	}
	conf, err := client.ConfigFromEnv(env)
	if err != nil {
		return nil, err
	}
	if err := checkRegion(cfg, conf.BaseURL); err != nil {
		return nil, err
	}
	if dir := sharedBudgetDir(d, o); dir != "" {
		opts = append(opts, client.WithSharedBudget(dir))
	}
	c, err := client.New(conf, append(opts, d.clientOpts...)...)
	if err != nil {
		return nil, err
	}
	t := &target{client: c, baseURL: conf.BaseURL}
	t.startClock(d, o.timeout)
	return d.open(t), nil
}

// originPinned reports whether the flags or the environment name the
// account's origin (--region, --base-url, ITGLUE_REGION, ITGLUE_BASE_URL):
// then the repository's region and baseURL hints are not used.
func originPinned(d *deps, o *targetOptions) bool {
	return o.region != "" || o.baseURL != "" || d.getenv(client.EnvRegion) != "" || d.getenv(client.EnvBaseURL) != ""
}

// envSharedBudget sets --shared-budget's default.
const envSharedBudget = "GLUE_SYNC_SHARED_BUDGET"

// sharedBudgetDir is the folder of the rate budget this process shares
// with the other glue-sync processes of the machine (docs/api-assumptions.md,
// "Two processes, one account"): --shared-budget, else
// GLUE_SYNC_SHARED_BUDGET, else glue-sync/budget under the user cache
// folder; "" when sharing is off or there is no cache folder.
func sharedBudgetDir(d *deps, o *targetOptions) string {
	v := strings.TrimSpace(o.sharedBudget)
	if v == "" {
		v = strings.TrimSpace(d.getenv(envSharedBudget))
	}
	switch {
	case strings.EqualFold(v, "off"):
		return ""
	case v != "":
		return v
	}
	base := userCacheDir(d.getenv, runtime.GOOS)
	if base == "" {
		return ""
	}
	return filepath.Join(base, "glue-sync", "budget")
}

// userCacheDir is os.UserCacheDir computed from the environment glue-sync
// was given rather than the process's own, so that a run (or a test) whose
// environment names no home folder writes no file anywhere: "" then, and
// the budget is this process's alone.
func userCacheDir(getenv func(string) string, goos string) string {
	abs := func(p string) string {
		if p == "" || !filepath.IsAbs(p) {
			return ""
		}
		return p
	}
	switch goos {
	case "windows":
		return abs(getenv("LocalAppData"))
	case "darwin", "ios":
		if home := abs(getenv("HOME")); home != "" {
			return filepath.Join(home, "Library", "Caches")
		}
		return ""
	case "plan9":
		if home := abs(getenv("home")); home != "" {
			return filepath.Join(home, "lib", "cache")
		}
		return ""
	}
	if x := abs(getenv("XDG_CACHE_HOME")); x != "" {
		return x
	}
	if home := abs(getenv("HOME")); home != "" {
		return filepath.Join(home, ".cache")
	}
	return ""
}

// checkRegion refuses to connect to one of IT Glue's regions when the
// repository's glue-sync.yaml names another: an API key works in one
// region only, and the repository describes one account. A custom base URL
// (a proxy) is not checked.
func checkRegion(cfg *spec.RepoConfig, baseURL string) error {
	if cfg == nil || cfg.Region == "" {
		return nil
	}
	want, err := client.RegionURL(cfg.Region)
	if err != nil {
		return nil // the schema refuses unknown regions
	}
	base := strings.TrimRight(baseURL, "/")
	for _, r := range client.Regions() {
		u, _ := client.RegionURL(r)
		if base == strings.TrimRight(u, "/") && u != want {
			return fmt.Errorf("glue-sync.yaml says region: %s, but glue-sync is connecting to %s (region %s, from --region, %s or %s): "+
				"an API key works in one region only; correct the one that is wrong", cfg.Region, base, r, client.EnvRegion, client.EnvBaseURL)
		}
	}
	return nil
}

// open shows t to the test hook, if any, and returns it.
func (d *deps) open(t *target) *target {
	if d.opened != nil {
		d.opened(t)
	}
	return t
}

// requestSummary is the "N API requests" line printed at the end of plan
// and apply.
func requestSummary(s client.Stats) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d API %s", s.Requests, plural(int(s.Requests), "request", "requests"))
	var extra []string
	if s.Retries > 0 {
		extra = append(extra, fmt.Sprintf("%d retried", s.Retries))
	}
	if s.RateLimited > 0 {
		extra = append(extra, fmt.Sprintf("%d rate-limited", s.RateLimited))
	}
	if s.PageSizeReductions > 0 {
		extra = append(extra, fmt.Sprintf("page size halved %d %s after timeouts", s.PageSizeReductions, plural(int(s.PageSizeReductions), "time", "times")))
	}
	if len(extra) > 0 {
		b.WriteString(" (" + strings.Join(extra, ", ") + ")")
	}
	return b.String()
}

// maxKeyFile bounds the API key file: a key is a few dozen characters.
const maxKeyFile = 64 << 10

// readKeyFile reads the file ITGLUE_API_KEY_FILE names, as a regular file
// of at most maxKeyFile bytes (a named pipe would block the run, and
// Ctrl-C, forever; /dev/zero would never end), and returns an environment
// that holds the key in ITGLUE_API_KEY instead. Unchanged when the file
// is not set, or when both are (ConfigFromEnv refuses that).
func readKeyFile(env func(string) string) (func(string) string, error) {
	file := strings.TrimSpace(env(client.EnvAPIKeyFile))
	if file == "" || strings.TrimSpace(env(client.EnvAPIKey)) != "" {
		return env, nil
	}
	b, err := safefile.ReadFile(file, maxKeyFile)
	if err != nil {
		return nil, fmt.Errorf("reading the API key from %s (%s): %w", file, client.EnvAPIKeyFile, err)
	}
	key := strings.TrimSpace(string(b))
	if key == "" {
		return nil, fmt.Errorf("the API key file %s (%s) is empty", file, client.EnvAPIKeyFile)
	}
	return func(k string) string {
		switch k {
		case client.EnvAPIKey:
			return key
		case client.EnvAPIKeyFile:
			return ""
		}
		return env(k)
	}, nil
}
