package cli

import (
	"fmt"
	"os"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// readPlanFile reads a plan saved by plan --out.
func readPlanFile(path string) (*plan.Plan, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading the plan: %w", err)
	}
	defer f.Close()
	p, err := plan.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// openPlanTarget connects to the account a saved plan was made against,
// and refuses to apply it anywhere else.
func openPlanTarget(d *deps, opts *applyOptions, p *plan.Plan) (*target, error) {
	switch {
	case p.Target.Sandbox && !opts.target.sandbox:
		return nil, fmt.Errorf("this plan was made against the built-in sandbox: apply it with --sandbox (a fresh demo account), or make a new plan against IT Glue")
	case !p.Target.Sandbox && opts.target.sandbox:
		return nil, fmt.Errorf("this plan was made against %s, not the built-in sandbox: drop --sandbox", p.Target.BaseURL)
	}
	t, err := openTarget(d, &opts.target, &spec.RepoConfig{BaseURL: p.Target.BaseURL})
	if err != nil {
		return nil, err
	}
	if !p.Target.Sandbox && strings.TrimRight(t.baseURL, "/") != strings.TrimRight(p.Target.BaseURL, "/") {
		t.Close()
		return nil, fmt.Errorf("this plan was made against %s, but this run would apply it to %s: check ITGLUE_REGION, ITGLUE_BASE_URL, --region and --base-url",
			p.Target.BaseURL, t.baseURL)
	}
	return t, nil
}
