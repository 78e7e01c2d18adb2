//go:build !unix

package safefile

// nonBlock is 0 where open cannot block on a special file the way a Unix
// named pipe does.
const nonBlock = 0
