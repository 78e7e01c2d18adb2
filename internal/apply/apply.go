package apply

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/guard"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/textsafe"
)

// Options control an apply.
type Options struct {
	// Progress receives one line per change as it completes (the CLI
	// passes stderr). Nil discards them.
	Progress io.Writer
	// Getenv reads the environment variables that hold Password values
	// (plan.SecretSource.Env). Nil means no variable is set.
	Getenv func(string) string
	// Bar, when set, shows the run on one updating line (a progress bar on
	// a terminal): it is told before each change how many are finished
	// and which change is in flight. Progress then gets only the lines of
	// changes that were not applied (they stay on screen above the bar).
	Bar Bar
}

// Bar is a progress bar (see Options.Bar).
type Bar interface {
	// Step shows that done of total changes are finished and current
	// ("+ organization Contoso", "" when none) is in flight.
	Step(done, total int, current string)
}

// Apply performs p's changes in order against api and reports what became
// of each. Before writing anything it re-reads every object the plan
// updates or deletes and compares it with the change's Guard, so that the
// plan is checked against the account as it was before this run (the
// run's own writes, e.g. a delete that removes a tag from another asset,
// never make a later change look stale). It returns an error only when it cannot start (a nil plan, a
// plan with error diagnostics, a Password variable not set or an Upload
// file that cannot be read: all of them are listed); failures of single changes are in the
// Report. When ctx is cancelled, the change in flight finishes or fails and
// the rest are reported as not attempted.
func Apply(ctx context.Context, api API, p *plan.Plan, opts Options) (*Report, error) {
	if p == nil {
		return nil, errors.New("applying: no plan")
	}
	if api == nil {
		return nil, errors.New("applying: no API client")
	}
	if p.HasErrors() {
		return nil, errors.New("applying: the plan has errors; fix them and plan again")
	}
	if err := preflight(p, opts.Getenv); err != nil {
		return nil, err
	}
	return runPlan(ctx, newRunner(api, p, opts)), nil
}

// runPlan applies the plan of r (see Apply) in three phases
// (docs/apply.md, "Phases"): the guard phase re-reads what the plan
// updates or deletes (plan -> verdicts), the write phase walks the changes
// in plan order (verdicts and the ledger -> one result per change), and
// the sweep phase looks for duplicates left by a concurrent apply (the
// assets this run created -> notes and replaced ids).
func runPlan(ctx context.Context, r *runner) *Report {
	r.verdicts = guard.CheckAll(ctx, r.api, r.p, guard.Options{Progress: r.opts.Progress, PerObject: r.perObject})
	rep := r.writeAll(ctx)
	r.afterSweep(ctx, rep, sweepTwins(ctx, r.api, r.conc))
	return rep
}

// writeAll is the write phase: each change in plan order is recorded as
// a no-op, picked up from a bulk request that wrote it earlier, written
// in a bulk request with the others it can go with (batch), or written on
// its own (one); after an interrupt the rest are not attempted.
func (r *runner) writeAll(ctx context.Context) *Report {
	p := r.p
	rep := &Report{}
	total := p.Count().Total()
	n := 0
	record := func(ch *plan.Change, res Result) {
		n++
		res.ID, res.Action, res.Kind = ch.ID, ch.Action, ch.Kind
		if res.LiveID == 0 {
			res.LiveID = ch.LiveID
		}
		r.lg.done(ch, res.Status, res.LiveID)
		r.secrets = nil
		rep.Results = append(rep.Results, res)
		r.progress(n, total, res)
	}
	for i := 0; i < len(p.Changes); i++ {
		ch := &p.Changes[i]
		if ch.Action == plan.NoOp {
			rep.Unchanged++
			r.lg.done(ch, Applied, ch.LiveID)
			r.secrets = nil
			continue
		}
		if res, ok := r.lg.early[ch.ID]; ok { // written in bulk already
			record(ch, res)
			continue
		}
		r.step(n, total, ch)
		if ctx.Err() != nil {
			record(ch, Result{Status: NotAttempted, Message: "the run was interrupted before this change"})
			continue
		}
		if r.batch(ctx, i) {
			record(ch, r.lg.early[ch.ID])
			continue
		}
		record(ch, r.one(ctx, ch))
	}
	rep.Interrupted = ctx.Err() != nil
	return rep
}

// batch writes the change at i in a bulk request together with the later
// changes of its run that are ready, storing every result in the ledger
// (early), and reports whether it did. The plan's order decides which
// applies: field updates (fieldUpdateBatch), organization updates
// (orgUpdateBatch), asset creates in waves per organization
// (createBatch), asset updates (updateBatch), and asset and organization
// deletes (deleteBatch).
func (r *runner) batch(ctx context.Context, i int) bool {
	return r.createBatch(ctx, i) || r.updateBatch(ctx, i) || r.orgUpdateBatch(ctx, i) || r.fieldUpdateBatch(ctx, i) || r.deleteBatch(ctx, i)
}

// one carries out a single change.
func (r *runner) one(ctx context.Context, ch *plan.Change) Result {
	if why, ok := r.lg.blocked(ch); !ok {
		return Result{Status: Skipped, Message: why}
	}
	switch v := r.verdicts[ch.ID]; v.Status {
	case guard.Unchecked:
		return Result{Status: Failed, Message: v.Message()}
	case guard.Stale:
		return Result{Status: Stale, Message: v.Message()}
	}
	if ch.Action == plan.Create {
		stale, err := r.recheck(ctx, ch)
		if err != nil {
			return Result{Status: Failed, Message: r.clean(ch, fmt.Errorf("re-checking that it does not exist yet: %w", err))}
		}
		if stale != "" {
			return Result{Status: Stale, Message: stale}
		}
	}
	id, err := r.write(ctx, ch)
	if err != nil && ch.Action == plan.Create && client.IsAmbiguous(err) {
		if ch.Kind == plan.KindAsset {
			if w, perr := r.assetPlace(ctx, ch); perr == nil {
				return r.settled(ctx, ch, w, err)
			}
		} else if res, ok := r.settleNamed(ctx, ch, err); ok {
			return res
		}
	}
	if err != nil {
		return r.writeFailure(ctx, ch, err)
	}
	return Result{Status: Applied, LiveID: id}
}

// skipError means a change cannot run because something it refers to was
// not applied; it is reported as skipped, not failed.
type skipError struct{ why string }

func (e skipError) Error() string { return e.why }

// step tells the bar, if any, that ch is in flight after n of total.
func (r *runner) step(n, total int, ch *plan.Change) {
	if r.opts.Bar != nil {
		r.opts.Bar.Step(n, total, fmt.Sprintf("%s %s %s", ch.Action.Symbol(), ch.Kind, address(ch.ID)))
	}
}

// progress writes one line for a finished change (with a bar, only for a
// change that was not applied) and moves the bar on.
func (r *runner) progress(n, total int, res Result) {
	if r.opts.Bar != nil {
		r.opts.Bar.Step(n, total, "")
		if res.Status == Applied {
			return
		}
	}
	if r.opts.Progress == nil {
		return
	}
	line := fmt.Sprintf("[%d/%d] %s %s %s: %s", n, total, res.Action.Symbol(), res.Kind, address(res.ID), res.Status)
	if res.Status == Applied && res.Action == plan.Create && res.LiveID != 0 {
		line += fmt.Sprintf(" (id %d)", res.LiveID)
	}
	if res.Message != "" && res.Status != Applied {
		line += ": " + res.Message
	}
	fmt.Fprintln(r.opts.Progress, textsafe.Line(line)) // names come from the repository and the API
}
