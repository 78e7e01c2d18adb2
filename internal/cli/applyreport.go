package cli

import (
	"errors"
	"io"

	"github.com/glue-sync/glue-sync/internal/apply"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/render"
)

// showPlan prints the plan apply is about to carry out: on stdout, or on
// stderr with --format json (stdout then holds only the JSON report).
func showPlan(d *deps, opts *applyOptions, p *plan.Plan) error {
	return renderPlanTo(d, humanOut(d, opts), p, "text")
}

// humanOut is where apply writes what is meant for people: stdout, or
// stderr with --format json.
func humanOut(d *deps, opts *applyOptions) io.Writer {
	if opts.format == "json" {
		return d.io.ErrOut
	}
	return d.io.Out
}

// writeReport prints the report of an apply that ran, in opts.format.
func writeReport(d *deps, opts *applyOptions, p *plan.Plan, rep *apply.Report) error {
	if opts.format != "json" {
		return rep.WriteText(d.io.Out)
	}
	outcome := ""
	if d.ctx.Err() != nil {
		outcome = apply.OutcomeCancelled
	}
	return apply.NewJSONReport(render.Redacted(p), rep, outcome, "").WriteJSON(d.io.Out)
}

// reportUnapplied ends an apply that sent nothing, with err (nil for
// success): with --format json it first prints a report saying so, every
// change "not attempted".
func reportUnapplied(d *deps, opts *applyOptions, p *plan.Plan, outcome string, err error) error {
	if opts.format != "json" {
		return err
	}
	why := ""
	var ee *exitError
	if errors.As(err, &ee) && ee.err != nil {
		why = ee.err.Error()
	} else if err != nil && ee == nil {
		why = err.Error()
	}
	if werr := apply.NewJSONReport(render.Redacted(p), nil, outcome, why).WriteJSON(d.io.Out); werr != nil {
		return withExitCode(ExitError, werr)
	}
	return err
}

// exitCodeOf is the exit code Main would return for err.
func exitCodeOf(err error) int {
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return ExitError
}
