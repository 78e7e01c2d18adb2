package render

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/glue-sync/glue-sync/internal/plan"
)

// sortedUnmanaged returns the unmanaged objects by kind (plan order) and
// address, without changing the plan.
func sortedUnmanaged(us []plan.Unmanaged) []plan.Unmanaged {
	out := slices.Clone(us)
	slices.SortStableFunc(out, func(a, b plan.Unmanaged) int {
		return cmp.Or(
			cmp.Compare(kindRank(a.Kind), kindRank(b.Kind)),
			cmp.Compare(a.Kind, b.Kind),
			cmp.Compare(a.Address, b.Address),
			cmp.Compare(a.LiveID, b.LiveID))
	})
	return out
}

func kindRank(k plan.Kind) int {
	switch k {
	case plan.KindAssetType:
		return 0
	case plan.KindField:
		return 1
	case plan.KindOrganization:
		return 2
	case plan.KindAsset:
		return 3
	}
	return 4
}

// unmanagedCounts summarises unmanaged objects as "2 organizations, 1
// flexible asset", in kind order.
func unmanagedCounts(us []plan.Unmanaged) string {
	var parts []string
	for i := 0; i < len(us); {
		j := i
		for j < len(us) && kindRank(us[j].Kind) == kindRank(us[i].Kind) {
			j++
		}
		parts = append(parts, strconv.Itoa(j-i)+" "+kindNoun(us[i].Kind, j-i))
		i = j
	}
	return strings.Join(parts, ", ")
}

// sortedDiagnostics returns errors before warnings, each by source position
// (file, then line and column as numbers) and message.
func sortedDiagnostics(ds []plan.Diagnostic) []plan.Diagnostic {
	out := slices.Clone(ds)
	slices.SortStableFunc(out, func(a, b plan.Diagnostic) int {
		fa, la, ca := splitSource(a.Source())
		fb, lb, cb := splitSource(b.Source())
		return cmp.Or(
			cmp.Compare(sevRank(a.Severity), sevRank(b.Severity)),
			cmp.Compare(fa, fb), cmp.Compare(la, lb), cmp.Compare(ca, cb),
			cmp.Compare(a.Message, b.Message))
	})
	return out
}

func sevRank(s plan.Severity) int {
	if s == plan.SeverityError {
		return 0
	}
	return 1
}

// splitSource splits "file:line:col" or "file:line"; a source without
// numbers sorts by its text alone.
func splitSource(s string) (file string, line, col int) {
	file = s
	var nums []int
	for len(nums) < 2 {
		i := strings.LastIndexByte(file, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(file[i+1:])
		if err != nil {
			break
		}
		nums = append(nums, n)
		file = file[:i]
	}
	switch len(nums) {
	case 2:
		return file, nums[1], nums[0]
	case 1:
		return file, nums[0], 0
	}
	return file, 0, 0
}

// countErrors counts error and warning diagnostics.
func countErrors(ds []plan.Diagnostic) (errs, warns int) {
	for _, d := range ds {
		if d.Severity == plan.SeverityError {
			errs++
		} else {
			warns++
		}
	}
	return errs, warns
}
