// Package gittest builds git repositories for tests: a work tree in a
// temporary folder, committed with go-git at fixed times so that hashes
// are the same on every run. The tests of gitsrc and cli use it (cli's own
// tests too, which cannot import internal/clitest).
package gittest
