package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// confirm asks for a yes on a terminal unless --auto-approve.
func confirm(d *deps, opts *applyOptions, p *plan.Plan, t *target) error {
	if opts.autoApprove {
		return nil
	}
	if !d.io.InTTY {
		return withExitCode(ExitError, errors.New("apply needs confirmation, and stdin is not a terminal: review the plan, then pass --auto-approve to apply without asking"))
	}
	where := t.baseURL
	if t.sandbox != nil {
		where = "the built-in sandbox"
	}
	what := "this change"
	if n := p.Count().Total(); n != 1 {
		what = fmt.Sprintf("these %d changes", n)
	}
	fmt.Fprintf(d.io.ErrOut, "\nApply %s to %s?\nOnly 'yes' will be accepted: ", what, where)
	type answer struct {
		line string
		err  error
	}
	got := make(chan answer, 1)
	go func() { // a read cannot be interrupted: wait for it or for Ctrl-C
		line, err := bufio.NewReader(d.io.In).ReadString('\n')
		got <- answer{line, err}
	}()
	var a answer
	select {
	case <-d.ctx.Done():
		fmt.Fprintln(d.io.ErrOut)
		return withExitCode(ExitCancel, errors.New("interrupted: nothing was applied"))
	case a = <-got:
	}
	if a.err != nil && a.line == "" {
		return withExitCode(ExitCancel, errors.New("no answer: nothing was applied"))
	}
	if strings.TrimSpace(a.line) != "yes" {
		return withExitCode(ExitCancel, errors.New("apply cancelled: nothing was applied"))
	}
	return nil
}
