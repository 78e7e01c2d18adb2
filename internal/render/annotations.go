package render

import (
	"fmt"
	"io"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// Annotations writes each diagnostic as a GitHub Actions workflow command
// ("::error file=F,line=L,col=C::message", "::warning ..."), so that the
// pull request shows it on the file. Control characters are made visible
// and the command's special characters escaped, so no text from the
// repository or the API can end the command or start another.
func Annotations(w io.Writer, diags []plan.Diagnostic) error {
	for _, g := range sortedDiagnostics(diags) {
		level := "warning"
		if g.Severity == plan.SeverityError {
			level = "error"
		}
		props := ""
		if g.Pos.File != "" {
			props = " file=" + ghProp(g.Pos.File)
			if g.Pos.Line > 0 {
				props += fmt.Sprintf(",line=%d", g.Pos.Line)
				if g.Pos.Col > 0 {
					props += fmt.Sprintf(",col=%d", g.Pos.Col)
				}
			}
		}
		msg := g.Message
		if g.Hint != "" {
			msg += " (" + g.Hint + ")"
		}
		if _, err := fmt.Fprintf(w, "::%s%s::%s\n", level, props, ghData(msg)); err != nil {
			return fmt.Errorf("writing annotations: %w", err)
		}
	}
	return nil
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(sanitizeLine(s))
}

// ghProp escapes a workflow command's property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(sanitizeLine(s))
}
