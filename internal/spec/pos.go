package spec

import "github.com/glue-sync/glue-sync/internal/diag"

// Pos is a position in a source file (diag.Pos). Line and Col are
// 1-based; a zero Line means the position refers to the whole file.
type Pos = diag.Pos
