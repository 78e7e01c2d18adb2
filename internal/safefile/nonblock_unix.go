//go:build unix

package safefile

import "syscall"

// nonBlock keeps open(2) of a named pipe from waiting for a writer.
const nonBlock = syscall.O_NONBLOCK
