// Package action tests the glue-sync GitHub Action at the repository root:
// action.yml's metadata (inputs, outputs, no ${{ }} expansion inside shell
// code), the scripts in action/ that hold all of its shell logic (run
// against a fake glue-sync that records its arguments and environment, and
// a fake release server), and the workflow templates that use it.
//
// The tests that need the real glue-sync build it once from this checkout
// with action/install.sh (skipped with -short); GLUE_SYNC_ACTION_TEST_BINDIR
// names a folder holding another glue-sync build to run them against.
//
// It has no code of its own; everything is in its tests.
package action
