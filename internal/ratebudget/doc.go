// Package ratebudget shares one request budget between the glue-sync
// processes of one machine that talk to the same IT Glue account.
//
// IT Glue's rate limit is per account (3,000 requests per 300 s), not per
// process: two glue-sync processes that each keep to the full budget
// would together send twice as much and meet 429s. A Bucket is a token
// bucket whose state (tokens left, and when they were counted) lives in a
// small file under a directory (by default glue-sync/budget under the
// user cache directory), one file per account: its name is a hash of the
// base URL and the API key, never the key. Every request reserves a token
// under an exclusive file lock (flock(2), the primitive internal/runlock
// uses), held for a read and a write of a few dozen bytes; a process
// killed while holding it loses the lock with its life.
//
// The file is created 0600 in a 0700 folder, never grows past one line,
// and is read with a bound: a file that does not parse is taken as a full
// bucket (the state of a first run). It is never opened through a
// symbolic link, and anything at its path but a regular file is an
// error. State files (names File makes, nothing else in the folder)
// untouched for a day are removed. A lock that cannot be had within LockWait is an error, never a
// wait without end; callers then fall back to their own budget.
//
// Its reach is one machine and one cache folder: processes on different
// machines (a developer's plan and a CI apply) do not see each other's
// bucket, and meet the API's 429s, which the client waits out. Where the
// system has no file locks (Supported is false), New fails and each
// process keeps its own budget.
package ratebudget
