// Package action tests the glue-sync GitHub Action at the repository root:
// action.yml's metadata (inputs, outputs, no ${{ }} expansion inside shell
// code), the scripts in action/ that hold all of its shell logic (run
// against a fake glue-sync that records its arguments and environment, and
// a fake release server), and the workflow templates that use it.
//
// It has no code of its own; everything is in its tests.
package action
