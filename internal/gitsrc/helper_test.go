package gitsrc_test

import (
	"testing"

	"github.com/glue-sync/glue-sync/internal/gitsrc/gittest"
)

// testRepo is a git repository in a temporary folder (gittest.Repo),
// with the object-level helpers of plumbing_test.go.
type testRepo struct{ *gittest.Repo }

func newTestRepo(t testing.TB) *testRepo { return &testRepo{gittest.New(t)} }
