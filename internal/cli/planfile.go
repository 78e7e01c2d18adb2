package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// A saved plan is untrusted input: in CI it travels as an artifact from a
// pull-request job, where anyone who can push to the pull request could
// edit it. Apply therefore checks it all before the first request:
// its structure (plan.Check), where its Upload files really are
// (checkUploads), where the key would go (openPlanTarget: the plan never
// chooses a host), which account answers (checkPlanAccount) and which
// commit is checked out (checkPlanCommit).

// readPlanFile reads a plan saved by plan --out and checks its structure
// (plan.Check, with the secret-variable rules of checkSecretEnv).
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
	if err := plan.Check(p, plan.CheckOptions{SecretEnv: checkSecretEnv}); err != nil {
		// One problem per line, each sanitised when printed: the plan's
		// names are the editor's to choose.
		return nil, &linesError{lines: strings.Split(path+": "+err.Error(), "\n")}
	}
	return p, nil
}

// openPlanTarget connects to the account a saved plan was made against,
// and refuses to apply it anywhere else. The plan's base URL is only a
// hint when it is one of IT Glue's own regions: any other host must be
// named by ITGLUE_BASE_URL or --base-url, so that an edited plan cannot
// send the key to a host of its choosing.
func openPlanTarget(d *deps, opts *applyOptions, p *plan.Plan) (*target, error) {
	switch {
	case p.Target.Sandbox && !opts.target.sandbox:
		return nil, fmt.Errorf("this plan was made against the built-in sandbox: apply it with --sandbox (a fresh demo account), or make a new plan against IT Glue")
	case !p.Target.Sandbox && opts.target.sandbox:
		return nil, fmt.Errorf("this plan was made against %q, not the built-in sandbox: drop --sandbox", p.Target.BaseURL)
	}
	hint := &spec.RepoConfig{}
	if isRegionURL(p.Target.BaseURL) {
		hint.BaseURL = p.Target.BaseURL
	}
	t, err := openTarget(d, &opts.target, hint)
	if err != nil {
		return nil, err
	}
	if !p.Target.Sandbox && strings.TrimRight(t.baseURL, "/") != strings.TrimRight(p.Target.BaseURL, "/") {
		t.Close()
		more := ""
		if !isRegionURL(p.Target.BaseURL) {
			more = " (a saved plan never chooses where the API key is sent: name that API root yourself if you trust it)"
		}
		return nil, fmt.Errorf("this plan was made against %q, but this run would apply it to %s: check ITGLUE_REGION, ITGLUE_BASE_URL, --region and --base-url%s; nothing was applied",
			p.Target.BaseURL, t.baseURL, more)
	}
	return t, nil
}

// isRegionURL reports whether u is the API root of one of IT Glue's regions.
func isRegionURL(u string) bool {
	for _, r := range client.Regions() {
		if ru, err := client.RegionURL(r); err == nil && strings.TrimRight(u, "/") == ru {
			return true
		}
	}
	return false
}

// accountBase is the base URL AccountID hashes: the sandbox answers at a
// new port every run, so every sandbox counts as one place.
func accountBase(t *target) string {
	if t.sandbox != nil {
		return "sandbox"
	}
	return t.baseURL
}

// accountOf reads the fingerprint of the account t opens (plan.AccountID):
// two small lists, read before anything is written.
func accountOf(ctx context.Context, t *target) (string, error) {
	types, err := t.client.OrganizationTypes.List(ctx)
	if err != nil {
		return "", fmt.Errorf("reading the account's organization types to check it is the plan's account: %w", err)
	}
	statuses, err := t.client.OrganizationStatuses.List(ctx)
	if err != nil {
		return "", fmt.Errorf("reading the account's organization statuses to check it is the plan's account: %w", err)
	}
	return plan.AccountID(accountBase(t), recordIDs(types), recordIDs(statuses)), nil
}

func recordIDs(rs []client.NamedRecord) []int64 {
	ids := make([]int64, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}

// checkPlanAccount refuses a saved plan made against another account than
// the one this run's key opens: IT Glue answers every account at the same
// URL, so the URL alone does not say where creates would land.
func checkPlanAccount(ctx context.Context, t *target, p *plan.Plan) error {
	if p.Target.Account == "" {
		return fmt.Errorf("this plan does not record which account it was made against (format %s; glue-sync records it since 1.4): make a new plan with glue-sync plan --out FILE; nothing was applied",
			p.FormatVersion)
	}
	got, err := accountOf(ctx, t)
	if err != nil {
		return err
	}
	if got != p.Target.Account {
		return fmt.Errorf("this plan was made against another account than the one this API key opens at %s (or an organization type or status was added or removed there since): check ITGLUE_API_KEY, or make a new plan with this key; nothing was applied",
			t.baseURL)
	}
	return nil
}

// checkPlanCommit compares the commit a saved plan was made from with the
// one checked out where the plan's repository is now. Apply sends the
// plan as it was saved, whatever is checked out, but reads Upload files
// from the work tree; after a merge the commit differs as a matter of
// course, so a difference is a note on stderr, and an error only with
// --require-same-commit (or when that flag is given and either commit is
// unknown).
func checkPlanCommit(d *deps, opts *applyOptions, p *plan.Plan) error {
	dir := p.Source.Dir
	if dir == "" {
		dir = "."
	}
	head := ""
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		head = gitCommit(d, dir)
	}
	switch {
	case head == p.Source.Commit && head != "":
		return nil
	case opts.sameCommit && p.Source.Commit == "":
		return fmt.Errorf("--require-same-commit: the plan records no commit (it was not made in a git work tree); nothing was applied")
	case opts.sameCommit && head == "":
		return fmt.Errorf("--require-same-commit: %q, the plan's repository folder, is not in a git work tree here; run apply from where plan ran; nothing was applied", dir)
	case opts.sameCommit:
		return fmt.Errorf("--require-same-commit: the plan was made from commit %s, but %q is at %s: check out %s, or make a new plan; nothing was applied",
			shortHash(p.Source.Commit), dir, shortHash(head), shortHash(p.Source.Commit))
	case head != "" && p.Source.Commit != "":
		fmt.Fprintf(d.io.ErrOut, "note: the plan was made from commit %s; %q is at %s now. apply sends the plan as it was saved and reads its Upload files from the work tree (--require-same-commit refuses this)\n",
			shortHash(p.Source.Commit), dir, shortHash(head))
	}
	return nil
}

// checkUploads makes sure every Upload file a saved plan sends can be read
// from here and is what a repository would send, before anything is
// written: a plan names them relative to the directory plan ran in, and an
// apply that found out half-way would leave the account half-changed.
// plan.Check has refused absolute paths, ".." and hidden folders; this
// checks what needs the disk: the repository folder must be inside the
// current directory or hold a glue-sync.yaml, every file must be a
// regular file, and no symbolic link may lead out of the repository.
func checkUploads(p *plan.Plan) error {
	files := uploadFiles(p)
	if len(files) == 0 {
		return nil
	}
	where := p.Source.Dir
	if where == "" {
		where = "."
	}
	missingAll := func() error {
		paths := make([]string, len(files))
		for i, f := range files {
			paths[i] = uploadPath(p, f)
		}
		return uploadsMissing(paths, where)
	}
	root, err := filepath.EvalSymlinks(where)
	if errors.Is(err, fs.ErrNotExist) {
		return missingAll()
	}
	if err == nil {
		root, err = filepath.Abs(root)
	}
	if err != nil {
		return fmt.Errorf("the plan uploads files from the repository at %q: %w; nothing was applied", where, err)
	}
	if !repoFolderTrusted(root) {
		return fmt.Errorf("the plan uploads files from %q, which is neither inside the current directory nor a glue-sync repository (no %s there): run apply from the repository or a folder above it; nothing was applied",
			where, spec.ConfigFile)
	}
	var missing []string
	for _, file := range files {
		path := filepath.Join(root, filepath.FromSlash(file))
		real, err := filepath.EvalSymlinks(path)
		if errors.Is(err, fs.ErrNotExist) {
			missing = append(missing, uploadPath(p, file))
			continue
		}
		if err != nil {
			return fmt.Errorf("the plan uploads %s: %w; nothing was applied", uploadPath(p, file), err)
		}
		if !within(root, real) {
			return fmt.Errorf("the plan uploads %s, a symbolic link leading outside the repository (to %s): copy the file into the repository; nothing was applied", uploadPath(p, file), real)
		}
		fi, err := os.Stat(real)
		if err != nil {
			return fmt.Errorf("the plan uploads %s: %w; nothing was applied", uploadPath(p, file), err)
		}
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("the plan uploads %s, which is not a regular file (%s): an Upload must be a file; nothing was applied", uploadPath(p, file), fi.Mode().Type())
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return uploadsMissing(missing, where)
}

// uploadsMissing is the error for Upload files not found from here.
func uploadsMissing(missing []string, where string) error {
	return fmt.Errorf("the plan uploads %s, which %s not found from this directory; a plan names files relative to the directory plan ran in (it read the repository at %q from there): run apply from that directory; nothing was applied",
		strings.Join(missing, ", "), plural(len(missing), "is", "are"), where)
}

// repoFolderTrusted reports whether Upload files may be read below root
// (absolute, symbolic links resolved): it is the current directory or
// inside it, or it holds a glue-sync.yaml (or .yml) file.
func repoFolderTrusted(root string) bool {
	if wd, err := os.Getwd(); err == nil {
		if wd, err = filepath.EvalSymlinks(wd); err == nil && within(wd, root) {
			return true
		}
	}
	for _, name := range []string{spec.ConfigFile, spec.ConfigFileAlt} {
		if fi, err := os.Lstat(filepath.Join(root, name)); err == nil && fi.Mode().IsRegular() {
			return true
		}
	}
	return false
}

// within reports whether path is dir or below it; both absolute and clean.
func within(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
