//go:build !race

package client

// raceEnabled: this test binary was built without -race.
const raceEnabled = false
