package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/glue-sync/glue-sync/internal/safefile"
	"github.com/glue-sync/glue-sync/internal/sandbox"
)

// sandboxOptions are the sandbox command's flags.
type sandboxOptions struct {
	listen      string
	key         string
	seed        string
	data        string
	rateLimit   int
	allowRemote bool
	profile     string
}

func newSandboxCmd(d *deps) *cobra.Command {
	opts := &sandboxOptions{}
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Run a local IT Glue-compatible API to try glue-sync against",
		Long: `sandbox serves an in-memory IT Glue-compatible API (organizations, flexible
asset types, fields and assets, and the objects tags point at) until Ctrl-C.
It prints its URL and API key; point glue-sync at it with ITGLUE_BASE_URL
and ITGLUE_API_KEY.

--seed FILE preloads an account from a YAML or JSON seed (see docs/sandbox.md).
--data FILE keeps the account across restarts: it is loaded at start when it
exists (the seed is then not applied) and rewritten atomically at start (an
unwritable path is refused before serving), after changes and at shutdown.`,
		Example: `  # serve a seeded account with a known key
  $ glue-sync sandbox --key ITG.demo --seed internal/sandbox/testdata/seed-example.yaml

  # in another terminal: plan against it
  $ ITGLUE_BASE_URL=http://127.0.0.1:8080 ITGLUE_API_KEY=ITG.demo glue-sync plan examples/repo

  # keep the account between runs
  $ glue-sync sandbox --key ITG.demo --data sandbox.json`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSandbox(d, opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.listen, "listen", "127.0.0.1:8080", "`ADDR` (host:port) to listen on; loopback only unless --allow-remote")
	f.StringVar(&opts.key, "key", "", "API `KEY` to accept (default: a random ITG. key, printed at start)")
	f.StringVar(&opts.seed, "seed", "", "YAML or JSON seed `FILE` to preload")
	f.StringVar(&opts.data, "data", "", "`FILE` that keeps the account across restarts")
	f.IntVar(&opts.rateLimit, "rate-limit", 0, "`N` requests allowed per 300 s (0: 3000, like IT Glue; negative: unlimited)")
	f.BoolVar(&opts.allowRemote, "allow-remote", false, "allow listening on a non-loopback address")
	f.StringVar(&opts.profile, "profile", "default", "`PROFILE` for what the API docs leave open: default, or pessimistic (the least convenient reading; see docs/sandbox.md)")
	return cmd
}

// checkListen refuses addresses other machines could reach unless allowed.
func checkListen(addr string, allowRemote bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--listen %q: %w (use host:port, e.g. 127.0.0.1:8080)", addr, err)
	}
	if allowRemote {
		return nil
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--listen %q is reachable from other machines, and the sandbox has no TLS and a key printed on screen: "+
		"listen on 127.0.0.1, or pass --allow-remote if you really mean it", addr)
}

func randomKey() (string, error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating an API key: %w", err)
	}
	return "ITG." + hex.EncodeToString(b), nil
}

// runSandbox serves until the context is cancelled.
func runSandbox(d *deps, opts *sandboxOptions) error {
	if err := checkListen(opts.listen, opts.allowRemote); err != nil {
		return err
	}
	key := opts.key
	if key == "" {
		var err error
		if key, err = randomKey(); err != nil {
			return err
		}
	}
	profile, err := sandbox.ParseProfile(opts.profile)
	if err != nil {
		return fmt.Errorf("--profile: %w", err)
	}
	srv, err := sandbox.New(sandbox.Options{APIKey: key, RateLimit: opts.rateLimit, Profile: profile})
	if err != nil {
		return err
	}
	loaded, err := loadSandboxData(srv, opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", opts.listen)
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("starting the sandbox: %s is already in use (another sandbox, or another program): stop it, or choose another port, e.g. --listen 127.0.0.1:8081, or --listen 127.0.0.1:0 for any free one (the address is printed)", opts.listen)
	}
	if err != nil {
		return fmt.Errorf("starting the sandbox: %w", err)
	}
	var saver *dataSaver
	if opts.data != "" {
		// Save once before serving, so that an unwritable --data fails now
		// rather than at shutdown, after the session's changes were made.
		saver = newDataSaver(srv, opts.data, d.io.ErrOut)
		if err := saver.save(); err != nil {
			ln.Close()
			return fmt.Errorf("--data %s: %w (choose a file in a writable directory)", opts.data, err)
		}
		srv.OnWrite(saver.soon)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()

	out := d.io.Out
	fmt.Fprintf(out, "sandbox listening on http://%s\n", ln.Addr())
	fmt.Fprintf(out, "API key: %s\n", key)
	if loaded != "" {
		fmt.Fprintln(out, loaded)
	}
	fmt.Fprintf(out, "try: curl -H 'x-api-key: %s' http://%s/organizations\nCtrl-C to stop.\n", key, ln.Addr())

	select {
	case err := <-served:
		return fmt.Errorf("sandbox server stopped: %w", err)
	case <-d.ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	shutErr := hs.Shutdown(shutCtx)
	if saver != nil {
		srv.OnWrite(nil)
		if err := saver.stop(); err != nil {
			return err
		}
		fmt.Fprintf(d.io.ErrOut, "account saved to %s\n", opts.data)
	}
	if shutErr != nil && !errors.Is(shutErr, context.DeadlineExceeded) {
		return fmt.Errorf("stopping the sandbox: %w", shutErr)
	}
	return nil
}

// maxSandboxFile bounds the --seed and --data files the sandbox reads (a
// regular file each: a named pipe would block, a device never end).
const maxSandboxFile = 256 << 20

// loadSandboxData loads --data when the file exists, else --seed, and says which.
func loadSandboxData(srv *sandbox.Server, opts *sandboxOptions) (string, error) {
	if opts.data != "" {
		f, _, err := safefile.Open(opts.data)
		switch {
		case err == nil:
			defer f.Close()
			if err := srv.ReadSnapshot(safefile.LimitReader(f, opts.data, maxSandboxFile)); err != nil {
				return "", fmt.Errorf("--data %s: %w", opts.data, err)
			}
			msg := "account loaded from " + opts.data
			if opts.seed != "" {
				msg += " (--seed not applied: the saved account wins; delete the file to start over)"
			}
			return msg, nil
		case !errors.Is(err, os.ErrNotExist):
			return "", fmt.Errorf("--data: %w", err)
		}
	}
	if opts.seed == "" {
		return "", nil
	}
	f, _, err := safefile.Open(opts.seed)
	if err != nil {
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) {
			err = pe.Err // the path is in the message already
		}
		return "", fmt.Errorf("--seed %s: %w: give a YAML or JSON seed file (docs/sandbox.md describes the format)", opts.seed, err)
	}
	defer f.Close()
	if err := srv.LoadSeed(safefile.LimitReader(f, opts.seed, maxSandboxFile)); err != nil {
		return "", fmt.Errorf("--seed %s: %w (docs/sandbox.md describes the seed format)", opts.seed, err)
	}
	return "account seeded from " + opts.seed, nil
}

// dataSaver writes the account to a file shortly after changes (debounced)
// and once more when stopped. Each write is atomic: temp file, fsync, rename.
type dataSaver struct {
	srv    *sandbox.Server
	path   string
	errOut io.Writer

	mu     sync.Mutex
	timer  *time.Timer
	saveMu sync.Mutex // serialises writes of the file
}

const saveDelay = 200 * time.Millisecond

func newDataSaver(srv *sandbox.Server, path string, errOut io.Writer) *dataSaver {
	return &dataSaver{srv: srv, path: path, errOut: errOut}
}

// soon schedules a save.
func (s *dataSaver) soon() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timer == nil {
		s.timer = time.AfterFunc(saveDelay, func() {
			s.mu.Lock()
			s.timer = nil
			s.mu.Unlock()
			if err := s.save(); err != nil {
				fmt.Fprintf(s.errOut, "warning: %v (will retry at shutdown)\n", err)
			}
		})
	}
}

// stop cancels a pending save and saves now.
func (s *dataSaver) stop() error {
	s.mu.Lock()
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	s.mu.Unlock()
	return s.save()
}

// save writes the snapshot atomically; saves are serialised.
func (s *dataSaver) save() error {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	dir := filepath.Dir(s.path)
	// One fixed temporary name, not a random one: a sandbox killed mid-save
	// (kill -9) leaves at most this file, which the next save overwrites,
	// instead of a new one per kill.
	tmp, err := os.OpenFile(filepath.Join(dir, "."+filepath.Base(s.path)+".tmp"), os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("saving the sandbox account: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := s.srv.WriteSnapshot(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the sandbox account: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("saving the sandbox account: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("saving the sandbox account: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return fmt.Errorf("saving the sandbox account: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
