// Command glue-sync keeps IT Glue documentation in git: it validates YAML
// files that describe organizations, flexible asset types and flexible
// assets, plans the changes needed to make a live IT Glue account match them,
// and applies those changes safely.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/glue-sync/glue-sync/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Getenv, cli.System())
	stop()
	os.Exit(code)
}
