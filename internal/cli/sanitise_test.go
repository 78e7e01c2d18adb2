package cli_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/clitest"
)

// TestErrorsAreSanitised checks that an error naming a hostile path cannot
// print a raw escape sequence or start a line of its own.
func TestErrorsAreSanitised(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "x\n::error file=forged::\x1b[2J")
	code, _, errOut := clitest.Run(t, nil, "plan", "--sandbox", dir).Outputs()
	if code != cli.ExitError {
		t.Errorf("exit %d; want 1", code)
	}
	for _, line := range strings.Split(errOut, "\n") {
		if strings.HasPrefix(line, "::") || strings.Contains(line, "\x1b") {
			t.Errorf("stderr line %q is raw; stderr:\n%s", line, errOut)
		}
	}
	if !strings.Contains(errOut, `x\n::error file=forged::\x1b[2J`) {
		t.Errorf("stderr = %q; want the path shown escaped", errOut)
	}
}
