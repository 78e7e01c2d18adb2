package e2e

import (
	"encoding/json"
	"github.com/glue-sync/glue-sync/internal/sandbox"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glue-sync/glue-sync/internal/apply"
	"github.com/glue-sync/glue-sync/internal/cli"
	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/clitest"
)

// applyJSON decodes apply --format json's stdout, failing the test unless
// stdout is exactly one JSON report of the current version.
func applyJSON(t *testing.T, r clitest.Result) *apply.JSONReport {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(r.Stdout))
	dec.DisallowUnknownFields()
	var rep apply.JSONReport
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("apply --format json: stdout is not a JSON report: %v\n%s", err, r)
	}
	if dec.More() {
		t.Fatalf("apply --format json: stdout holds more than the report:\n%s", r)
	}
	if rep.FormatVersion != apply.ReportFormatVersion {
		t.Errorf("report format_version = %q; want %q", rep.FormatVersion, apply.ReportFormatVersion)
	}
	return &rep
}

// statuses maps each reported change id to "status: message".
func statuses(rep *apply.JSONReport) map[string]string {
	m := map[string]string{}
	for _, c := range rep.Changes {
		m[c.ID] = string(c.Status) + ": " + c.Message
	}
	return m
}

// TestApplyJSONReport: apply --format json prints the plan on stderr and,
// on stdout, only a versioned report of every change with its status and
// error, with the same exit codes as the text report.
//
// Each subtest runs on one account: refusals first, then the apply whose
// counts prove the refusals wrote nothing. The report is the command
// line's rendering of the outcome; the outcomes themselves (applied,
// stale, refused for a variable) are asserted in both profiles by
// TestApplyThenPlanIsEmpty, TestStalePlanFileRefusesChangedObjects and
// TestMissingSecret: one profile here, the pessimistic one.
func TestApplyJSONReport(t *testing.T) {
	t.Parallel()
	inPessimistic(t, func(t *testing.T, prof sandbox.Profile) {
		t.Run("refused, applied, then nothing to do", func(t *testing.T) {
			a := demoAccount(t, prof, "")
			cfg := clitest.ReadFile(t, filepath.Join(clitest.ExampleRepo, "glue-sync.yaml"))
			if !strings.Contains(cfg, "maxShare: 0.25") {
				t.Fatal("examples/repo/glue-sync.yaml changed shape: update this test's edit")
			}
			dir := clitest.CopyDir(t, clitest.ExampleRepo, map[string]string{"glue-sync.yaml": strings.Replace(cfg, "maxShare: 0.25", "maxShare: 0.01", 1)})
			for _, tc := range []struct {
				name, dir string
				args      []string
				wantCode  int
				outcome   string
				errorHas  string
				wantDiags bool
			}{
				{"not confirmed", clitest.ExampleRepo, nil, cli.ExitError, apply.OutcomeRefused, "--auto-approve", false},
				{"plan errors", dir, []string{"--auto-approve"}, cli.ExitError, apply.OutcomeRefused, "the plan has errors", true},
			} {
				r := a.run(t, nil, append(append([]string{"apply", "--format", "json"}, tc.args...), tc.dir)...)
				rep := applyJSON(t, r)
				if r.Code != tc.wantCode || rep.Outcome != tc.outcome || !strings.Contains(rep.Error, tc.errorHas) {
					t.Errorf("%s: exit %d, outcome %q, error %q; want exit %d, %q, an error mentioning %q",
						tc.name, r.Code, rep.Outcome, rep.Error, tc.wantCode, tc.outcome, tc.errorHas)
				}
				if rep.Counts.NotAttempted != len(rep.Changes) || len(rep.Changes) == 0 || rep.Counts.Applied != 0 {
					t.Errorf("%s: counts %+v for %d changes; want every change not attempted", tc.name, rep.Counts, len(rep.Changes))
				}
				if got := len(rep.Diagnostics) > 0; got != tc.wantDiags {
					t.Errorf("%s: diagnostics %+v; want some: %v", tc.name, rep.Diagnostics, tc.wantDiags)
				}
			}

			// All 25 changes of the demo plan are still to do: the refused
			// applies changed nothing.
			r := a.run(t, nil, "apply", "--auto-approve", "--format", "json", clitest.ExampleRepo)
			if r.Code != cli.ExitOK {
				t.Fatalf("apply --format json: %s", r)
			}
			rep := applyJSON(t, r)
			if rep.Outcome != apply.OutcomeApplied || rep.Counts.Applied != 25 || rep.Counts.Unchanged != 7 || len(rep.Changes) != 25 {
				t.Errorf("report = outcome %q, counts %+v, %d changes; want applied, 25 applied, 7 unchanged", rep.Outcome, rep.Counts, len(rep.Changes))
			}
			for _, c := range rep.Changes {
				if c.Status != apply.Applied || c.Name == "" || c.LiveID == 0 {
					t.Errorf("change %s: status %q, name %q, live id %d; want applied with a name and an id", c.ID, c.Status, c.Name, c.LiveID)
				}
			}
			if rep.Source.Dir != clitest.ExampleRepo || rep.Target.BaseURL != a.URL {
				t.Errorf("report source %+v, target %+v; want the repository and the account", rep.Source, rep.Target)
			}
			if !strings.Contains(r.Stderr, "Plan: 11 to create, 13 to update, 1 to delete.") {
				t.Errorf("the plan is not on stderr:\n%s", r.Stderr)
			}
			r = a.run(t, nil, "apply", "--auto-approve", "--format", "json", clitest.ExampleRepo)
			if rep := applyJSON(t, r); r.Code != cli.ExitOK || rep.Outcome != apply.OutcomeNothingToDo || len(rep.Changes) != 0 {
				t.Errorf("second apply: exit %d, outcome %q, %d changes; want 0, %q, none", r.Code, rep.Outcome, len(rep.Changes), apply.OutcomeNothingToDo)
			}
		})
		t.Run("refused for a variable, then stale", func(t *testing.T) {
			a := demoAccount(t, prof, "")
			file := filepath.Join(t.TempDir(), "plan.json")
			if r := a.run(t, nil, "plan", "--out", file, clitest.ExampleRepo); r.Code != cli.ExitOK {
				t.Fatalf("plan --out: %s", r)
			}
			r := a.run(t, map[string]string{"CONTOSO_ERP_SVC_PASSWORD": ""}, "apply", "--auto-approve", "--format", "json", file)
			rep := applyJSON(t, r)
			// A missing variable is found before the first write: nothing is
			// applied, and the report says which variable.
			if r.Code != cli.ExitError || rep.Outcome != apply.OutcomeRefused || rep.Counts.Applied != 0 ||
				!strings.Contains(rep.Error, "CONTOSO_ERP_SVC_PASSWORD is not set") {
				t.Errorf("apply without a secret: exit %d, outcome %q, counts %+v, error %q; want exit 1, refused, nothing applied, the variable named",
					r.Code, rep.Outcome, rep.Counts, rep.Error)
			}

			nw := a.org(t, "Northwind Traders")
			hand := "edited after the plan"
			if _, err := a.api.Organizations.Update(t.Context(), nw.ID, client.OrganizationWrite{Alert: &hand}); err != nil {
				t.Fatal(err)
			}
			r = a.run(t, nil, "apply", "--auto-approve", "--format", "json", file)
			rep = applyJSON(t, r)
			if r.Code != cli.ExitStale || rep.Outcome != apply.OutcomeStale || rep.Counts.Stale != 1 || rep.Counts.Applied != 24 {
				t.Errorf("stale apply: exit %d, outcome %q, counts %+v; want exit 3, stale, 1 stale and 24 applied", r.Code, rep.Outcome, rep.Counts)
			}
			if got := statuses(rep)["organization/Northwind Traders"]; !strings.HasPrefix(got, "stale: the live object changed") {
				t.Errorf("Northwind Traders = %q; want stale, saying why", got)
			}
		})
	})
}
