// Package safefile opens the files glue-sync reads from paths that a
// repository, a plan file, a flag or the environment names: repository
// YAML files, Upload files, the API key file and the sandbox's seed and
// data files. It owns two rules:
//
//   - only regular files are read (symbolic links are followed): a named
//     pipe would block the read forever, ignoring Ctrl-C, and a device such
//     as /dev/zero never ends. The file is opened without blocking
//     (O_NONBLOCK) and checked again once open, so a file swapped for a pipe
//     between the check and the open cannot block either;
//   - reads are bounded: a file larger than its caller's limit is an error,
//     never a slow read into memory.
package safefile
