package spec

import "runtime"

// memStats returns the total bytes allocated so far.
func memStats() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}
