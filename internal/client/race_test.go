//go:build race

package client

// raceEnabled: this test binary was built with -race, where every memory
// access is checked and a decode costs several times what it costs
// without; randomised tests run fewer rounds (the fuzz targets go deep).
const raceEnabled = true
