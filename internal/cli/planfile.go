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
		return nil, fmt.Errorf("%s: %w; apply takes a plan file saved by glue-sync plan --out, or a repository folder", path, err)
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

// checkUploads makes sure every Upload file a saved plan sends can be read
// from here, before anything is written: a plan names them relative to the
// directory plan ran in, and an apply that found out half-way would leave
// the account half-changed.
func checkUploads(p *plan.Plan) error {
	var missing []string
	for _, file := range uploadFiles(p) {
		path := uploadPath(p, file)
		if _, err := os.Stat(path); err != nil {
			missing = append(missing, path)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	where := p.Source.Dir
	if where == "" {
		where = "."
	}
	return fmt.Errorf("the plan uploads %s, which %s not found from this directory; a plan names files relative to the directory plan ran in (it read the repository at %q from there): run apply from that directory; nothing was applied",
		strings.Join(missing, ", "), plural(len(missing), "is", "are"), where)
}
