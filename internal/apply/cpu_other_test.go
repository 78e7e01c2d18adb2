//go:build !unix

package apply

import "time"

// processCPU is unknown on this platform.
func processCPU() time.Duration { return -1 }
