//go:build unix

package ratebudget

import "syscall"

// openFlags keep the state file's open from following a symbolic link put
// at its path, or waiting on a named pipe.
const openFlags = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
