// Package runlock keeps two glue-sync applies on one machine from running
// against the same account and repository at once: a lock file per key
// under a directory (the user cache directory), held with flock(2) for as
// long as the apply runs. The kernel drops the lock when the process
// exits, however it exits, so a killed apply never leaves a stale lock.
//
// Its reach is one machine (and one user cache directory): two CI runners,
// or two users, are not serialised by it. See docs/apply.md for what else
// keeps concurrent applies from leaving duplicates.
package runlock
