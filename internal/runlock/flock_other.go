//go:build !unix

package runlock

import "os"

// Supported reports whether Acquire really locks on this system.
const Supported = false

func tryLock(*os.File) (bool, error) { return false, errUnsupported }

func unlock(*os.File) error { return nil }
