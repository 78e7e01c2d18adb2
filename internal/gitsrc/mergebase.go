package gitsrc

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-git/go-git/v5/plumbing"
)

// MergeBase resolves base and head and returns their best common
// ancestor: the commit a pull request from head into base started from.
// When there are several (criss-cross merges) it returns the first go-git
// finds. A shallow clone usually lacks it: the error then says to fetch
// the full history.
func (r *Repo) MergeBase(ctx context.Context, base, head string) (*Commit, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	bc, err := r.resolveLocked(base)
	if err != nil {
		return nil, err
	}
	hc, err := r.resolveLocked(head)
	if err != nil {
		return nil, err
	}
	found, err := hc.MergeBase(bc)
	shallow := r.isShallow()
	switch {
	case err != nil && shallow:
		return nil, fmt.Errorf("finding the merge base of %s and %s: history is missing (%v); %s", base, head, err, shallowHint)
	case errors.Is(err, plumbing.ErrObjectNotFound):
		return nil, fmt.Errorf("finding the merge base of %s and %s: %w (fetch both: git fetch origin)", base, head, err)
	case err != nil:
		return nil, fmt.Errorf("finding the merge base of %s and %s: %w", base, head, err)
	case len(found) == 0 && shallow:
		return nil, fmt.Errorf("%s and %s have no common commit in this clone; %s", base, head, shallowHint)
	case len(found) == 0:
		return nil, fmt.Errorf("%s and %s have no common history: compare branches that share a commit", base, head)
	}
	return r.commit(found[0], found[0].Hash.String())
}
