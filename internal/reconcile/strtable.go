package reconcile

import (
	"strconv"
	"strings"

	"github.com/glue-sync/glue-sync/internal/spec"
)

// strTable builds many small strings that live as long as the plan (the
// change ids and sources of assets, one of each per asset) in shared
// chunks instead of one allocation each. A string it returns is a slice of
// its current chunk: strings.Builder only ever appends, so no later write
// changes the bytes of a string already returned.
type strTable struct {
	b    strings.Builder
	next int // the size of the next chunk
}

// strChunkMin and strChunkMax bound a chunk's size: small plans start
// small, large ones do not allocate a chunk per few strings.
const strChunkMin, strChunkMax = 512, 64 << 10

// room makes sure the current chunk has n more bytes free, starting a new
// chunk when it has not, and returns where the next string starts.
func (t *strTable) room(n int) int {
	if t.b.Cap()-t.b.Len() >= n {
		return t.b.Len()
	}
	t.next = min(max(2*t.next, strChunkMin), strChunkMax)
	t.b.Reset()
	t.b.Grow(max(n, t.next))
	return 0
}

// since returns the string written since start (see room).
func (t *strTable) since(start int) string { return t.b.String()[start:] }

// join returns the concatenation of parts.
func (t *strTable) join(parts ...string) string {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	start := t.room(n)
	for _, p := range parts {
		t.b.WriteString(p)
	}
	return t.since(start)
}

// pos returns p as p.String() renders it (file:line:col, or just file
// when Line is 0).
func (t *strTable) pos(p spec.Pos) string {
	if p.Line == 0 {
		return p.File
	}
	var num [20]byte
	line := strconv.AppendInt(num[:0], int64(p.Line), 10)
	nl := len(line)
	col := strconv.AppendInt(num[nl:nl], int64(p.Col), 10)
	start := t.room(len(p.File) + 2 + nl + len(col))
	t.b.WriteString(p.File)
	t.b.WriteByte(':')
	t.b.Write(line)
	t.b.WriteByte(':')
	t.b.Write(col)
	return t.since(start)
}
