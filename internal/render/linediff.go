package render

import "strconv"

// lineOp is one line of a line diff: ' ' kept, '-' removed, '+' added, and
// '…' for a marker that stands for n lines not shown (text says which).
type lineOp struct {
	op   rune
	text string
	n    int
}

// maxDiffCells bounds the LCS table; bigger values fall back to "all old
// lines removed, all new lines added", which is still correct.
const maxDiffCells = 250_000

// diffLines computes a line diff of a into b (longest common subsequence).
func diffLines(a, b []string) []lineOp {
	if len(a)*len(b) > maxDiffCells {
		out := make([]lineOp, 0, len(a)+len(b))
		for _, l := range a {
			out = append(out, lineOp{op: '-', text: l})
		}
		for _, l := range b {
			out = append(out, lineOp{op: '+', text: l})
		}
		return out
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	w := len(b) + 1
	lcs := make([]int32, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	out := make([]lineOp, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, lineOp{op: ' ', text: a[i]})
			i++
			j++
		case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			out = append(out, lineOp{op: '-', text: a[i]})
			i++
		default:
			out = append(out, lineOp{op: '+', text: b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		out = append(out, lineOp{op: '-', text: a[i]})
	}
	for ; j < len(b); j++ {
		out = append(out, lineOp{op: '+', text: b[j]})
	}
	return out
}

// diffContext is how many unchanged lines are kept around a change.
const diffContext = 2

// collapse replaces long runs of unchanged lines by one marker line and
// caps the result at maxLines lines (then "… N more lines").
func collapse(ops []lineOp, maxLines int) []lineOp {
	out := make([]lineOp, 0, len(ops))
	for i := 0; i < len(ops); {
		if ops[i].op != ' ' {
			out = append(out, ops[i])
			i++
			continue
		}
		j := i
		for j < len(ops) && ops[j].op == ' ' {
			j++
		}
		keepHead, keepTail := diffContext, diffContext
		if i == 0 {
			keepHead = 0
		}
		if j == len(ops) {
			keepTail = 0
		}
		if run := j - i; run > keepHead+keepTail+1 {
			out = append(out, ops[i:i+keepHead]...)
			n := run - keepHead - keepTail
			out = append(out, lineOp{'…', strconv.Itoa(n) + " unchanged lines", n})
			out = append(out, ops[j-keepTail:j]...)
		} else {
			out = append(out, ops[i:j]...)
		}
		i = j
	}
	if maxLines > 0 && len(out) > maxLines {
		rest := 0
		for _, o := range out[maxLines-1:] {
			if o.op == '…' {
				rest += o.n
			} else {
				rest++
			}
		}
		out = append(out[:maxLines-1:maxLines-1], lineOp{'…', strconv.Itoa(rest) + " more lines not shown", rest})
	}
	return out
}
