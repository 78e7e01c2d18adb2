package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlanOutSuggestsWorkingApply: the command plan --out prints to apply
// the saved plan must work as printed, so a sandbox plan's carries --sandbox.
func TestPlanOutSuggestsWorkingApply(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "plan.json")
	ios, _, _, errOut := TestStreams()
	if code := Main(context.Background(), []string{"plan", "--sandbox", "--out", out, "../../examples/repo"}, func(string) string { return "" }, ios); code != ExitOK {
		t.Fatalf("plan exit code = %d; stderr:\n%s", code, errOut)
	}
	want := "apply it with: glue-sync apply --sandbox " + out + "\n"
	if !strings.Contains(errOut.String(), want) {
		t.Fatalf("stderr does not suggest %q:\n%s", want, errOut)
	}
	ios, _, _, errOut = TestStreams()
	args := append(strings.Fields(strings.TrimPrefix(strings.TrimSpace(want), "apply it with: glue-sync ")), "--auto-approve")
	if code := Main(context.Background(), args, func(string) string { return "" }, ios); code != ExitOK {
		t.Errorf("%v: exit code = %d; want 0; stderr:\n%s", args, code, errOut)
	}
}
